import { Args, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentContext, Roles } from '../auth/decorators';
import { Context } from '../common/context';
import { LoaderRegistry, Loaders } from '../common/loaders';
import { toConnection } from '../common/pagination';
import { Role } from '../common/role';
import { UserLoader } from '../users/user.loader';
import { UserModel } from '../users/user.model';
import { AuditEventConnection, AuditEventModel } from './audit-event.model';
import { AuditEventsService } from './audit-events.service';
import { AuditEventsArgs } from './dto/audit-events.args';

@Resolver(() => AuditEventModel)
export class AuditResolver {
  constructor(
    private readonly events: AuditEventsService,
    private readonly users: UserLoader,
  ) {}

  @Query(() => AuditEventConnection)
  @Roles(Role.ADMIN, Role.AUDITOR)
  async auditEvents(@CurrentContext() ctx: Context, @Args() args: AuditEventsArgs): Promise<AuditEventConnection> {
    const page = await this.events.list(ctx, args.filter, args.first, args.after);
    return toConnection(page, (event) => AuditEventModel.from(event));
  }

  @ResolveField(() => UserModel, { nullable: true })
  async actor(
    @Parent() event: AuditEventModel,
    @CurrentContext() ctx: Context,
    @Loaders() loaders: LoaderRegistry,
  ): Promise<UserModel | null> {
    if (!event.actorId) return null;
    const user = await this.users.load(loaders, ctx, event.actorId);
    return user ? UserModel.from(user) : null;
  }
}
