import { Injectable } from '@nestjs/common';
import { Context } from '../common/context';
import { currentRequestId } from '../common/request-context';
import { AuditRepository, NewAuditEvent } from './audit.repository';

export type Changes = Record<string, [unknown, unknown]>;

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | null;
  changes?: Changes | null;
}

/** Fields never written to the audit trail, whatever the entity. */
const SECRET_FIELDS = new Set(['passwordHash', 'password', 'tokenHash', 'token', 'newPassword', 'currentPassword']);

/** The fields whose value differs between before and after, as { field: [before, after] }. */
export function diff(before: Record<string, unknown> | null, after: Record<string, unknown> | null, fields: readonly string[]): Changes {
  const changes: Changes = {};
  for (const field of fields) {
    if (SECRET_FIELDS.has(field)) continue;
    const was = before ? normalise(before[field]) : null;
    const now = after ? normalise(after[field]) : null;
    if (JSON.stringify(was) !== JSON.stringify(now)) changes[field] = [was, now];
  }
  return changes;
}

function withoutSecrets(changes: Changes): Changes {
  return Object.fromEntries(Object.entries(changes).filter(([field]) => !SECRET_FIELDS.has(field)));
}

function normalise(value: unknown): unknown {
  if (value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  return value;
}

/**
 * Writes the audit trail through the caller's transaction, so every event commits or rolls back
 * with the change it records. The actor is the context's user; the organization the context's.
 */
@Injectable()
export class AuditService {
  constructor(private readonly events: AuditRepository) {}

  record(ctx: Context, entry: AuditEntry & { actorId?: string | null }): Promise<void> {
    return this.events.append(ctx, [this.event(ctx.organizationId, entry.actorId !== undefined ? entry.actorId : ctx.userId, entry)]);
  }

  /** Appends many events in one statement (a bulk change such as an ownership transfer). */
  recordMany(ctx: Context, entries: AuditEntry[]): Promise<void> {
    return this.events.append(
      ctx,
      entries.map((entry) => this.event(ctx.organizationId, ctx.userId, entry)),
    );
  }

  /**
   * An event of sign-in, which comes before any caller or transaction: the organization's when the
   * code named one, else (an unknown organization, a whole address held) outside any tenant.
   */
  recordFor(organizationId: string | null, entry: AuditEntry & { actorId?: string | null }): Promise<void> {
    return this.events.append(null, [this.event(organizationId, entry.actorId ?? null, entry)]);
  }

  private event(organizationId: string | null, actorId: string | null, entry: AuditEntry): NewAuditEvent {
    return {
      organizationId,
      actorId,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      changes: entry.changes ? withoutSecrets(entry.changes) : null,
      requestId: currentRequestId() ?? null,
    };
  }
}
