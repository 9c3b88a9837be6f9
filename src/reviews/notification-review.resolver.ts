import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentContext } from '../common/decorators';
import { Context } from '../common/context';
import { LoaderRegistry, Loaders } from '../common/loaders';
import { NotificationModel } from '../notifications/notification.model';
import { toReviewModel } from './review-mapping';
import { ReviewModel } from './review.model';
import { ReviewLoader } from './review.loader';

/**
 * `Notification.review`: the review a notice is about. Resolved here, so that the inbox knows
 * nothing of reviews (reviews use notifications, never the reverse).
 */
@Resolver(() => NotificationModel)
export class NotificationReviewResolver {
  constructor(private readonly reviews: ReviewLoader) {}

  @ResolveField(() => ReviewModel, { nullable: true })
  async review(
    @Parent() notification: NotificationModel,
    @CurrentContext() ctx: Context,
    @Loaders() loaders: LoaderRegistry,
  ): Promise<ReviewModel | null> {
    if (!notification.reviewId) return null;
    const review = await this.reviews.byId(loaders, ctx, notification.reviewId);
    return review ? toReviewModel(review, ctx.today()) : null;
  }
}
