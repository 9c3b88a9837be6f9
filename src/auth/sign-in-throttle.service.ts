import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { createHash, createHmac } from 'node:crypto';
import { AuditService } from '../audit/audit.service';
import { Context } from '../common/context';
import { AppError, notFound } from '../common/errors';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { Database } from '../database/database';
import { SignInThrottleEntity } from './sign-in-throttle.entity';
import {
  ATTEMPT_WINDOW_MS,
  BLOCK_MS,
  failureLimit,
  FAILURE_WINDOW_MS,
  KNOWN_ADDRESS_MS,
  maskEmail,
  minuteOf,
  secondsUntil,
  ThrottleScope,
} from './sign-in-limits';
import { PendingAudit, SignInThrottlesRepository, ThrottleSubject } from './sign-in-throttles.repository';

/** Who is signing in from where, as far as is known before the password is checked. */
export interface SignInAttempt {
  address: string;
  organizationCode: string;
  /** As typed; normalised here. */
  email: string;
  organizationId: string | null;
  userId: string | null;
}

const SWEEP_INTERVAL_MS = 20_000;
const STALE_AFTER_MS = 24 * 60 * 60 * 1000;
const EMAIL_HMAC_SECRET = 'audit-email-hmac';

export const tooManyRequests = (seconds: number): AppError =>
  new AppError('TOO_MANY_REQUESTS', `サインインの試行が多すぎます。${seconds}秒後にもう一度お試しください。`, undefined, seconds);

/**
 * The sign-in limits of sign-in-limits.ts, counted in PostgreSQL: `admit` refuses before any password
 * is hashed or anything audited; `failed` counts and audits one event per account, address and
 * minute (closed by the next failure or by the sweep every 20 seconds); `succeeded` forgets the
 * address's failures on that account. ADMIN lists and lifts the locks of their organization.
 */
