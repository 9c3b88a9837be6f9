import { Injectable } from '@nestjs/common';
import { Context } from '../common/context';
import { DEFAULT_PAGE_SIZE, Page } from '../common/pagination';
import { Database } from '../database/database';
import { keysetPage } from '../database/keyset-page';
import { scoped } from '../database/tenant-scope';
import { AuditEventEntity } from './audit-event.entity';

export type NewAuditEvent = Omit<AuditEventEntity, 'id' | 'at'>;

export interface AuditEventQuery {
  entityId?: string;
  actorId?: string;
  action?: string;
  from?: Date;
  to?: Date;
}

/** The append-only trail: rows are inserted, never changed (the migration's triggers refuse it). */
@Injectable()
export class AuditRepository {
  constructor(private readonly database: Database) {}

  /** Appends in the context's transaction; a null context only for a failed sign-in naming no known organization. */
  async append(ctx: Context | null, events: NewAuditEvent[]): Promise<void> {
    if (events.length === 0) return;
    if (events.length === 1) {
      await this.database.manager(ctx).insert(AuditEventEntity, events as never[]);
      return;
    }
    // Many (a bulk change, a ledger import): one statement whatever their number, each column sent as one array.
    const column = <T>(of: (event: NewAuditEvent) => T): T[] => events.map(of);
    await this.database.manager(ctx).query(
      `INSERT INTO audit_events (organization_id, actor_id, action, entity_type, entity_id, changes, request_id)
       SELECT u.organization_id, u.actor_id, u.action, u.entity_type, u.entity_id, u.changes, u.request_id
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::text[]) WITH ORDINALITY
           AS u(organization_id, actor_id, action, entity_type, entity_id, changes, request_id, n)
        ORDER BY u.n`,
      [
        column((e) => e.organizationId),
        column((e) => e.actorId),
        column((e) => e.action),
        column((e) => e.entityType),
        column((e) => e.entityId),
        column((e) => (e.changes === null ? null : JSON.stringify(e.changes))),
        column((e) => e.requestId),
      ],
    );
  }

  /** Newest first, then by id: a stable order for keyset pages. */
  page(ctx: Context, filter: AuditEventQuery = {}, first = DEFAULT_PAGE_SIZE, after?: string): Promise<Page<AuditEventEntity>> {
    const query = scoped(this.database.manager(ctx), ctx).select(AuditEventEntity, 'e');
    if (filter.entityId) query.andWhere('e.entity_id = :entityId', { entityId: filter.entityId });
    if (filter.actorId) query.andWhere('e.actor_id = :actorId', { actorId: filter.actorId });
    if (filter.action) query.andWhere('e.action = :action', { action: filter.action });
    if (filter.from) query.andWhere('e.at >= :from', { from: filter.from });
    if (filter.to) query.andWhere('e.at < :to', { to: filter.to });
    return keysetPage(
      query,
      {
        columns: [
          { sql: 'e.at', kind: 'timestamp', of: (event) => event.at.toISOString() },
          { sql: 'e.id', kind: 'uuid', of: (event) => event.id },
        ],
        direction: 'DESC',
      },
      first,
      after,
    );
  }
}
