import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from '../auth/actor';
import { currentRequestId } from '../common/request-context';
import { AuditEventEntity } from './audit-event.entity';

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

@Injectable()
export class AuditService {
  /** Appends many events in one statement (a bulk change such as an ownership transfer). */
  async recordMany(manager: EntityManager, actor: Pick<Actor, 'organizationId' | 'userId'>, entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await manager.insert(
      AuditEventEntity,
      entries.map((entry) => ({
        organizationId: actor.organizationId,
        actorId: actor.userId,
        action: entry.action,
        entityType: entry.entityType,
        entityId: entry.entityId ?? null,
        changes: (entry.changes ? withoutSecrets(entry.changes) : null) as never,
        requestId: currentRequestId() ?? null,
      })),
    );
  }

  /** Appends one event through the caller's transaction, so it commits or rolls back with the change. */
  async record(
    manager: EntityManager,
    actor: Pick<Actor, 'organizationId' | 'userId'> | null,
    entry: AuditEntry & { organizationId?: string | null },
  ): Promise<void> {
    const changes = entry.changes ? withoutSecrets(entry.changes) : null;
    await manager.insert(AuditEventEntity, {
      organizationId: entry.organizationId !== undefined ? entry.organizationId : (actor?.organizationId ?? null),
      actorId: actor?.userId ?? null,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      changes: changes as never,
      requestId: currentRequestId() ?? null,
    });
  }
}
