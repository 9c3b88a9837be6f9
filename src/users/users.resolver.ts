import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AllowedBeforePasswordChange, AnyRole, CurrentContext, Roles } from '../common/decorators';
import { Context } from '../common/context';
import { LoaderRegistry, Loaders } from '../common/loaders';
import { PageArgs, toConnection } from '../common/pagination';
import { Role } from '../common/role';
import { DepartmentLoader } from '../organizations/department.loader';
import { DepartmentModel } from '../organizations/organization.model';
import { CreateUserInput, UpdateUserInput } from './dto/user.inputs';
import { UserConnection, UserModel } from './user.model';
import { UsersService } from './users.service';

@Resolver(() => UserModel)
export class UsersResolver {
  constructor(
    private readonly service: UsersService,
    private readonly departments: DepartmentLoader,
  ) {}

  @Query(() => UserModel)
  @AnyRole()
  @AllowedBeforePasswordChange()
  async me(@CurrentContext() ctx: Context): Promise<UserModel> {
    return UserModel.from(await this.service.me(ctx));
  }

  @Query(() => UserConnection)
  @AnyRole()
  async users(@CurrentContext() ctx: Context, @Args() page: PageArgs): Promise<UserConnection> {
    return toConnection(await this.service.list(ctx, page.first, page.after), (user) => UserModel.from(user));
  }

  @Mutation(() => UserModel)
  @Roles(Role.ADMIN)
  async createUser(@CurrentContext() ctx: Context, @Args('input') input: CreateUserInput): Promise<UserModel> {
    return UserModel.from(await this.service.create(ctx, input));
  }

  @Mutation(() => UserModel)
  @Roles(Role.ADMIN)
  async updateUser(
    @CurrentContext() ctx: Context,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateUserInput,
  ): Promise<UserModel> {
    return UserModel.from(await this.service.update(ctx, id, input));
  }

  @ResolveField(() => DepartmentModel, { nullable: true })
  async department(
    @Parent() user: UserModel,
    @CurrentContext() ctx: Context,
    @Loaders() loaders: LoaderRegistry,
  ): Promise<DepartmentModel | null> {
    if (!user.departmentId) return null;
    const department = await this.departments.load(loaders, ctx, user.departmentId);
    return department ? { id: department.id, name: department.name } : null;
  }
}
