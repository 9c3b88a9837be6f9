import { Args, ID, Mutation, ObjectType, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import DataLoader from 'dataloader';
import { AnyRole, CurrentContext, Roles } from '../common/decorators';
import { Context } from '../common/context';
import { notFound } from '../common/errors';
import { LoaderRegistry, Loaders } from '../common/loaders';
import { Connection, toConnection } from '../common/pagination';
import { SubjectLoader } from '../subjects/subject.loader';
import { SubjectModel, toSubjectModel } from '../subjects/subject.model';
import { UserLoader } from '../users/user.loader';
import { UserModel } from '../users/user.model';
import {
  CancelReviewArgs,
  CompleteReviewInput,
  CreateReviewInput,
  RescheduleReviewArgs,
  ReviewsArgs,
  StartReviewCampaignInput,
  UpdateReviewPolicyInput,
} from './dto/review.inputs';
import { toCampaignModel, toReviewModel } from './review-mapping';
import { ReviewCampaignModel, ReviewModel, ReviewPolicyModel } from './review.model';
import { Role } from '../common/role';
import { CampaignFigures, REVIEW_COMPLETERS, ReviewsService } from './reviews.service';

@ObjectType('ReviewConnection')
export class ReviewConnection extends Connection(ReviewModel, 'Review') {}

const REVIEW_MANAGERS = [Role.SECURITY_OFFICER, Role.ADMIN];

@Resolver(() => ReviewModel)
export class ReviewsResolver {
  constructor(
    private readonly service: ReviewsService,
    private readonly subjects: SubjectLoader,
    private readonly users: UserLoader,
  ) {}

  @Query(() => ReviewModel, { nullable: true })
  @AnyRole()
  async review(@CurrentContext() ctx: Context, @Args('id', { type: () => ID }) id: string): Promise<ReviewModel> {
    return toReviewModel(await this.service.get(ctx, id), ctx.today());
  }

  @Query(() => ReviewConnection)
  @AnyRole()
  async reviews(@CurrentContext() ctx: Context, @Args() args: ReviewsArgs): Promise<ReviewConnection> {
    const today = ctx.today();
    return toConnection(await this.service.list(ctx, args.filter, args.first, args.after), (r) => toReviewModel(r, today));
  }

  @Query(() => [ReviewCampaignModel])
  @AnyRole()
  async reviewCampaigns(@CurrentContext() ctx: Context): Promise<ReviewCampaignModel[]> {
    return (await this.service.campaigns(ctx)).map(toCampaignModel);
  }

  @Query(() => ReviewPolicyModel)
  @AnyRole()
  reviewPolicy(@CurrentContext() ctx: Context): Promise<ReviewPolicyModel> {
    return this.service.policy(ctx);
  }

  @Mutation(() => ReviewModel)
  @Roles(...REVIEW_COMPLETERS)
  async completeReview(@CurrentContext() ctx: Context, @Args('input') input: CompleteReviewInput): Promise<ReviewModel> {
    return toReviewModel(await this.service.complete(ctx, input), ctx.today());
  }

  @Mutation(() => ReviewModel, { description: 'An AD_HOC review' })
  @Roles(...REVIEW_MANAGERS)
  async createReview(@CurrentContext() ctx: Context, @Args('input') input: CreateReviewInput): Promise<ReviewModel> {
    return toReviewModel(await this.service.create(ctx, input), ctx.today());
  }

  @Mutation(() => ReviewModel)
  @Roles(...REVIEW_MANAGERS)
  async rescheduleReview(@CurrentContext() ctx: Context, @Args() args: RescheduleReviewArgs): Promise<ReviewModel> {
    return toReviewModel(await this.service.reschedule(ctx, args.id, args.dueDate, args.reason), ctx.today());
  }

  @Mutation(() => ReviewModel)
  @Roles(...REVIEW_MANAGERS)
  async reassignReview(
    @CurrentContext() ctx: Context,
    @Args('id', { type: () => ID }) id: string,
    @Args('assigneeId', { type: () => ID, nullable: true }) assigneeId?: string | null,
  ): Promise<ReviewModel> {
    return toReviewModel(await this.service.reassign(ctx, id, assigneeId ?? null), ctx.today());
  }

  @Mutation(() => ReviewModel)
  @Roles(...REVIEW_MANAGERS)
  async cancelReview(@CurrentContext() ctx: Context, @Args() args: CancelReviewArgs): Promise<ReviewModel> {
    return toReviewModel(await this.service.cancel(ctx, args.id, args.reason), ctx.today());
  }

  @Mutation(() => ReviewCampaignModel)
  @Roles(...REVIEW_MANAGERS)
  async startReviewCampaign(@CurrentContext() ctx: Context, @Args('input') input: StartReviewCampaignInput): Promise<ReviewCampaignModel> {
    const campaign = await this.service.startCampaign(ctx, input);
    const [figures] = await this.service.campaignFigures(ctx, [campaign]);
    return toCampaignModel(figures);
  }

  @Mutation(() => ReviewPolicyModel)
  @Roles(Role.ADMIN)
  updateReviewPolicy(@CurrentContext() ctx: Context, @Args('input') input: UpdateReviewPolicyInput): Promise<ReviewPolicyModel> {
    return this.service.updatePolicy(ctx, input);
  }

  @ResolveField(() => SubjectModel)
  async subject(@Parent() review: ReviewModel, @CurrentContext() ctx: Context, @Loaders() loaders: LoaderRegistry): Promise<SubjectModel> {
    const record = await this.subjects.load(loaders, ctx, review.subjectId);
    if (!record) throw notFound('登録対象');
    return toSubjectModel(record);
  }

  @ResolveField(() => UserModel, { nullable: true })
  assignee(@Parent() review: ReviewModel, @CurrentContext() ctx: Context, @Loaders() loaders: LoaderRegistry): Promise<UserModel | null> {
    return this.person(loaders, ctx, review.assigneeId);
  }

  @ResolveField(() => UserModel, { nullable: true })
  completedBy(
    @Parent() review: ReviewModel,
    @CurrentContext() ctx: Context,
    @Loaders() loaders: LoaderRegistry,
  ): Promise<UserModel | null> {
    return this.person(loaders, ctx, review.completedById);
  }

  @ResolveField(() => ReviewCampaignModel, { nullable: true })
  async campaign(
    @Parent() review: ReviewModel,
    @CurrentContext() ctx: Context,
    @Loaders() loaders: LoaderRegistry,
  ): Promise<ReviewCampaignModel | null> {
    if (!review.campaignId) return null;
    const figures = await loaders
      .get('campaigns', () => new DataLoader<string, CampaignFigures | null>((ids) => this.service.campaignsByIds(ctx, ids)))
      .load(review.campaignId);
    return figures ? toCampaignModel(figures) : null;
  }

  private async person(loaders: LoaderRegistry, ctx: Context, id: string | null): Promise<UserModel | null> {
    if (!id) return null;
    const user = await this.users.load(loaders, ctx, id);
    return user ? UserModel.from(user) : null;
  }
}
