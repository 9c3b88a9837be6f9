import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Context } from '../common/context';
import { AnyRole, CurrentContext, Roles } from '../common/decorators';
import { Role } from '../common/role';
import { toConnection } from '../common/pagination';
import {
  ArchiveSubjectArgs,
  CreateCloudServiceInput,
  CreateOutsourcingContractInput,
  CreateSocialMediaAccountInput,
  SubjectsArgs,
  UpdateCloudServiceInput,
  UpdateOutsourcingContractInput,
  UpdateSocialMediaAccountInput,
} from './dto/subject.inputs';
import {
  CloudServiceModel,
  OutsourcingContractModel,
  SocialMediaAccountModel,
  SubjectConnection,
  SubjectModel,
  toSubjectModel,
} from './subject.model';
import { SubjectKind } from '../domain/subject.enums';
import { SubjectsService } from './subjects.service';

const REGISTRARS = [Role.ADMIN, Role.PROCUREMENT_OFFICER];
/** Who may try an update; the service narrows it (STAFF: own department's accounts; an owner: descriptions only). */
const EDITORS = [Role.ADMIN, Role.PROCUREMENT_OFFICER, Role.SECURITY_OFFICER, Role.STAFF];

@Resolver(() => SubjectModel)
export class SubjectsResolver {
  constructor(private readonly service: SubjectsService) {}

  @Query(() => SubjectModel, { nullable: true })
  @AnyRole()
  async subject(@CurrentContext() ctx: Context, @Args('id', { type: () => ID }) id: string): Promise<SubjectModel> {
    return toSubjectModel(await this.service.get(ctx, id));
  }

  @Query(() => SubjectConnection)
  @AnyRole()
  async subjects(@CurrentContext() ctx: Context, @Args() args: SubjectsArgs): Promise<SubjectConnection> {
    return toConnection(await this.service.list(ctx, args.filter, args.first, args.after), toSubjectModel);
  }

  @Query(() => OutsourcingContractModel, { nullable: true })
  @AnyRole()
  async outsourcingContract(@CurrentContext() ctx: Context, @Args('id', { type: () => ID }) id: string): Promise<SubjectModel> {
    return toSubjectModel(await this.service.get(ctx, id, SubjectKind.OUTSOURCING_CONTRACT));
  }

  @Query(() => CloudServiceModel, { nullable: true })
  @AnyRole()
  async cloudService(@CurrentContext() ctx: Context, @Args('id', { type: () => ID }) id: string): Promise<SubjectModel> {
    return toSubjectModel(await this.service.get(ctx, id, SubjectKind.CLOUD_SERVICE));
  }

  @Query(() => SocialMediaAccountModel, { nullable: true })
  @AnyRole()
  async socialMediaAccount(@CurrentContext() ctx: Context, @Args('id', { type: () => ID }) id: string): Promise<SubjectModel> {
    return toSubjectModel(await this.service.get(ctx, id, SubjectKind.SOCIAL_MEDIA_ACCOUNT));
  }

  @Mutation(() => OutsourcingContractModel)
  @Roles(...REGISTRARS)
  async createOutsourcingContract(
    @CurrentContext() ctx: Context,
    @Args('input') input: CreateOutsourcingContractInput,
  ): Promise<SubjectModel> {
    return toSubjectModel(await this.service.createOutsourcingContract(ctx, input));
  }

  @Mutation(() => OutsourcingContractModel)
  @Roles(...EDITORS)
  async updateOutsourcingContract(
    @CurrentContext() ctx: Context,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateOutsourcingContractInput,
  ): Promise<SubjectModel> {
    return toSubjectModel(await this.service.updateOutsourcingContract(ctx, id, input));
  }

  @Mutation(() => CloudServiceModel)
  @Roles(...REGISTRARS)
  async createCloudService(@CurrentContext() ctx: Context, @Args('input') input: CreateCloudServiceInput): Promise<SubjectModel> {
    return toSubjectModel(await this.service.createCloudService(ctx, input));
  }

  @Mutation(() => CloudServiceModel)
  @Roles(...EDITORS)
  async updateCloudService(
    @CurrentContext() ctx: Context,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateCloudServiceInput,
  ): Promise<SubjectModel> {
    return toSubjectModel(await this.service.updateCloudService(ctx, id, input));
  }

  @Mutation(() => SocialMediaAccountModel)
  @Roles(Role.ADMIN, Role.PROCUREMENT_OFFICER, Role.STAFF)
  async createSocialMediaAccount(
    @CurrentContext() ctx: Context,
    @Args('input') input: CreateSocialMediaAccountInput,
  ): Promise<SubjectModel> {
    return toSubjectModel(await this.service.createSocialMediaAccount(ctx, input));
  }

  @Mutation(() => SocialMediaAccountModel)
  @Roles(...EDITORS)
  async updateSocialMediaAccount(
    @CurrentContext() ctx: Context,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateSocialMediaAccountInput,
  ): Promise<SubjectModel> {
    return toSubjectModel(await this.service.updateSocialMediaAccount(ctx, id, input));
  }

  @Mutation(() => SubjectModel)
  @Roles(...REGISTRARS)
  async archiveSubject(@CurrentContext() ctx: Context, @Args() args: ArchiveSubjectArgs): Promise<SubjectModel> {
    return toSubjectModel(await this.service.archive(ctx, args.id, args.reason));
  }

  @Mutation(() => Int, { description: 'Personnel rotation: every subject (and, with reviews, every open review); returns the count' })
  @Roles(Role.ADMIN)
  transferOwnership(
    @CurrentContext() ctx: Context,
    @Args('fromUserId', { type: () => ID }) fromUserId: string,
    @Args('toUserId', { type: () => ID }) toUserId: string,
  ): Promise<number> {
    return this.service.transferOwnership(ctx, fromUserId, toUserId);
  }
}
