import { Args, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/decorators';
import { Role } from '../auth/role.enum';
import { LoaderRegistry, Loaders } from '../common/loaders';
import { UserLoader } from '../users/user.loader';
import { UserModel } from '../users/user.model';
import { EvidenceFields, EvidenceVersionModel, RequirementStatusModel } from './compliance.model';
import { DecideRequirementEvidenceInput, RecordRequirementEvidenceInput, RequestRequirementWaiverInput } from './dto/evidence.inputs';
import { EvidenceService, EvidenceTarget } from './evidence.service';
import { requirementStatus } from './requirement-status';
import { EvidenceVersionEntity } from './evidence-version.entity';
import { Database } from '../database/database';

/** Who may try to record; the service narrows it to procurement officers, admins and the subject's owner. */
const RECORDERS = [Role.ADMIN, Role.PROCUREMENT_OFFICER, Role.SECURITY_OFFICER, Role.STAFF];

@Resolver()
export class EvidenceResolver {
  constructor(
    private readonly evidence: EvidenceService,
    private readonly database: Database,
  ) {}

  @Mutation(() => RequirementStatusModel)
  @Roles(...RECORDERS)
  async recordRequirementEvidence(
    @CurrentActor() actor: Actor,
    @Args('input') input: RecordRequirementEvidenceInput,
  ): Promise<RequirementStatusModel> {
    return this.status(actor, await this.evidence.record(actor, input));
  }

  @Mutation(() => RequirementStatusModel)
  @Roles(...RECORDERS)
  async requestRequirementWaiver(
    @CurrentActor() actor: Actor,
    @Args('input') input: RequestRequirementWaiverInput,
  ): Promise<RequirementStatusModel> {
    return this.status(actor, await this.evidence.requestWaiver(actor, input));
  }

  @Mutation(() => RequirementStatusModel)
  @Roles(Role.ADMIN, Role.SECURITY_OFFICER)
  async decideRequirementEvidence(
    @CurrentActor() actor: Actor,
    @Args('input') input: DecideRequirementEvidenceInput,
  ): Promise<RequirementStatusModel> {
    return this.status(actor, await this.evidence.decide(actor, input));
  }

  private async status(actor: Actor, target: EvidenceTarget): Promise<RequirementStatusModel> {
    const versions = await this.database.manager.find(EvidenceVersionEntity, {
      where: { organizationId: actor.organizationId, subjectId: target.record.subject.id, requirementCode: target.requirement.code },
    });
    return requirementStatus(target.requirement, true, actor.organizationId, versions);
  }
}

/** recordedBy / decidedBy of statuses and versions, through the per-request user loader. */
function EvidencePeople<T extends EvidenceFields>(type: new () => T) {
  @Resolver(() => type, { isAbstract: true })
  abstract class EvidencePeopleResolver {
    constructor(readonly users: UserLoader) {}

    @ResolveField(() => UserModel, { nullable: true })
    recordedBy(@Parent() evidence: T, @Loaders() loaders: LoaderRegistry): Promise<UserModel | null> {
      return this.person(loaders, evidence.organizationId, evidence.recordedById);
    }

    @ResolveField(() => UserModel, { nullable: true })
    decidedBy(@Parent() evidence: T, @Loaders() loaders: LoaderRegistry): Promise<UserModel | null> {
      return this.person(loaders, evidence.organizationId, evidence.decidedById);
    }

    private async person(loaders: LoaderRegistry, organizationId: string, id: string | null): Promise<UserModel | null> {
      if (!id) return null;
      const user = await this.users.load(loaders, organizationId, id);
      return user ? UserModel.from(user) : null;
    }
  }
  return EvidencePeopleResolver;
}

@Resolver(() => RequirementStatusModel)
export class RequirementStatusPeopleResolver extends EvidencePeople(RequirementStatusModel) {}

@Resolver(() => EvidenceVersionModel)
export class EvidenceVersionPeopleResolver extends EvidencePeople(EvidenceVersionModel) {}
