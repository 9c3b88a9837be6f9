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
    await this.database.manager(ctx).insert(AuditEventEntity, events as never[]);
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
