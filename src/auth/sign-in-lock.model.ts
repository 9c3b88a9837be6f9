import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { SignInThrottleEntity } from './sign-in-throttle.entity';

@ObjectType('SignInLock', { description: 'サインインの制限（失敗が続いたアカウントと接続元アドレスの組、又はアカウント全体）' })
export class SignInLockModel {
  @Field(() => ID, { description: 'clearSignInLock に渡す識別子' })
  id: string;

  @Field({
    description:
      'ACCOUNT_ADDRESS: このアドレスからこのアカウントへのサインインのみ制限 / ACCOUNT: アカウント全体（サインイン実績のあるアドレスを除く）',
  })
  scope: string;

  @Field(() => ID, { nullable: true, description: '利用者（登録されていないメールアドレスでは null）' })
  userId: string | null;

  @Field(() => String, { nullable: true, description: '入力されたメールアドレス（一部を伏せたもの）' })
  email: string | null;

  @Field(() => String, { nullable: true, description: '接続元アドレス（アカウント全体の制限では null）' })
  address: string | null;

  @Field(() => Int, { description: '制限のもとになった失敗の回数' })
  failures: number;

  @Field({ description: '制限が解ける日時' })
  lockedUntil: Date;

  static from(row: SignInThrottleEntity): SignInLockModel {
    return {
      id: row.key,
      scope: row.scope,
      userId: row.userId,
      email: row.emailMask,
      address: row.address,
      failures: row.count,
      lockedUntil: row.blockedUntil!,
    };
  }
}
