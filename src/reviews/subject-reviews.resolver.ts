import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Context } from '../common/context';
import { CurrentContext } from '../common/decorators';
import { LoaderRegistry, Loaders } from '../common/loaders';
import { SubjectModel } from '../subjects/subject.model';
import { ReviewStatus } from './review.enums';
import { ReviewLoader } from './review.loader';
import { toReviewModel } from './review-mapping';
import { ReviewModel } from './review.model';

/** Subject.reviews and Subject.nextReview, on the interface and so on every subject type: reviews read subjects, not the reverse. */
@Resolver(() => SubjectModel)
export class SubjectReviewsResolver {
  constructor(private readonly loader: ReviewLoader) {}

  @ResolveField(() => [ReviewModel])
  async reviews(
    @Parent() subject: SubjectModel,
    @CurrentContext() ctx: Context,
    @Loaders() loaders: LoaderRegistry,
  ): Promise<ReviewModel[]> {
    const today = ctx.today();
    const reviews = await this.loader.forSubject(loaders, ctx, subject.record.subject.id);
    return reviews.map((r) => toReviewModel(r, today));
  }

  @ResolveField(() => ReviewModel, { nullable: true, description: 'The earliest OPEN review' })
  async nextReview(
    @Parent() subject: SubjectModel,
    @CurrentContext() ctx: Context,
    @Loaders() loaders: LoaderRegistry,
  ): Promise<ReviewModel | null> {
    const reviews = await this.loader.forSubject(loaders, ctx, subject.record.subject.id);
    const next = reviews.find((r) => r.status === ReviewStatus.OPEN);
    return next ? toReviewModel(next, ctx.today()) : null;
  }
}
