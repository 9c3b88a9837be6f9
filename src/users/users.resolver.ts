import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { Actor } from '../auth/actor';
import { AllowedBeforePasswordChange, AnyRole, CurrentActor, Roles } from '../auth/decorators';
import { Role } from '../auth/role.enum';
import { LoaderRegistry, Loaders } from '../common/loaders';
import { PageArgs, toConnection } from '../common/pagination';
import { DepartmentLoader } from '../organizations/department.loader';
import { DepartmentModel } from '../organizations/organization.model';
import { ChangePasswordInput, CreateUserInput, UpdateUserInput } from './dto/user.inputs';
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
  async me(@CurrentActor() actor: Actor): Promise<UserModel> {
    return UserModel.from(await this.service.me(actor));
  }

  @Query(() => UserConnection)
  @AnyRole()
  async users(@CurrentActor() actor: Actor, @Args() page: PageArgs): Promise<UserConnection> {
    return toConnection(await this.service.list(actor, page.first, page.after), (user) => UserModel.from(user));
  }

  @Mutation(() => UserModel)
  @Roles(Role.ADMIN)
  async createUser(@CurrentActor() actor: Actor, @Args('input') input: CreateUserInput): Promise<UserModel> {
    return UserModel.from(await this.service.create(actor, input));
  }

  @Mutation(() => UserModel)
  @Roles(Role.ADMIN)
  async updateUser(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateUserInput,
  ): Promise<UserModel> {
    return UserModel.from(await this.service.update(actor, id, input));
  }

  @Mutation(() => Boolean)
  @AnyRole()
  @AllowedBeforePasswordChange()
  changePassword(@CurrentActor() actor: Actor, @Args('input') input: ChangePasswordInput): Promise<boolean> {
    return this.service.changePassword(actor, input);
  }

  @Mutation(() => String, { description: 'ADMIN: returns a one-time password; the user must change it' })
  @Roles(Role.ADMIN)
  resetUserPassword(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string): Promise<string> {
    return this.service.resetPassword(actor, id);
  }

  @ResolveField(() => DepartmentModel, { nullable: true })
  async department(@Parent() user: UserModel, @Loaders() loaders: LoaderRegistry): Promise<DepartmentModel | null> {
    if (!user.departmentId) return null;
    // The parent was read within its organization; its own organization scopes the lookup (login has no actor yet).
    const department = await this.departments.load(loaders, user.organizationId, user.departmentId);
    return department ? { id: department.id, name: department.name } : null;
  }
}
