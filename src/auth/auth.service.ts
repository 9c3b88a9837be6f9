import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/actor';
import { Context } from '../common/context';
import { AppError } from '../common/errors';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { Database } from '../database/database';
import { OrganizationsRepository } from '../organizations/organizations.repository';
import { UserEntity } from '../users/user.entity';
import { UsersRepository } from '../users/users.repository';
import { SignInAttempt, SignInThrottle } from './sign-in-throttle.service';
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
    private readonly throttle: SignInThrottle,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Signing in comes before any caller: it takes what the person typed and where from, and works in the
   * organization's system context once the code names one. The limits are checked before anything
   * else costs (no hash, no audit row); each failure is counted against the address it came from.
   */
  async login(organizationCode: string, email: string, password: string, address: string): Promise<LoginResult> {
    const now = new Date();
    const normalisedEmail = email.trim().toLowerCase();
    const organization = await this.organizations.byCode(organizationCode.trim());
    const ctx = organization ? Context.system(organization) : null;
    const user = ctx ? await this.users.byEmail(ctx, normalisedEmail) : null;
    const attempt: SignInAttempt = {
      address,
      organizationCode: organizationCode.trim(),
      email: normalisedEmail,
      organizationId: organization?.id ?? null,
      userId: user?.id ?? null,
    };
    await this.throttle.admit(attempt, now);
    // Always pay for one hash verification, whether or not the account exists.
    const passwordOk = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), password);

    if (!ctx || !user) {
      await this.throttle.failed(attempt, now, 'LOGIN_FAILED', ctx ? 'UNKNOWN_EMAIL' : 'UNKNOWN_ORGANIZATION');
      throw signInFailed();
    }
    if (!user.active || !passwordOk) {
      await this.throttle.failed(attempt, now, 'LOGIN_FAILED', user.active ? 'WRONG_PASSWORD' : 'DEACTIVATED');
      throw signInFailed();
    }

    const outcome = await this.database.transaction(ctx, async (ctx) => {
      const current = await this.users.find(ctx, user.id);
      // Deactivated since it was read: no session.
      if (!current?.active) return 'failed' as const;
      const token = newToken();
      const session = await this.sessions.insert(ctx, {
        userId: current.id,
        tokenHash: hashToken(token),
        expiresAt: expiresAt(now, this.config.tokenTtlHours),
      });
      await this.audit.record(ctx, { actorId: current.id, action: 'LOGIN_SUCCEEDED', entityType: 'Session', entityId: session.id });
      const actor: Actor = {
        sessionId: session.id,
        userId: current.id,
        organizationId: current.organizationId,
        roles: current.roles,
        departmentId: current.departmentId,
        mustChangePassword: current.mustChangePassword,
        timeZone: ctx.timeZone,
      };
      return { accessToken: token, expiresAt: session.expiresAt, user: current, actor };
    });
    if (outcome === 'failed') {
      await this.throttle.failed(attempt, now, 'LOGIN_FAILED', 'DEACTIVATED');
      throw signInFailed();
    }
    await this.throttle.succeeded(attempt, now);
    return outcome;
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
