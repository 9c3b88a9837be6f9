import { Inject, Injectable } from '@nestjs/common';
import { AuditEntry, AuditService } from '../audit/audit.service';
import { Actor } from '../common/actor';
import { Context } from '../common/context';
import { AppError } from '../common/errors';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { Database } from '../database/database';
import { OrganizationsRepository } from '../organizations/organizations.repository';
import { UserEntity } from '../users/user.entity';
import { UsersRepository } from '../users/users.repository';
import { AFTER_SUCCESS, afterFailedAttempt, isLocked } from './lockout';
import { decoyPasswordHash, verifyPassword } from '../users/passwords';
import { SessionsRepository } from './sessions.repository';
import { expiresAt, hashToken, newToken } from './tokens';

export interface LoginResult {
  accessToken: string;
  expiresAt: Date;
  user: UserEntity;
  /** The caller the new session signs in. */
  actor: Actor;
}

/** One answer for every failed sign-in, so that it tells nothing about which part was wrong. */
const signInFailed = (): AppError =>
  new AppError('UNAUTHENTICATED', '組織コード、メールアドレスまたはパスワードが正しくないか、アカウントが利用できません。');

@Injectable()
export class AuthService {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditService,
    private readonly organizations: OrganizationsRepository,
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Signing in comes before any caller: it takes what the person typed, and works in the organization's system context once the code names one. */
  async login(organizationCode: string, email: string, password: string): Promise<LoginResult> {
    const now = new Date();
    const normalisedEmail = email.trim().toLowerCase();
    const organization = await this.organizations.byCode(organizationCode.trim());
    const ctx = organization ? Context.system(organization) : null;
    const user = ctx ? await this.users.byEmail(ctx, normalisedEmail) : null;
    // Always pay for one hash verification, whether or not the account exists.
    const passwordOk = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), password);

    if (!ctx || !user) {
      const failure: AuditEntry = {
        action: 'LOGIN_FAILED',
        entityType: 'User',
        changes: {
          organizationCode: [null, organizationCode],
          email: [null, normalisedEmail],
          reason: [null, ctx ? 'UNKNOWN_EMAIL' : 'UNKNOWN_ORGANIZATION'],
        },
      };
      await (ctx ? this.audit.record(ctx, failure) : this.audit.recordWithoutOrganization(failure));
      throw signInFailed();
    }

    const outcome = await this.database.transaction(ctx, async (ctx) => {
      // Row lock: concurrent attempts on one account are counted one after another.
      const locked = await this.users.find(ctx, user.id, { forUpdate: true });
      if (!locked) return 'failed' as const;
      if (!locked.active) {
        await this.recordFailure(ctx, locked, 'DEACTIVATED');
        return 'failed' as const;
      }
      if (isLocked(locked, now)) {
        await this.recordFailure(ctx, locked, 'LOCKED');
        return 'failed' as const;
      }
      if (!passwordOk) {
        await this.countFailure(ctx, locked, now, 'LOGIN_FAILED', 'WRONG_PASSWORD');
        return 'failed' as const;
      }
      await this.users.update(ctx, locked.id, AFTER_SUCCESS);
      const token = newToken();
      const session = await this.sessions.insert(ctx, {
        userId: locked.id,
        tokenHash: hashToken(token),
        expiresAt: expiresAt(now, this.config.tokenTtlHours),
      });
      await this.audit.record(ctx, { actorId: locked.id, action: 'LOGIN_SUCCEEDED', entityType: 'Session', entityId: session.id });
      const actor: Actor = {
        sessionId: session.id,
        userId: locked.id,
        organizationId: locked.organizationId,
        roles: locked.roles,
        departmentId: locked.departmentId,
        mustChangePassword: locked.mustChangePassword,
        timeZone: ctx.timeZone,
      };
      return { accessToken: token, expiresAt: session.expiresAt, user: locked, actor };
    });
    if (outcome === 'failed') throw signInFailed();
    return outcome;
  }

  /**
   * One more wrong password for an account (at sign-in, or a wrong current password in
   * changePassword): counted towards the lockout, audited with no actor, and ACCOUNT_LOCKED when it
   * locks. The caller holds the user's row lock in ctx's transaction. Returns whether the account is now locked.
   */
  async countFailure(ctx: Context, user: UserEntity, now: Date, action: string, reason: string): Promise<boolean> {
    const next = afterFailedAttempt(user, now);
    await this.users.update(ctx, user.id, { recentFailedLogins: next.recentFailedLogins, lockedUntil: next.lockedUntil });
    await this.audit.record(ctx, { actorId: null, action, entityType: 'User', entityId: user.id, changes: { reason: [null, reason] } });
    if (next.lockedNow) {
      await this.audit.record(ctx, {
        actorId: null,
        action: 'ACCOUNT_LOCKED',
        entityType: 'User',
        entityId: user.id,
        changes: { lockedUntil: [null, next.lockedUntil?.toISOString()] },
      });
    }
    return next.lockedNow;
  }

  private recordFailure(ctx: Context, user: UserEntity, reason: string): Promise<void> {
    return this.audit.record(ctx, {
      actorId: null,
      action: 'LOGIN_FAILED',
      entityType: 'User',
      entityId: user.id,
      changes: { reason: [null, reason] },
    });
  }

  async logout(ctx: Context): Promise<boolean> {
    const { sessionId } = ctx.caller;
    await this.database.transaction(ctx, async (ctx) => {
      await this.sessions.revoke(ctx, sessionId);
      await this.audit.record(ctx, { action: 'LOGOUT', entityType: 'Session', entityId: sessionId });
    });
    return true;
  }

  /** The caller behind a bearer token; undefined when the token is unknown, expired, revoked or its user inactive. */
  authenticate(token: string): Promise<Actor | undefined> {
    return this.sessions.actorByTokenHash(hashToken(token));
  }

  /** Ends every session of a user at once (deactivation, password reset), but `exceptSessionId` when given. */
  revokeSessions(ctx: Context, userId: string, exceptSessionId?: string): Promise<void> {
    return this.sessions.revokeAllOf(ctx, userId, exceptSessionId);
  }
}
