import { Args, Context as GraphQLContext, Mutation, Resolver } from '@nestjs/graphql';
import { Context } from '../common/context';
import { UserModel, AuthPayload } from '../users/user.model';
import { AuthService } from './auth.service';
import { AllowedBeforePasswordChange, AnyRole, CurrentContext, Public, RequestWithActor } from './decorators';
import { LoginInput } from './dto/login.input';

@Resolver()
export class AuthResolver {
  constructor(private readonly auth: AuthService) {}

  @Mutation(() => AuthPayload)
  @Public()
  async login(@Args('input') input: LoginInput, @GraphQLContext('req') request: RequestWithActor): Promise<AuthPayload> {
    const result = await this.auth.login(input.organizationCode, input.email, input.password);
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
}
