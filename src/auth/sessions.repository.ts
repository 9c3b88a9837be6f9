import { Injectable } from '@nestjs/common';
import { Actor } from '../common/actor';
import { Context } from '../common/context';
import { Role } from '../common/role';
import { Database } from '../database/database';
import { SessionEntity } from './session.entity';

interface SessionRow {
  session_id: string;
  user_id: string;
  organization_id: string;
  roles: string;
  department_id: string | null;
  must_change_password: boolean;
  time_zone: string;
}

/** Signed-in sessions: the server side of bearer tokens, of which only the SHA-256 is stored. */
@Injectable()
export class SessionsRepository {
  constructor(private readonly database: Database) {}

  /**
   * The caller behind a token hash, in one statement on every request; undefined when the token is
   * unknown, expired, revoked or its user inactive. Before any context exists: the token is what
   * tells the organization.
   */
  async actorByTokenHash(tokenHash: Buffer): Promise<Actor | undefined> {
    const rows = await this.database.manager(null).query<SessionRow[]>(
      `SELECT s.id AS session_id, u.id AS user_id, u.organization_id, u.roles::text AS roles, u.department_id,
              u.must_change_password, o.time_zone
         FROM sessions s
         JOIN users u ON u.id = s.user_id AND u.organization_id = s.organization_id
         JOIN organizations o ON o.id = u.organization_id
        WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND u.active`,
      [tokenHash],
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

  async insert(ctx: Context, fields: { userId: string; tokenHash: Buffer; expiresAt: Date }): Promise<SessionEntity> {
    return this.database.manager(ctx).save(SessionEntity, { ...fields, organizationId: ctx.organizationId, revokedAt: null });
  }

  async revoke(ctx: Context, sessionId: string): Promise<void> {
    await this.database
      .manager(ctx)
      .update(SessionEntity, { id: sessionId, organizationId: ctx.organizationId }, { revokedAt: new Date() });
  }

  /** Ends every open session of a user at once, but `exceptSessionId` when given. */
  async revokeAllOf(ctx: Context, userId: string, exceptSessionId?: string): Promise<void> {
    const query = this.database
      .manager(ctx)
      .createQueryBuilder()
      .update(SessionEntity)
      .set({ revokedAt: () => 'now()' })
      .where('organization_id = :organizationId AND user_id = :userId AND revoked_at IS NULL', {
        organizationId: ctx.organizationId,
        userId,
      });
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
