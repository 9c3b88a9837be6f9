import { Args, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentContext, Roles } from '../common/decorators';
import { Context } from '../common/context';
import { Role } from '../common/role';
import { LoaderRegistry, Loaders } from '../common/loaders';
import { UserLoader } from '../users/user.loader';
import { UserModel } from '../users/user.model';
import { EvidenceFields, EvidenceVersionModel, RequirementStatusModel } from './compliance.model';
import { DecideRequirementEvidenceInput, RecordRequirementEvidenceInput, RequestRequirementWaiverInput } from './dto/evidence.inputs';
import { EvidenceTarget } from './evidence-targets';
import { EvidenceService } from './evidence.service';
import { requirementStatus } from './requirement-status';

/** Who may try to record; the service narrows it to procurement officers, admins and the subject's owner. */
const RECORDERS = [Role.ADMIN, Role.PROCUREMENT_OFFICER, Role.SECURITY_OFFICER, Role.STAFF];

@Resolver()
export class EvidenceResolver {
  constructor(private readonly evidence: EvidenceService) {}

  @Mutation(() => RequirementStatusModel)
  @Roles(...RECORDERS)
  async recordRequirementEvidence(
    @CurrentContext() ctx: Context,
    @Args('input') input: RecordRequirementEvidenceInput,
  ): Promise<RequirementStatusModel> {
    return this.status(ctx, await this.evidence.record(ctx, input));
  }

  @Mutation(() => RequirementStatusModel)
  @Roles(...RECORDERS)
  async requestRequirementWaiver(
    @CurrentContext() ctx: Context,
    @Args('input') input: RequestRequirementWaiverInput,
  ): Promise<RequirementStatusModel> {
    return this.status(ctx, await this.evidence.requestWaiver(ctx, input));
  }

  @Mutation(() => RequirementStatusModel)
  @Roles(Role.ADMIN, Role.SECURITY_OFFICER)
  async decideRequirementEvidence(
    @CurrentContext() ctx: Context,
    @Args('input') input: DecideRequirementEvidenceInput,
  ): Promise<RequirementStatusModel> {
    return this.status(ctx, await this.evidence.decide(ctx, input));
  }

  private async status(ctx: Context, target: EvidenceTarget): Promise<RequirementStatusModel> {
    return requirementStatus(target.requirement, true, ctx.organizationId, await this.evidence.versions(ctx, target));
  }
}

/** recordedBy / decidedBy of statuses and versions, through the per-request user loader. */
function EvidencePeople<T extends EvidenceFields>(type: new () => T) {
  @Resolver(() => type, { isAbstract: true })
  abstract class EvidencePeopleResolver {
    constructor(readonly users: UserLoader) {}

    @ResolveField(() => UserModel, { nullable: true })
    recordedBy(@Parent() evidence: T, @CurrentContext() ctx: Context, @Loaders() loaders: LoaderRegistry): Promise<UserModel | null> {
      return this.person(loaders, ctx, evidence.recordedById);
    }

    @ResolveField(() => UserModel, { nullable: true })
    decidedBy(@Parent() evidence: T, @CurrentContext() ctx: Context, @Loaders() loaders: LoaderRegistry): Promise<UserModel | null> {
      return this.person(loaders, ctx, evidence.decidedById);
    }

    private async person(loaders: LoaderRegistry, ctx: Context, id: string | null): Promise<UserModel | null> {
      if (!id) return null;
      const user = await this.users.load(loaders, ctx, id);
      return user ? UserModel.from(user) : null;
    }
  }
  return EvidencePeopleResolver;
}

@Resolver(() => RequirementStatusModel)
export class RequirementStatusPeopleResolver extends EvidencePeople(RequirementStatusModel) {}

@Resolver(() => EvidenceVersionModel)
export class EvidenceVersionPeopleResolver extends EvidencePeople(EvidenceVersionModel) {}