@Injectable()
export class SignInThrottle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SignInThrottle');
  private sweepTimer: NodeJS.Timeout | undefined;
  private hmacKey: Promise<string> | undefined;

  constructor(
    private readonly database: Database,
    private readonly throttles: SignInThrottlesRepository,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.sweepTimer = setInterval(() => {
      this.sweep(new Date()).catch((error: unknown) =>
        this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error)),
      );
    }, SWEEP_INTERVAL_MS);
    this.sweepTimer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweepTimer);
  }

  /** TOO_MANY_REQUESTS when the address, the account from this address, or the account is held, or the address floods. */
  async admit(attempt: SignInAttempt, now: Date): Promise<void> {
    const subjects = this.subjects(attempt);
    const rows = await this.throttles.blocks([subjects.ACCOUNT_ADDRESS.key, subjects.ADDRESS_FAILURES.key, subjects.ACCOUNT.key], now);
    const own = rows.find((row) => row.key === subjects.ACCOUNT_ADDRESS.key);
    // An address the account signed in from lately is the owner's: the account-wide limit does not hold it.
    const known = own?.lastSuccessAt != null && now.getTime() - own.lastSuccessAt.getTime() < KNOWN_ADDRESS_MS;
    const held = rows
      .filter((row) => row.blockedUntil !== null && row.blockedUntil.getTime() > now.getTime())
      .filter((row) => !(row.scope === 'ACCOUNT' && known));
    if (held.length) throw tooManyRequests(secondsUntil(new Date(Math.max(...held.map((row) => row.blockedUntil!.getTime()))), now));
    const { count, windowStart } = await this.throttles.countAttempt(
      hashKey('ADDRESS', attempt.address),
      attempt.address,
      now,
      ATTEMPT_WINDOW_MS,
    );

    if (count > this.config.signInLimits.addressAttemptsPerMinute) {
      throw tooManyRequests(secondsUntil(new Date(windowStart.getTime() + ATTEMPT_WINDOW_MS), now));
    }
  }

  /**
   * One failure (a wrong password at sign-in, an unknown account, a wrong current password): counted
   * on every failure counter; a lock that starts now is audited at once. Answers whether this
   * account is now locked from this address.
   */
  async failed(attempt: SignInAttempt, now: Date, action: string, reason: string): Promise<boolean> {
    const subjects = this.subjects(attempt);
    if (!attempt.userId) subjects.ACCOUNT_ADDRESS.emailHash = await this.emailHash(attempt.email);
    let lockedHere = false;
    for (const scope of ['ACCOUNT_ADDRESS', 'ADDRESS_FAILURES', 'ACCOUNT'] as const) {
      const limit = failureLimit(this.config.signInLimits, scope);
      const result = await this.throttles.countFailure(
        subjects[scope],
        now,
        { limit, windowMs: FAILURE_WINDOW_MS, blockMs: BLOCK_MS },
        scope === 'ACCOUNT_ADDRESS' ? { minute: minuteOf(now), action, reason } : null,
      );
      if (result.closed) await this.recordFailures(result.closed);
      if (result.count === limit && result.blockedUntil) {
        if (scope === 'ACCOUNT_ADDRESS') lockedHere = true;
        await this.audit.recordFor(scope === 'ADDRESS_FAILURES' ? null : attempt.organizationId, {
          actorId: null,
          action: 'SIGN_IN_LOCKED',
          entityType: 'User',
          entityId: scope === 'ADDRESS_FAILURES' ? null : attempt.userId,
          changes: {
            scope: [null, scope],
            address: [null, scope === 'ACCOUNT' ? null : attempt.address],
            failures: [null, result.count],
            lockedUntil: [null, result.blockedUntil.toISOString()],
          },
        });
      }
    }
    return lockedHere;
  }

  /** The right password: this address's failures on the account are forgotten, and the address is the owner's. */
  succeeded(attempt: SignInAttempt, now: Date): Promise<void> {
    return this.throttles.succeeded(this.subjects(attempt).ACCOUNT_ADDRESS, now);
  }

  /** Audits the failures of minutes that have ended, and forgets counters nobody needs. */
  async sweep(now: Date): Promise<number> {
    const pending = await this.throttles.claimPendingAudits(minuteOf(now));
    for (const failures of pending) await this.recordFailures(failures);
    await this.throttles.deleteStale(now, STALE_AFTER_MS, KNOWN_ADDRESS_MS);
    return pending.length;
  }

  locks(ctx: Context, now = new Date()): Promise<SignInThrottleEntity[]> {
    return this.throttles.locks(ctx, now);
  }

  /** An administrator lifts a lock of their organization; audited. */
  async clear(ctx: Context, id: string, now = new Date()): Promise<boolean> {
    return this.database.transaction(ctx, async (ctx) => {
      const lock = await this.throttles.clear(ctx, id, now);
      if (!lock) throw notFound('サインインの制限');
      await this.audit.record(ctx, {
        action: 'SIGN_IN_LOCK_CLEARED',
        entityType: 'User',
        entityId: lock.userId,
        changes: { scope: [lock.scope, null], address: [lock.address, null], lockedUntil: [lock.blockedUntil?.toISOString(), null] },
      });
      return true;
    });
  }

  /** Lifts every lock of the account (a password reset); answers whether one was held. */
  clearAccount(ctx: Context, userId: string, now = new Date()): Promise<boolean> {
    return this.throttles.clearAccount(ctx, userId, now);
  }

  /** HMAC-SHA-256 of the normalised e-mail with the server's key (kept in the database): findable, not readable. */
  async emailHash(email: string): Promise<string> {
    this.hmacKey ??= this.throttles.secret(EMAIL_HMAC_SECRET);
    const key = await this.hmacKey.catch((error: unknown) => {
      this.hmacKey = undefined;
      throw error;
    });
    return createHmac('sha256', key).update(email.trim().toLowerCase()).digest('hex');
  }

  private recordFailures(failures: PendingAudit): Promise<void> {
    const changes: Record<string, [unknown, unknown]> = {
      reason: [null, failures.auditReason],
      count: [null, failures.auditCount],
      minute: [null, failures.auditMinute.toISOString()],
      address: [null, failures.address],
    };
    if (!failures.userId) {
      changes.email = [null, failures.emailMask];
      changes.emailHash = [null, failures.emailHash];
    }
    if (!failures.organizationId) changes.organizationCode = [null, failures.organizationCode];
    return this.audit.recordFor(failures.organizationId, {
      actorId: null,
      action: failures.auditAction,
      entityType: 'User',
      entityId: failures.userId,
      changes,
    });
  }

  private subjects(attempt: SignInAttempt): Record<Exclude<ThrottleScope, 'ADDRESS'>, ThrottleSubject> {
    const email = attempt.email.trim().toLowerCase();
    const account = `${attempt.organizationCode.trim().toLowerCase()}\n${email}`;
    const common = {
      organizationId: attempt.organizationId,
      userId: attempt.userId,
      emailMask: maskEmail(email),
      emailHash: null,
      organizationCode: attempt.organizationId ? null : attempt.organizationCode.slice(0, 100),
    };
    return {
      ACCOUNT_ADDRESS: {
        ...common,
        key: hashKey('ACCOUNT_ADDRESS', account, attempt.address),
        scope: 'ACCOUNT_ADDRESS',
        address: attempt.address,
      },
      ADDRESS_FAILURES: {
        key: hashKey('ADDRESS_FAILURES', attempt.address),
        scope: 'ADDRESS_FAILURES',
        organizationId: null,
        userId: null,
        address: attempt.address,
        emailMask: null,
        emailHash: null,
        organizationCode: null,
      },
      ACCOUNT: { ...common, key: hashKey('ACCOUNT', account), scope: 'ACCOUNT', address: null },
    };
  }
}

/** A counter's key: its scope and parts hashed, so the table holds no typed text in its keys. */
function hashKey(scope: ThrottleScope, ...parts: string[]): string {
  return createHash('sha256')
    .update([scope, ...parts].join('\n'))
    .digest('hex');
}
