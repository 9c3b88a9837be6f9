import { Args, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AnyRole, CurrentContext } from '../common/decorators';
import { Context } from '../common/context';
import { LoaderRegistry, Loaders } from '../common/loaders';
import { toConnection } from '../common/pagination';
import { SubjectLoader } from '../subjects/subject.loader';
import { SubjectModel, toSubjectModel } from '../subjects/subject.model';
import { MarkNotificationsReadArgs, NotificationsArgs } from './dto/notifications.args';
import { NotificationConnection, NotificationModel } from './notification.model';
import { NotificationsService } from './notifications.service';

/** The inbox. `Notification.review` is resolved by the reviews feature (NotificationReviewResolver). */
@Resolver(() => NotificationModel)
export class NotificationsResolver {
  constructor(
    private readonly service: NotificationsService,
    private readonly subjects: SubjectLoader,
  ) {}

  @Query(() => NotificationConnection, { description: "The caller's own notifications, newest first" })
  @AnyRole()
  async notifications(@CurrentContext() ctx: Context, @Args() args: NotificationsArgs): Promise<NotificationConnection> {
    return toConnection(await this.service.list(ctx, args.unreadOnly ?? false, args.first, args.after), (n) => NotificationModel.from(n));
  }

  @Mutation(() => Int, { description: "Marks the caller's own notifications read; returns how many changed" })
  @AnyRole()
  markNotificationsRead(@CurrentContext() ctx: Context, @Args() args: MarkNotificationsReadArgs): Promise<number> {
    return this.service.markRead(ctx, args.ids);
  }

  @ResolveField(() => SubjectModel, { nullable: true })
  async subject(
    @Parent() notification: NotificationModel,
    @CurrentContext() ctx: Context,
    @Loaders() loaders: LoaderRegistry,
  ): Promise<SubjectModel | null> {
    if (!notification.subjectId) return null;
    const record = await this.subjects.load(loaders, ctx, notification.subjectId);
    return record ? toSubjectModel(record) : null;
  }
}
