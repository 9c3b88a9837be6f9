import { Injectable } from '@nestjs/common';
import { AuditService, Changes } from '../audit/audit.service';
import { AuthService } from './auth.service';
import { SignInAttempt, SignInThrottle } from './sign-in-throttle.service';
import { generatePassword, hashPassword, passwordProblem, verifyPassword } from '../users/passwords';
import { Context } from '../common/context';
import { badField, notFound } from '../common/errors';
import { Database } from '../database/database';
import { OrganizationsRepository } from '../organizations/organizations.repository';
import { ChangePasswordInput } from '../users/dto/user.inputs';
import { UserEntity } from '../users/user.entity';
import { UsersRepository } from '../users/users.repository';

export interface OperatorPasswordReset {
  organizationCode: string;
  email: string;
  password: string;
  /** True for a generated (one-time) password: the user must replace it at the next sign-in. */
  mustChangePassword: boolean;
}

export interface OperatorPasswordResetResult {
  user: UserEntity;
  /** The user was locked out when the reset cleared the lock. */
  wasLocked: boolean;
}

/** A user's own password change, an administrator's reset and an operator's reset (the CLI). */
@Injectable()
export class UserPasswordsService {
  constructor(
    private readonly database: Database,
    private readonly users: UsersRepository,
    private readonly organizations: OrganizationsRepository,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
    private readonly throttle: SignInThrottle,
  ) {}

  async change(ctx: Context, input: ChangePasswordInput, address: string): Promise<boolean> {
    const { userId, sessionId } = ctx.caller;
    const user = await this.users.get(ctx, userId);
    const organization = await this.organizations.get(ctx);
    const problem = passwordProblem(input.newPassword, { email: user.email, organizationCode: organization.code });
    if (problem) throw badField('newPassword', problem);
    const now = new Date();
    const attempt: SignInAttempt = {
      address,
      organizationCode: organization.code,
      email: user.email,
      organizationId: organization.id,
      userId: user.id,
    };
    // Guessing through a stolen session is held like guessing at sign-in, before the hash is checked.
    await this.throttle.admit(attempt, now);
    if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
      // The guesser's address is held for this account; a lock that starts now ends every session.
      if (await this.throttle.failed(attempt, now, 'PASSWORD_CHANGE_FAILED', 'WRONG_CURRENT_PASSWORD')) {
        await this.auth.revokeSessions(ctx, user.id);
      }
      throw badField('currentPassword', '現在のパスワードが正しくありません。');
    }
    if (input.newPassword === input.currentPassword) {
      throw badField('newPassword', '現在のパスワードと異なるパスワードにしてください。');
    }
    const passwordHash = await hashPassword(input.newPassword);
    await this.database.transaction(ctx, async (ctx) => {
      await this.users.update(ctx, user.id, { passwordHash, mustChangePassword: false });
      // Other sessions may have been opened with the old password: end them, keep this one.
      await this.auth.revokeSessions(ctx, user.id, sessionId);
      await this.audit.record(ctx, {
        action: 'PASSWORD_CHANGED',
        entityType: 'User',
        entityId: user.id,
        changes: user.mustChangePassword ? { mustChangePassword: [true, false] } : null,
      });
    });
    return true;
  }

  /** A one-time password the user must replace at the next sign-in; their sessions end and their lockout is lifted. */
  async reset(ctx: Context, id: string): Promise<string> {
    const oneTimePassword = generatePassword();
    const passwordHash = await hashPassword(oneTimePassword);
    await this.database.transaction(ctx, async (ctx) => {
      const user = await this.users.get(ctx, id, '利用者', { forUpdate: true });
      await this.users.update(ctx, user.id, { passwordHash, mustChangePassword: true });
      await this.throttle.clearAccount(ctx, user.id);
      await this.auth.revokeSessions(ctx, user.id);
      await this.audit.record(ctx, {
        action: 'PASSWORD_RESET',
        entityType: 'User',
        entityId: user.id,
        changes: { mustChangePassword: [user.mustChangePassword, true] },
      });
    });
    return oneTimePassword;
  }

  /**
   * An operator's act (the CLI's reset-password): a new password, the sign-in lockout cleared, every
   * session of the user ended, audited with no actor. It changes nothing else: a deactivated user
   * stays deactivated, roles stay as they are.
   */
  async resetAsOperator(reset: OperatorPasswordReset, now = new Date()): Promise<OperatorPasswordResetResult> {
    const problem = passwordProblem(reset.password, { email: reset.email, organizationCode: reset.organizationCode });
    if (problem) throw badField('password', problem);
    const organization = await this.organizations.byCode(reset.organizationCode);
    if (!organization) throw notFound(`組織コード ${reset.organizationCode} の組織`);
    const email = reset.email.trim().toLowerCase();
    const passwordHash = await hashPassword(reset.password);
    return this.database.transaction(Context.system(organization), async (ctx) => {
      const found = await this.users.byEmail(ctx, email);
      if (!found) throw notFound(`組織 ${organization.code} に ${email} の利用者`);
      const user = await this.users.get(ctx, found.id, '利用者', { forUpdate: true });

      const wasLocked = await this.throttle.clearAccount(ctx, user.id, now);
      const before = { mustChangePassword: user.mustChangePassword };
      const after = { passwordHash, mustChangePassword: reset.mustChangePassword };
      await this.users.update(ctx, user.id, after);
      await this.auth.revokeSessions(ctx, user.id);

      const changes: Changes = {};
      if (before.mustChangePassword !== after.mustChangePassword) {
        changes.mustChangePassword = [before.mustChangePassword, after.mustChangePassword];
      }
      if (wasLocked) changes.signInLocks = ['LOCKED', null];
      await this.audit.record(ctx, {
        action: 'PASSWORD_RESET',
        entityType: 'User',
        entityId: user.id,
        changes: Object.keys(changes).length ? changes : null,
      });
      return { user: Object.assign(user, after), wasLocked };
    });
  }
}
