import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { Actor } from '../auth/actor';
import { AnyRole, CurrentActor, Roles } from '../auth/decorators';
import { Role } from '../auth/role.enum';
import { todayIn } from '../common/calendar';
import { DateScalar } from '../common/date-scalar';
import { LoaderRegistry, Loaders } from '../common/loaders';
import { Connection, toConnection } from '../common/pagination';
import { SubjectLoader } from '../subjects/subject.loader';
import { SubjectModel, toSubjectModel } from '../subjects/subject.model';
import { UserLoader } from '../users/user.loader';
import { UserModel } from '../users/user.model';
import {
  CompleteReviewInput,
  CreateReviewInput,
  ReviewsArgs,
  StartReviewCampaignInput,
  UpdateReviewPolicyInput,
} from './dto/review.inputs';
import { toCampaignModel, toReviewModel } from './review-mapping';
import { ReviewCampaignModel, ReviewModel, ReviewPolicyModel } from './review.model';
import { CampaignFigures, ReviewsService } from './reviews.service';
import { ObjectType } from '@nestjs/graphql';
import DataLoader from 'dataloader';
import { notFound } from '../common/errors';

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
  async review(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string): Promise<ReviewModel> {
    return toReviewModel(await this.service.get(actor, id), todayIn(actor.timeZone));
  }

  @Query(() => ReviewConnection)
  @AnyRole()
  async reviews(@CurrentActor() actor: Actor, @Args() args: ReviewsArgs): Promise<ReviewConnection> {
    const today = todayIn(actor.timeZone);
    return toConnection(await this.service.list(actor, args.filter, args.first, args.after), (r) => toReviewModel(r, today));
  }

  @Query(() => [ReviewCampaignModel])
  @AnyRole()
  async reviewCampaigns(@CurrentActor() actor: Actor): Promise<ReviewCampaignModel[]> {
    return (await this.service.campaigns(actor)).map(toCampaignModel);
  }

  @Query(() => ReviewPolicyModel)
  @AnyRole()
  reviewPolicy(@CurrentActor() actor: Actor): Promise<ReviewPolicyModel> {
    return this.service.policy(actor);
  }

  @Mutation(() => ReviewModel)
  @Roles(Role.ADMIN, Role.SECURITY_OFFICER, Role.PROCUREMENT_OFFICER, Role.STAFF)
  async completeReview(@CurrentActor() actor: Actor, @Args('input') input: CompleteReviewInput): Promise<ReviewModel> {
    return toReviewModel(await this.service.complete(actor, input), todayIn(actor.timeZone));
  }

  @Mutation(() => ReviewModel, { description: 'An AD_HOC review' })
  @Roles(...REVIEW_MANAGERS)
  async createReview(@CurrentActor() actor: Actor, @Args('input') input: CreateReviewInput): Promise<ReviewModel> {
    return toReviewModel(await this.service.create(actor, input), todayIn(actor.timeZone));
  }

  @Mutation(() => ReviewModel)
  @Roles(...REVIEW_MANAGERS)
  async rescheduleReview(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Args('dueDate', { type: () => DateScalar }) dueDate: string,
    @Args('reason') reason: string,
  ): Promise<ReviewModel> {
    return toReviewModel(await this.service.reschedule(actor, id, dueDate, reason), todayIn(actor.timeZone));
  }

  @Mutation(() => ReviewModel)
  @Roles(...REVIEW_MANAGERS)
  async reassignReview(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Args('assigneeId', { type: () => ID, nullable: true }) assigneeId?: string | null,
  ): Promise<ReviewModel> {
    return toReviewModel(await this.service.reassign(actor, id, assigneeId ?? null), todayIn(actor.timeZone));
  }

  @Mutation(() => ReviewModel)
  @Roles(...REVIEW_MANAGERS)
  async cancelReview(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Args('reason') reason: string,
  ): Promise<ReviewModel> {
    return toReviewModel(await this.service.cancel(actor, id, reason), todayIn(actor.timeZone));
  }

  @Mutation(() => ReviewCampaignModel)
  @Roles(...REVIEW_MANAGERS)
  async startReviewCampaign(@CurrentActor() actor: Actor, @Args('input') input: StartReviewCampaignInput): Promise<ReviewCampaignModel> {
    const campaign = await this.service.startCampaign(actor, input);
    const [figures] = await this.service.campaignFigures(actor, [campaign]);
    return toCampaignModel(figures);
  }

  @Mutation(() => ReviewPolicyModel)
  @Roles(Role.ADMIN)
  updateReviewPolicy(@CurrentActor() actor: Actor, @Args('input') input: UpdateReviewPolicyInput): Promise<ReviewPolicyModel> {
    return this.service.updatePolicy(actor, input);
  }

  @ResolveField(() => SubjectModel)
  async subject(@Parent() review: ReviewModel, @Loaders() loaders: LoaderRegistry): Promise<SubjectModel> {
    const record = await this.subjects.load(loaders, review.organizationId, review.subjectId);
    if (!record) throw notFound('登録対象');
    return toSubjectModel(record);
  }

  @ResolveField(() => UserModel, { nullable: true })
  assignee(@Parent() review: ReviewModel, @Loaders() loaders: LoaderRegistry): Promise<UserModel | null> {
    return this.person(loaders, review.organizationId, review.assigneeId);
  }

  @ResolveField(() => UserModel, { nullable: true })
  completedBy(@Parent() review: ReviewModel, @Loaders() loaders: LoaderRegistry): Promise<UserModel | null> {
    return this.person(loaders, review.organizationId, review.completedById);
  }

  @ResolveField(() => ReviewCampaignModel, { nullable: true })
  async campaign(
    @Parent() review: ReviewModel,
    @CurrentActor() actor: Actor,
    @Loaders() loaders: LoaderRegistry,
  ): Promise<ReviewCampaignModel | null> {
    if (!review.campaignId) return null;
    const figures = await loaders
      .get('campaigns', () => new DataLoader<string, CampaignFigures | null>((ids) => this.service.campaignsByIds(actor, ids)))
      .load(review.campaignId);
    return figures ? toCampaignModel(figures) : null;
  }

  private async person(loaders: LoaderRegistry, organizationId: string, id: string | null): Promise<UserModel | null> {
    if (!id) return null;
    const user = await this.users.load(loaders, organizationId, id);
    return user ? UserModel.from(user) : null;
  }
}
