import { Args, Query, Resolver } from '@nestjs/graphql';
import { CurrentContext, Roles } from '../common/decorators';
import { Context } from '../common/context';
import { toConnection } from '../common/pagination';
import { Role } from '../common/role';
import { AuditEventConnection, AuditEventModel } from './audit-event.model';
import { AuditEventsService } from './audit-events.service';
import { AuditEventsArgs } from './dto/audit-events.args';

@Resolver(() => AuditEventModel)
export class AuditResolver {
  constructor(private readonly events: AuditEventsService) {}

  @Query(() => AuditEventConnection)
  @Roles(Role.ADMIN, Role.AUDITOR)
  async auditEvents(@CurrentContext() ctx: Context, @Args() args: AuditEventsArgs): Promise<AuditEventConnection> {
    const page = await this.events.list(ctx, args.filter, args.first, args.after);
    return toConnection(page, (event) => AuditEventModel.from(event));
  }
}
