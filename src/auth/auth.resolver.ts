import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { UserModel, AuthPayload } from '../users/user.model';
import type { Actor } from './actor';
import { AuthService } from './auth.service';
import { AllowedBeforePasswordChange, AnyRole, CurrentActor, Public } from './decorators';
import { LoginInput } from './dto/login.input';

@Resolver()
export class AuthResolver {
  constructor(private readonly auth: AuthService) {}

  @Mutation(() => AuthPayload)
  @Public()
  async login(@Args('input') input: LoginInput): Promise<AuthPayload> {
    const result = await this.auth.login(input.organizationCode, input.email, input.password);
    return { accessToken: result.accessToken, expiresAt: result.expiresAt, user: UserModel.from(result.user) };
  }

  @Mutation(() => Boolean)
  @AnyRole()
  @AllowedBeforePasswordChange()
  logout(@CurrentActor() actor: Actor): Promise<boolean> {
    return this.auth.logout(actor);
  }
}
