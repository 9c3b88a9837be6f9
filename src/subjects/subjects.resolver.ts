import { Args, ID, Info, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { GraphQLResolveInfo } from 'graphql';
import { Context } from '../common/context';
import { AnyRole, CurrentContext, Roles } from '../common/decorators';
import { Role } from '../common/role';
import { toConnection } from '../common/pagination';
import { selectedAt } from '../graphql/selection';
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
import { SubjectJoins } from './subjects.repository';
import { SubjectRecord } from './subject-record';
import { withResolvedFields } from '../graphql/resolved-fields';
import { UserModel } from '../users/user.model';
import { toModel as toVendorModel } from '../vendors/vendors.resolver';

/**
 * The fields of a subject that its page read with it, as their field resolvers would answer them
 * (SubjectFieldsResolver; SubjectComplianceResolver's status without findings).
 */
function joinedFields(record: SubjectRecord, today: string): Record<string, unknown> {
  const joined = record.joined ?? {};
  const fields: Record<string, unknown> = {};
  if ('owner' in joined) fields.owner = joined.owner ? UserModel.from(joined.owner) : null;
  if ('department' in joined) fields.department = joined.department ? { id: joined.department.id, name: joined.department.name } : null;
  if (joined.vendor) fields.vendor = toVendorModel(joined.vendor, today);
  if (joined.effectiveStatus) fields.compliance = { status: joined.effectiveStatus, findings: [] };
  return fields;
}

/** The fields of a subject that need neither the details of its kind nor its subcontractors. */
const ROW_FIELDS = new Set([
  '__typename',
  'id',
  'kind',
  'name',
  'confidentiality',
  'integrity',
  'availability',
  'riskTier',
  'status',
  'version',
  'createdAt',
  'updatedAt',
  'owner',
  'department',
  'vendor',
  'compliance',
]);

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
  async subjects(@CurrentContext() ctx: Context, @Args() args: SubjectsArgs, @Info() info: GraphQLResolveInfo): Promise<SubjectConnection> {
    const asked = (...path: string[]): Set<string> =>
      new Set([...selectedAt(info, ['nodes', ...path]), ...selectedAt(info, ['edges', 'node', ...path])]);
    const ofNode = asked();
    // What the page shows of each subject comes in the page's one statement, and only that.
    const joins: SubjectJoins = {
      details: [...ofNode].some((name) => !ROW_FIELDS.has(name)),
      owner: ofNode.has('owner'),
      department: ofNode.has('department'),
      vendor: ofNode.has('vendor'),
      vendorCertifications: asked('vendor').has('certifications'),
      status: ofNode.has('compliance') && !asked('compliance').has('findings'),
    };
    const page = await this.service.list(ctx, args.filter, args.first, args.after, joins);
    const today = ctx.today();
    return toConnection(page, (record) => withResolvedFields(toSubjectModel(record), joinedFields(record, today)));
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
