import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/errors';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { Database } from '../database/database';
import { OrganizationEntity } from '../organizations/organization.entity';
import { UserEntity } from '../users/user.entity';
import { Actor } from './actor';
import { AFTER_SUCCESS, afterFailedAttempt, isLocked } from './lockout';
import { decoyPasswordHash, verifyPassword } from './passwords';
import { Role } from './role.enum';
import { SessionEntity } from './session.entity';
import { expiresAt, hashToken, newToken } from './tokens';

export interface LoginResult {
  accessToken: string;
  expiresAt: Date;
  user: UserEntity;
}

/** One answer for every failed sign-in, so that it tells nothing about which part was wrong. */
const signInFailed = (): AppError =>
  new AppError('UNAUTHENTICATED', '組織コード、メールアドレスまたはパスワードが正しくないか、アカウントが利用できません。');

interface SessionRow {
  session_id: string;
  user_id: string;
  organization_id: string;
  roles: string;
  department_id: string | null;
  must_change_password: boolean;
  time_zone: string;
}

@Injectable()
export class AuthService {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async login(organizationCode: string, email: string, password: string): Promise<LoginResult> {
    const now = new Date();
    const normalisedEmail = email.trim().toLowerCase();
    const organization = await this.database.manager.findOneBy(OrganizationEntity, { code: organizationCode.trim() });
    const user = organization
      ? await this.database.manager.findOneBy(UserEntity, { organizationId: organization.id, email: normalisedEmail })
      : null;
    // Always pay for one hash verification, whether or not the account exists.
    const passwordOk = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), password);

    if (!organization || !user) {
      await this.database.transaction((manager) =>
        this.audit.record(manager, null, {
          organizationId: organization?.id ?? null,
          action: 'LOGIN_FAILED',
          entityType: 'User',
          changes: {
            organizationCode: [null, organizationCode],
            email: [null, normalisedEmail],
            reason: [null, organization ? 'UNKNOWN_EMAIL' : 'UNKNOWN_ORGANIZATION'],
          },
        }),
      );
      throw signInFailed();
    }

    const outcome = await this.database.transaction(async (manager) => {
      // Row lock: concurrent attempts on one account are counted one after another.
      const locked = await manager.findOne(UserEntity, { where: { id: user.id }, lock: { mode: 'pessimistic_write' } });
      if (!locked) return 'failed' as const;
      if (!locked.active) {
        await this.recordFailure(manager, locked, 'DEACTIVATED');
        return 'failed' as const;
      }
      if (isLocked(locked, now)) {
        await this.recordFailure(manager, locked, 'LOCKED');
        return 'failed' as const;
      }
      if (!passwordOk) {
        await this.countFailure(manager, locked, now, 'LOGIN_FAILED', 'WRONG_PASSWORD');
        return 'failed' as const;
      }
      await manager.update(UserEntity, { id: locked.id }, AFTER_SUCCESS);
      const token = newToken();
      const session = await manager.save(SessionEntity, {
        organizationId: locked.organizationId,
        userId: locked.id,
        tokenHash: hashToken(token),
        expiresAt: expiresAt(now, this.config.tokenTtlHours),
        revokedAt: null,
      });
      await this.audit.record(
        manager,
        { organizationId: locked.organizationId, userId: locked.id },
        {
          action: 'LOGIN_SUCCEEDED',
          entityType: 'Session',
          entityId: session.id,
        },
      );
      return { accessToken: token, expiresAt: session.expiresAt, user: locked };
    });
    if (outcome === 'failed') throw signInFailed();
    return outcome;
  }

  /**
   * One more wrong password for an account (at sign-in, or a wrong current password in
   * changePassword): counted towards the lockout, audited, and ACCOUNT_LOCKED when it locks.
   * The caller holds the user's row lock. Returns whether the account is now locked.
   */
  async countFailure(manager: EntityManager, user: UserEntity, now: Date, action: string, reason: string): Promise<boolean> {
    const next = afterFailedAttempt(user, now);
    await manager.update(UserEntity, { id: user.id }, { recentFailedLogins: next.recentFailedLogins, lockedUntil: next.lockedUntil });
    await this.audit.record(manager, null, {
      organizationId: user.organizationId,
      action,
      entityType: 'User',
      entityId: user.id,
      changes: { reason: [null, reason] },
    });
    if (next.lockedNow) {
      await this.audit.record(manager, null, {
        organizationId: user.organizationId,
        action: 'ACCOUNT_LOCKED',
        entityType: 'User',
        entityId: user.id,
        changes: { lockedUntil: [null, next.lockedUntil?.toISOString()] },
      });
    }
    return next.lockedNow;
  }

  private recordFailure(manager: EntityManager, user: UserEntity, reason: string): Promise<void> {
    return this.audit.record(manager, null, {
      organizationId: user.organizationId,
      action: 'LOGIN_FAILED',
      entityType: 'User',
      entityId: user.id,
      changes: { reason: [null, reason] },
    });
  }

  async logout(actor: Actor): Promise<boolean> {
    await this.database.transaction(async (manager) => {
      await manager.update(SessionEntity, { id: actor.sessionId, organizationId: actor.organizationId }, { revokedAt: new Date() });
      await this.audit.record(manager, actor, { action: 'LOGOUT', entityType: 'Session', entityId: actor.sessionId });
    });
    return true;
  }

  /** The caller behind a bearer token, in one statement; undefined when the token is unknown, expired, revoked or its user inactive. */
  async authenticate(token: string): Promise<Actor | undefined> {
    const rows = await this.database.dataSource.query<SessionRow[]>(
      `SELECT s.id AS session_id, u.id AS user_id, u.organization_id, u.roles::text AS roles, u.department_id,
              u.must_change_password, o.time_zone
         FROM sessions s
         JOIN users u ON u.id = s.user_id AND u.organization_id = s.organization_id
         JOIN organizations o ON o.id = u.organization_id
        WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND u.active`,
      [hashToken(token)],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      sessionId: row.session_id,
      userId: row.user_id,
      organizationId: row.organization_id,
      roles: parseRoleArray(row.roles),
      departmentId: row.department_id,
      mustChangePassword: row.must_change_password,
      timeZone: row.time_zone,
    };
  }

  /** Ends every session of a user at once (deactivation, password reset). */
  async revokeSessions(manager: EntityManager, organizationId: string, userId: string, exceptSessionId?: string): Promise<void> {
    const query = manager
      .createQueryBuilder()
      .update(SessionEntity)
      .set({ revokedAt: () => 'now()' })
      .where('organization_id = :organizationId AND user_id = :userId AND revoked_at IS NULL', { organizationId, userId });
    if (exceptSessionId) query.andWhere('id <> :exceptSessionId', { exceptSessionId });
    await query.execute();
  }
}

/** PostgreSQL array text such as {ADMIN,STAFF}. */
function parseRoleArray(text: string): Role[] {
  return text
    .replace(/^\{|\}$/g, '')
    .split(',')
    .filter(Boolean) as Role[];
}
