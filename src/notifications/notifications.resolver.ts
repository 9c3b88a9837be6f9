import { Args, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import DataLoader from 'dataloader';
import { In } from 'typeorm';
import type { Actor } from '../auth/actor';
import { AnyRole, CurrentActor } from '../auth/decorators';
import { todayIn } from '../common/calendar';
import { byKeys, LoaderRegistry, Loaders } from '../common/loaders';
import { toConnection } from '../common/pagination';
import { Database } from '../database/database';
import { ReviewEntity } from '../reviews/review.entity';
import { toReviewModel } from '../reviews/review-mapping';
import { ReviewModel } from '../reviews/review.model';
import { SubjectLoader } from '../subjects/subject.loader';
import { SubjectModel, toSubjectModel } from '../subjects/subject.model';
import { MarkNotificationsReadArgs, NotificationsArgs } from './dto/notifications.args';
import { NotificationConnection, NotificationModel } from './notification.model';
import { NotificationsService } from './notifications.service';

@Resolver(() => NotificationModel)
export class NotificationsResolver {
  constructor(
    private readonly service: NotificationsService,
    private readonly subjects: SubjectLoader,
    private readonly database: Database,
  ) {}

  @Query(() => NotificationConnection, { description: "The caller's own notifications, newest first" })
  @AnyRole()
  async notifications(@CurrentActor() actor: Actor, @Args() args: NotificationsArgs): Promise<NotificationConnection> {
    return toConnection(await this.service.list(actor, args.unreadOnly ?? false, args.first, args.after), (n) => NotificationModel.from(n));
  }

  @Mutation(() => Int, { description: "Marks the caller's own notifications read; returns how many changed" })
  @AnyRole()
  markNotificationsRead(@CurrentActor() actor: Actor, @Args() args: MarkNotificationsReadArgs): Promise<number> {
    return this.service.markRead(actor, args.ids);
  }

  @ResolveField(() => SubjectModel, { nullable: true })
  async subject(@Parent() notification: NotificationModel, @Loaders() loaders: LoaderRegistry): Promise<SubjectModel | null> {
    if (!notification.subjectId) return null;
    const record = await this.subjects.load(loaders, notification.organizationId, notification.subjectId);
    return record ? toSubjectModel(record) : null;
  }

  @ResolveField(() => ReviewModel, { nullable: true })
  async review(
    @Parent() notification: NotificationModel,
    @CurrentActor() actor: Actor,
    @Loaders() loaders: LoaderRegistry,
  ): Promise<ReviewModel | null> {
    if (!notification.reviewId) return null;
    const organizationId = notification.organizationId;
    const review = await loaders
      .get(
        `review:${organizationId}`,
        () =>
          new DataLoader<string, ReviewEntity | null>(async (ids) => {
            const rows = await this.database.manager.findBy(ReviewEntity, { organizationId, id: In([...ids]) });
            return byKeys(ids, rows, (row) => row.id);
          }),
      )
      .load(notification.reviewId);
    return review ? toReviewModel(review, todayIn(actor.timeZone)) : null;
  }
}
