import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { AuditEventModel } from '../audit/audit-event.model';
import { Context } from '../common/context';
import { CurrentContext } from '../common/decorators';
import { LoaderRegistry, Loaders } from '../common/loaders';
import { UserLoader } from './user.loader';
import { UserModel } from './user.model';

/** AuditEvent.actor: every feature writes the trail, so the trail knows no feature; users name its actors. */
@Resolver(() => AuditEventModel)
export class AuditEventActorResolver {
  constructor(private readonly users: UserLoader) {}

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
