import { Injectable } from '@nestjs/common';
import { Context } from '../common/context';
import { Database } from '../database/database';
import { ServerSecretEntity, SignInThrottleEntity } from './sign-in-throttle.entity';
import { ThrottleScope } from './sign-in-limits';

/** A counter's facts besides its key: who and where, for the audit and the administrator's list. */
export interface ThrottleSubject {
  key: string;
  scope: ThrottleScope;
  organizationId: string | null;
  userId: string | null;
  address: string | null;
  emailMask: string | null;
  emailHash: string | null;
  organizationCode: string | null;
}

/** Failures of one account from one address in one minute, not yet in the audit trail. */
export interface PendingAudit {
  organizationId: string | null;
  userId: string | null;
  address: string | null;
  emailMask: string | null;
  emailHash: string | null;
  organizationCode: string | null;
  auditMinute: Date;
  auditCount: number;
  auditAction: string;
  auditReason: string;
}

export interface FailureCount {
  count: number;
  blockedUntil: Date | null;
  /** The earlier minute's failures this failure closed, to be audited now. */
  closed: PendingAudit | null;
}

interface PendingRow {
  organization_id: string | null;
  user_id: string | null;
  address: string | null;
  email_mask: string | null;
  email_hash: string | null;
  organization_code: string | null;
  audit_minute: Date;
  audit_count: number;
  audit_action: string;
  audit_reason: string;
}

const toPending = (row: PendingRow): PendingAudit => ({
  organizationId: row.organization_id,
  userId: row.user_id,
  address: row.address,
  emailMask: row.email_mask,
  emailHash: row.email_hash,
  organizationCode: row.organization_code,
  auditMinute: row.audit_minute,
  auditCount: row.audit_count,
  auditAction: row.audit_action,
  auditReason: row.audit_reason,
});

/** The most locks `signInLocks` lists (the cost of the list: src/graphql/list-bounds.ts). */
export const MAX_SIGN_IN_LOCKS_LISTED = 200;

/**
 * The sign-in counters. Each count is one statement (an upsert that reads and writes the row under
 * its lock), so instances sharing the database never lose or double a count. Sign-in comes before any
 * tenant is known: most methods work outside a context.
 */
@Injectable()
export class SignInThrottlesRepository {
  constructor(private readonly database: Database) {}

  async blocks(keys: readonly string[], now: Date): Promise<SignInThrottleEntity[]> {
    if (keys.length === 0) return [];
    return this.database
      .manager(null)
      .createQueryBuilder(SignInThrottleEntity, 't')
      .where('t.key IN (:...keys)', { keys })
      .andWhere('(t.blocked_until > :now OR t.last_success_at IS NOT NULL)', { now })
      .getMany();
  }

  /** One more attempt from an address in the current minute's window; returns the window's count and start. */
  async countAttempt(key: string, address: string, now: Date, windowMs: number): Promise<{ count: number; windowStart: Date }> {
    const rows = await this.database.manager(null).query<{ count: number; window_start: Date }[]>(
      `INSERT INTO sign_in_throttles AS t (key, scope, address, window_start, count, updated_at)
       VALUES ($1, 'ADDRESS', $2, $3, 1, $3)
       ON CONFLICT (key) DO UPDATE SET
         count = CASE WHEN t.window_start <= $3::timestamptz - $4 * interval '1 millisecond' THEN 1 ELSE t.count + 1 END,
         window_start = CASE WHEN t.window_start <= $3::timestamptz - $4 * interval '1 millisecond' THEN $3 ELSE t.window_start END,
         updated_at = $3
       RETURNING count, window_start`,
      [key, address, now, windowMs],
    );
    return { count: rows[0].count, windowStart: rows[0].window_start };
  }

