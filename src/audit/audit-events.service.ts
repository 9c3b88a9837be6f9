import { Injectable } from '@nestjs/common';
import { Actor } from '../auth/actor';
import { decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor, Page, countRows } from '../common/pagination';
import { Database } from '../database/database';
import { scoped } from '../database/tenant-scope';
import { AuditEventEntity } from './audit-event.entity';
import { AuditEventFilter } from './dto/audit-events.args';

@Injectable()
export class AuditEventsService {
  constructor(private readonly database: Database) {}

  /** Newest first, then by id: a stable order for keyset pages. */
  async list(actor: Actor, filter: AuditEventFilter = {}, first = DEFAULT_PAGE_SIZE, after?: string): Promise<Page<AuditEventEntity>> {
    const query = scoped(this.database.manager, actor).select(AuditEventEntity, 'e');
    if (filter.entityId) query.andWhere('e.entity_id = :entityId', { entityId: filter.entityId });
    if (filter.actorId) query.andWhere('e.actor_id = :actorId', { actorId: filter.actorId });
    if (filter.action) query.andWhere('e.action = :action', { action: filter.action });
    if (filter.from) query.andWhere('e.at >= :from', { from: filter.from });
    if (filter.to) query.andWhere('e.at < :to', { to: filter.to });
    // Cloned now: the keyset condition added below must not narrow the count.
    const counting = query.clone();
    const totalCount = (): Promise<number> => countRows(counting);
    if (after) {
      const [at, id] = decodeCursor(after, ['timestamp', 'uuid']);
      query.andWhere('(e.at, e.id) < (:at::timestamptz, :id::uuid)', { at, id });
    }
    const rows = await query
      .orderBy('e.at', 'DESC')
      .addOrderBy('e.id', 'DESC')
      .limit(first + 1)
      .getMany();
    return {
      nodes: rows.slice(0, first),
      totalCount,
      hasNextPage: rows.length > first,
      cursorOf: (event) => encodeCursor([event.at.toISOString(), event.id]),
    };
  }
}
