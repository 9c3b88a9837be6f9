import { Injectable } from '@nestjs/common';
import { Actor } from '../auth/actor';
import { decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor, Page, countRows } from '../common/pagination';
import { Database } from '../database/database';
import { isUuid, scoped } from '../database/tenant-scope';
import { NotificationEntity } from './notification.entity';

/** The caller's own inbox: nobody sees or marks another user's notifications. */
@Injectable()
export class NotificationsService {
  constructor(private readonly database: Database) {}

  /** Newest first, then by id. */
  async list(actor: Actor, unreadOnly = false, first = DEFAULT_PAGE_SIZE, after?: string): Promise<Page<NotificationEntity>> {
    const query = scoped(this.database.manager, actor)
      .select(NotificationEntity, 'n')
      .andWhere('n.recipient_id = :me', { me: actor.userId });
    if (unreadOnly) query.andWhere('n.read_at IS NULL');
    // Cloned now: the keyset condition added below must not narrow the count.
    const counting = query.clone();
    const totalCount = (): Promise<number> => countRows(counting);
    if (after) {
      const [createdAt, id] = decodeCursor(after, ['timestamp', 'uuid']);
      query.andWhere('(n.created_at, n.id) < (:createdAt::timestamptz, :id::uuid)', { createdAt, id });
    }
    const rows = await query
      .orderBy('n.created_at', 'DESC')
      .addOrderBy('n.id', 'DESC')
      .limit(first + 1)
      .getMany();
    return {
      nodes: rows.slice(0, first),
      totalCount,
      hasNextPage: rows.length > first,
      cursorOf: (n) => encodeCursor([n.createdAt.toISOString(), n.id]),
    };
  }

  /** Marks the caller's own unread notifications among `ids` read; returns how many changed. Other ids count for nothing. */
  async markRead(actor: Actor, ids: readonly string[]): Promise<number> {
    const own = [...new Set(ids.filter(isUuid))];
    if (own.length === 0) return 0;
    const result = await this.database.manager
      .createQueryBuilder()
      .update(NotificationEntity)
      .set({ readAt: () => 'now()' })
      .where('organization_id = :organizationId AND recipient_id = :me AND id IN (:...ids) AND read_at IS NULL', {
        organizationId: actor.organizationId,
        me: actor.userId,
        ids: own,
      })
      .execute();
    return result.affected ?? 0;
  }
}