  /**
   * One more failure on a counter: a new window once the last has passed, blocked for `blockMs` when
   * the count reaches `limit`. With `audit`, the failure is also kept for the audit trail, one event
   * per minute: a failure in a later minute closes the earlier minute's count and returns it.
   */
  async countFailure(
    subject: ThrottleSubject,
    now: Date,
    rule: { limit: number; windowMs: number; blockMs: number },
    audit: { minute: Date; action: string; reason: string } | null,
  ): Promise<FailureCount> {
    const fresh = `t.window_start <= $10::timestamptz - $11 * interval '1 millisecond'`;
    const next = `CASE WHEN ${fresh} THEN 1 ELSE t.count + 1 END`;
    const sameMinute = `t.audit_count > 0 AND t.audit_minute = $14`;
    const rows = await this.database
      .manager(null)
      .query<({ count: number; blocked_until: Date | null } & { [K in keyof PendingRow as `old_${K}`]: PendingRow[K] | null })[]>(
        `WITH old AS (SELECT * FROM sign_in_throttles WHERE key = $1 FOR UPDATE),
       up AS (
         INSERT INTO sign_in_throttles AS t (key, scope, organization_id, user_id, address, email_mask, email_hash, organization_code,
           window_start, count, blocked_until, updated_at, audit_minute, audit_count, audit_action, audit_reason)
         -- Read after old: the row is locked (and its latest version read) before it is changed.
         SELECT $1, $2, $3::uuid, $4::uuid, $5, $6, $7, $8, $10::timestamptz, 1,
           CASE WHEN 1 >= $9 THEN $10::timestamptz + $12 * interval '1 millisecond' END, $10::timestamptz, $14::timestamptz, $13::int, $15, $16
         WHERE (SELECT count(*) FROM old) >= 0
         ON CONFLICT (key) DO UPDATE SET
           count = ${next},
           window_start = CASE WHEN ${fresh} THEN $10 ELSE t.window_start END,
           blocked_until = CASE WHEN ${next} >= $9 THEN $10::timestamptz + $12 * interval '1 millisecond' ELSE t.blocked_until END,
           user_id = coalesce($4, t.user_id),
           email_mask = coalesce($6, t.email_mask),
           email_hash = coalesce($7, t.email_hash),
           updated_at = $10,
           audit_count = CASE WHEN $13 = 0 THEN t.audit_count WHEN ${sameMinute} THEN t.audit_count + 1 ELSE 1 END,
           audit_minute = CASE WHEN $13 = 0 THEN t.audit_minute ELSE $14 END,
           audit_action = CASE WHEN $13 = 0 OR ${sameMinute} THEN t.audit_action ELSE $15 END,
           audit_reason = CASE WHEN $13 = 0 OR ${sameMinute} THEN t.audit_reason ELSE $16 END
         RETURNING t.count, t.blocked_until
       )
       SELECT up.count, up.blocked_until, old.organization_id AS old_organization_id, old.user_id AS old_user_id,
         old.address AS old_address, old.email_mask AS old_email_mask, old.email_hash AS old_email_hash,
         old.organization_code AS old_organization_code, old.audit_minute AS old_audit_minute,
         old.audit_count AS old_audit_count, old.audit_action AS old_audit_action, old.audit_reason AS old_audit_reason
       FROM up LEFT JOIN old ON true`,
        [
          subject.key,
          subject.scope,
          subject.organizationId,
          subject.userId,
          subject.address,
          subject.emailMask,
          subject.emailHash,
          subject.organizationCode,
          rule.limit,
          now,
          rule.windowMs,
          rule.blockMs,
          audit ? 1 : 0,
          audit?.minute ?? null,
          audit?.action ?? null,
          audit?.reason ?? null,
        ],
      );
    const row = rows[0];
    const closes =
      audit !== null &&
      row.old_audit_count !== null &&
      row.old_audit_count > 0 &&
      row.old_audit_minute!.getTime() !== audit.minute.getTime();
    return {
      count: row.count,
      blockedUntil: row.blocked_until,
      closed: closes
        ? toPending({
            organization_id: row.old_organization_id,
            user_id: row.old_user_id,
            address: row.old_address,
            email_mask: row.old_email_mask,
            email_hash: row.old_email_hash,
            organization_code: row.old_organization_code,
            audit_minute: row.old_audit_minute!,
            audit_count: row.old_audit_count!,
            audit_action: row.old_audit_action!,
            audit_reason: row.old_audit_reason!,
          })
        : null,
    };
  }

  /** A successful sign-in from an address: its failures are forgotten, and the address is known to the account. */
  async succeeded(subject: ThrottleSubject, now: Date): Promise<void> {
    await this.database.manager(null).query(
      `INSERT INTO sign_in_throttles AS t (key, scope, organization_id, user_id, address, window_start, count, last_success_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, 0, $6, $6)
       ON CONFLICT (key) DO UPDATE SET count = 0, window_start = $6, blocked_until = NULL, last_success_at = $6, updated_at = $6`,
      [subject.key, subject.scope, subject.organizationId, subject.userId, subject.address, now],
    );
  }

