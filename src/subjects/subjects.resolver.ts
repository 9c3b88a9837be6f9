import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '../auth/actor';
import { AnyRole, CurrentActor, Roles } from '../auth/decorators';
import { Role } from '../auth/role.enum';
import { toConnection } from '../common/pagination';
import {
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
import { SubjectKind } from './subject.enums';
import { SubjectsService } from './subjects.service';

const REGISTRARS = [Role.ADMIN, Role.PROCUREMENT_OFFICER];
/** Who may try an update; the service narrows it (STAFF: own department's accounts; an owner: descriptions only). */
const EDITORS = [Role.ADMIN, Role.PROCUREMENT_OFFICER, Role.SECURITY_OFFICER, Role.STAFF];

@Resolver(() => SubjectModel)
export class SubjectsResolver {
  constructor(private readonly service: SubjectsService) {}

  @Query(() => SubjectModel, { nullable: true })
  @AnyRole()
  async subject(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string): Promise<SubjectModel> {
    return toSubjectModel(await this.service.get(actor, id));
  }

  @Query(() => SubjectConnection)
  @AnyRole()
  async subjects(@CurrentActor() actor: Actor, @Args() args: SubjectsArgs): Promise<SubjectConnection> {
    return toConnection(await this.service.list(actor, args.filter, args.first, args.after), toSubjectModel);
  }

  @Query(() => OutsourcingContractModel, { nullable: true })
  @AnyRole()
  async outsourcingContract(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string): Promise<SubjectModel> {
    return toSubjectModel(await this.service.get(actor, id, SubjectKind.OUTSOURCING_CONTRACT));
  }

  @Query(() => CloudServiceModel, { nullable: true })
  @AnyRole()
  async cloudService(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string): Promise<SubjectModel> {
    return toSubjectModel(await this.service.get(actor, id, SubjectKind.CLOUD_SERVICE));
  }

  @Query(() => SocialMediaAccountModel, { nullable: true })
  @AnyRole()
  async socialMediaAccount(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string): Promise<SubjectModel> {
    return toSubjectModel(await this.service.get(actor, id, SubjectKind.SOCIAL_MEDIA_ACCOUNT));
  }

  @Mutation(() => OutsourcingContractModel)
  @Roles(...REGISTRARS)
  async createOutsourcingContract(
    @CurrentActor() actor: Actor,
    @Args('input') input: CreateOutsourcingContractInput,
  ): Promise<SubjectModel> {
    return toSubjectModel(await this.service.createOutsourcingContract(actor, input));
  }

  @Mutation(() => OutsourcingContractModel)
  @Roles(...EDITORS)
  async updateOutsourcingContract(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateOutsourcingContractInput,
  ): Promise<SubjectModel> {
    return toSubjectModel(await this.service.updateOutsourcingContract(actor, id, input));
  }

  @Mutation(() => CloudServiceModel)
  @Roles(...REGISTRARS)
  async createCloudService(@CurrentActor() actor: Actor, @Args('input') input: CreateCloudServiceInput): Promise<SubjectModel> {
    return toSubjectModel(await this.service.createCloudService(actor, input));
  }

  @Mutation(() => CloudServiceModel)
  @Roles(...EDITORS)
  async updateCloudService(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateCloudServiceInput,
  ): Promise<SubjectModel> {
    return toSubjectModel(await this.service.updateCloudService(actor, id, input));
  }

  @Mutation(() => SocialMediaAccountModel)
  @Roles(Role.ADMIN, Role.PROCUREMENT_OFFICER, Role.STAFF)
  async createSocialMediaAccount(@CurrentActor() actor: Actor, @Args('input') input: CreateSocialMediaAccountInput): Promise<SubjectModel> {
    return toSubjectModel(await this.service.createSocialMediaAccount(actor, input));
  }

  @Mutation(() => SocialMediaAccountModel)
  @Roles(...EDITORS)
  async updateSocialMediaAccount(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateSocialMediaAccountInput,
  ): Promise<SubjectModel> {
    return toSubjectModel(await this.service.updateSocialMediaAccount(actor, id, input));
  }

  @Mutation(() => SubjectModel)
  @Roles(...REGISTRARS)
  async archiveSubject(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Args('reason') reason: string,
  ): Promise<SubjectModel> {
    return toSubjectModel(await this.service.archive(actor, id, reason));
  }

  @Mutation(() => Int, { description: 'Personnel rotation: every subject (and, with reviews, every open review); returns the count' })
  @Roles(Role.ADMIN)
  transferOwnership(
    @CurrentActor() actor: Actor,
    @Args('fromUserId', { type: () => ID }) fromUserId: string,
    @Args('toUserId', { type: () => ID }) toUserId: string,
  ): Promise<number> {
    return this.service.transferOwnership(actor, fromUserId, toUserId);
  }
}
