import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AnyRole, CurrentContext, Roles } from '../common/decorators';
import { Context } from '../common/context';
import { Role } from '../common/role';
import { CreateDepartmentInput } from './dto/create-department.input';
import { DepartmentModel, OrganizationModel } from './organization.model';
import { OrganizationsService } from './organizations.service';

@Resolver()
export class OrganizationsResolver {
  constructor(private readonly organizations: OrganizationsService) {}

  @Query(() => OrganizationModel)
  @AnyRole()
  async organization(@CurrentContext() ctx: Context): Promise<OrganizationModel> {
    const { id, code, name, timeZone } = await this.organizations.current(ctx);
    return { id, code, name, timeZone };
  }

  @Query(() => [DepartmentModel])
  @AnyRole()
  async departments(@CurrentContext() ctx: Context): Promise<DepartmentModel[]> {
    const departments = await this.organizations.departments(ctx);
    return departments.map(({ id, name }) => ({ id, name }));
  }

  @Mutation(() => DepartmentModel)
  @Roles(Role.ADMIN)
  async createDepartment(@CurrentContext() ctx: Context, @Args('input') input: CreateDepartmentInput): Promise<DepartmentModel> {
    const { id, name } = await this.organizations.createDepartment(ctx, input.name);
    return { id, name };
  }
}
