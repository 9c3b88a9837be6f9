import { Args, Context as GraphQLContext, ID, Mutation, Resolver } from '@nestjs/graphql';
import { Context } from '../common/context';
import { Role } from '../common/role';
import { ChangePasswordInput } from '../users/dto/user.inputs';
import { UserModel, AuthPayload } from '../users/user.model';
import { AuthService } from './auth.service';
import { AllowedBeforePasswordChange, AnyRole, CurrentContext, Public, RequestWithActor, Roles } from '../common/decorators';
import { LoginInput } from './dto/login.input';
import { UserPasswordsService } from './user-passwords.service';
import { normaliseAddress } from './sign-in-limits';

@Resolver()
export class AuthResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly passwords: UserPasswordsService,
  ) {}

  @Mutation(() => AuthPayload)
  @Public()
  async login(@Args('input') input: LoginInput, @GraphQLContext('req') request: RequestWithActor): Promise<AuthPayload> {
    const result = await this.auth.login(input.organizationCode, input.email, input.password, normaliseAddress(request.ip));
    // The payload is read by the user who just signed in: its fields (user.department) resolve in their context.
    request.actor = result.actor;
    return { accessToken: result.accessToken, expiresAt: result.expiresAt, user: UserModel.from(result.user) };
  }

  @Mutation(() => Boolean)
  @AnyRole()
  @AllowedBeforePasswordChange()
  logout(@CurrentContext() ctx: Context): Promise<boolean> {
    return this.auth.logout(ctx);
  }

  @Mutation(() => Boolean)
  @AnyRole()
  @AllowedBeforePasswordChange()
  changePassword(
    @CurrentContext() ctx: Context,
    @Args('input') input: ChangePasswordInput,
    @GraphQLContext('req') request: RequestWithActor,
  ): Promise<boolean> {
    return this.passwords.change(ctx, input, normaliseAddress(request.ip));
  }

  @Mutation(() => String, { description: 'ADMIN: returns a one-time password; the user must change it' })
  @Roles(Role.ADMIN)
  resetUserPassword(@CurrentContext() ctx: Context, @Args('id', { type: () => ID }) id: string): Promise<string> {
    return this.passwords.reset(ctx, id);
  }
}
