import { Injectable } from '@nestjs/common';
import { Context } from '../common/context';
import { DEFAULT_PAGE_SIZE, Page } from '../common/pagination';
import { AuditEventEntity } from './audit-event.entity';
import { AuditRepository } from './audit.repository';
import { AuditEventFilter } from './dto/audit-events.args';

/** Reading the trail: the organization's events, newest first. */
@Injectable()
export class AuditEventsService {
  constructor(private readonly events: AuditRepository) {}

  list(ctx: Context, filter: AuditEventFilter = {}, first = DEFAULT_PAGE_SIZE, after?: string): Promise<Page<AuditEventEntity>> {
    return this.events.page(ctx, filter, first, after);
  }
}
