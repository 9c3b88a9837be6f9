import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { AuthService } from '../auth/auth.service';
import { generatePassword, hashPassword, passwordProblem, verifyPassword } from '../auth/passwords';
import { Context } from '../common/context';
import { badField } from '../common/errors';
import { Database } from '../database/database';
import { ChangePasswordInput } from './dto/user.inputs';
import { UsersRepository } from './users.repository';

/** A user's own password change and an administrator's reset. */
@Injectable()
export class UserPasswordsService {
  constructor(
    private readonly database: Database,
    private readonly users: UsersRepository,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
  ) {}

  async change(ctx: Context, input: ChangePasswordInput): Promise<boolean> {
    const { userId, sessionId } = ctx.caller;
    const problem = passwordProblem(input.newPassword);
    if (problem) throw badField('newPassword', problem);
    const user = await this.users.get(ctx, userId);
    if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
      // Guessing through a stolen session counts like guessing at sign-in; a lock ends every session.
      await this.database.transaction(ctx, async (ctx) => {
        const locked = await this.users.get(ctx, userId, '利用者', { forUpdate: true });
        if (await this.auth.countFailure(ctx, locked, new Date(), 'PASSWORD_CHANGE_FAILED', 'WRONG_CURRENT_PASSWORD')) {
          await this.auth.revokeSessions(ctx, locked.id);
        }
      });
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
      await this.users.update(ctx, user.id, { passwordHash, mustChangePassword: true, recentFailedLogins: [], lockedUntil: null });
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
}
