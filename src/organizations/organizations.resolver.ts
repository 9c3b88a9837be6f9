import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '../auth/actor';
import { AnyRole, CurrentActor, Roles } from '../auth/decorators';
import { Role } from '../auth/role.enum';
import { CreateDepartmentInput } from './dto/create-department.input';
import { DepartmentModel, OrganizationModel } from './organization.model';
import { OrganizationsService } from './organizations.service';

@Resolver()
export class OrganizationsResolver {
  constructor(private readonly organizations: OrganizationsService) {}

  @Query(() => OrganizationModel)
  @AnyRole()
  async organization(@CurrentActor() actor: Actor): Promise<OrganizationModel> {
    const { id, code, name, timeZone } = await this.organizations.current(actor);
    return { id, code, name, timeZone };
  }

  @Query(() => [DepartmentModel])
  @AnyRole()
  async departments(@CurrentActor() actor: Actor): Promise<DepartmentModel[]> {
    const departments = await this.organizations.departments(actor);
    return departments.map(({ id, name }) => ({ id, name }));
  }

  @Mutation(() => DepartmentModel)
  @Roles(Role.ADMIN)
  async createDepartment(@CurrentActor() actor: Actor, @Args('input') input: CreateDepartmentInput): Promise<DepartmentModel> {
    const { id, name } = await this.organizations.createDepartment(actor, input.name);
    return { id, name };
  }
}