  /** Takes the failures of minutes before `minute` not yet audited, so that exactly one caller writes each. */
  async claimPendingAudits(minute: Date, limit = 500): Promise<PendingAudit[]> {
    const rows = await this.database.manager(null).query<PendingRow[][] | PendingRow[]>(
      `WITH due AS (
         SELECT key, organization_id, user_id, address, email_mask, email_hash, organization_code,
           audit_minute, audit_count, audit_action, audit_reason
         FROM sign_in_throttles WHERE audit_count > 0 AND audit_minute < $1
         ORDER BY audit_minute LIMIT $2 FOR UPDATE SKIP LOCKED
       )
       UPDATE sign_in_throttles t SET audit_count = 0, audit_minute = NULL
       FROM due WHERE t.key = due.key
       RETURNING due.organization_id, due.user_id, due.address, due.email_mask, due.email_hash, due.organization_code,
         due.audit_minute, due.audit_count, due.audit_action, due.audit_reason`,
      [minute, limit],
    );
    // node-postgres answers an UPDATE … RETURNING through TypeORM as [rows, affected].
    const list = (Array.isArray(rows[0]) ? rows[0] : rows) as PendingRow[];
    return list.map(toPending);
  }

  /** Counters nobody needs any more: no block, nothing to audit, no recent success to remember. */
  async deleteStale(now: Date, olderThanMs: number, knownAddressMs: number): Promise<void> {
    await this.database.manager(null).query(
      `DELETE FROM sign_in_throttles
       WHERE updated_at < $1::timestamptz - $2 * interval '1 millisecond'
         AND (blocked_until IS NULL OR blocked_until < $1) AND audit_count = 0
         AND (last_success_at IS NULL OR last_success_at < $1::timestamptz - $3 * interval '1 millisecond')`,
      [now, olderThanMs, knownAddressMs],
    );
  }

  /** The organization's accounts held now (per address or as a whole), latest first: at most MAX_SIGN_IN_LOCKS_LISTED. */
  locks(ctx: Context, now: Date): Promise<SignInThrottleEntity[]> {
    return this.database
      .manager(ctx)
      .createQueryBuilder(SignInThrottleEntity, 't')
      .where('t.organization_id = :organizationId', { organizationId: ctx.organizationId })
      .andWhere('t.blocked_until > :now', { now })
      .andWhere(`t.scope IN ('ACCOUNT_ADDRESS', 'ACCOUNT')`)
      .orderBy('t.blocked_until', 'DESC')
      .addOrderBy('t.key')
      .take(MAX_SIGN_IN_LOCKS_LISTED)
      .getMany();
  }

  /** Lifts one of the organization's locks; null when it names none held now. */
  async clear(ctx: Context, key: string, now: Date): Promise<SignInThrottleEntity | null> {
    const manager = this.database.manager(ctx);
    const lock = await manager
      .createQueryBuilder(SignInThrottleEntity, 't')
      .setLock('pessimistic_write')
      .where('t.key = :key AND t.organization_id = :organizationId AND t.blocked_until > :now', {
        key,
        organizationId: ctx.organizationId,
        now,
      })
      .andWhere(`t.scope IN ('ACCOUNT_ADDRESS', 'ACCOUNT')`)
      .getOne();
    if (!lock) return null;
    await manager.update(SignInThrottleEntity, { key }, { count: 0, blockedUntil: null, windowStart: now, updatedAt: now });
    return lock;
  }

  /** Lifts every lock of one account (a password reset); answers whether any was held. */
  async clearAccount(ctx: Context, userId: string, now: Date): Promise<boolean> {
    const result = await this.database.manager(ctx).query<[unknown[], number]>(
      `UPDATE sign_in_throttles SET count = 0, blocked_until = NULL, window_start = $3, updated_at = $3
       WHERE organization_id = $1 AND user_id = $2 AND blocked_until > $3 RETURNING key`,
      [ctx.organizationId, userId, now],
    );
    return result[1] > 0;
  }

  /** A key kept in the database (written by a migration), the same for every instance. */
  async secret(name: string): Promise<string> {
    const row = await this.database.manager(null).findOneBy(ServerSecretEntity, { name });
    if (!row) throw new Error(`server secret ${name} is missing: run the migrations`);
    return row.value;
  }
}
