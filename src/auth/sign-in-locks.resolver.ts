import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Context } from '../common/context';
import { CurrentContext, Roles } from '../common/decorators';
import { Role } from '../common/role';
import { SignInLockModel } from './sign-in-lock.model';
import { SignInThrottle } from './sign-in-throttle.service';

@Resolver()
export class SignInLocksResolver {
  constructor(private readonly throttle: SignInThrottle) {}

  @Query(() => [SignInLockModel], {
    description: '管理者: この組織のアカウントに今かかっているサインインの制限（解除が遅いものから最大200件）',
  })
  @Roles(Role.ADMIN)
  async signInLocks(@CurrentContext() ctx: Context): Promise<SignInLockModel[]> {
    return (await this.throttle.locks(ctx)).map((row) => SignInLockModel.from(row));
  }

  @Mutation(() => Boolean, { description: '管理者: サインインの制限を解除する（監査ログに SIGN_IN_LOCK_CLEARED を記録）' })
  @Roles(Role.ADMIN)
  clearSignInLock(@CurrentContext() ctx: Context, @Args('id', { type: () => ID }) id: string): Promise<boolean> {
    return this.throttle.clear(ctx, id);
  }
}
