import { Injectable } from '@nestjs/common';
import { Context } from '../common/context';
import { DEFAULT_PAGE_SIZE, Page } from '../common/pagination';
import { NotificationEntity } from './notification.entity';
import { NotificationsRepository } from './notifications.repository';

/** The caller's own inbox: nobody sees or marks another user's notifications. */
@Injectable()
export class NotificationsService {
  constructor(private readonly notifications: NotificationsRepository) {}

  /** Newest first, then by id. */
  list(ctx: Context, unreadOnly = false, first = DEFAULT_PAGE_SIZE, after?: string): Promise<Page<NotificationEntity>> {
    return this.notifications.page(ctx, ctx.caller.userId, unreadOnly, first, after);
  }

  /** Marks the caller's own unread notifications among `ids` read; returns how many changed. Other ids count for nothing. */
  markRead(ctx: Context, ids: readonly string[]): Promise<number> {
    return this.notifications.markRead(ctx, ctx.caller.userId, ids);
  }
}
