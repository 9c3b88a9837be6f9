import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '../auth/actor';
import { AnyRole, CurrentActor, Roles } from '../auth/decorators';
import { Role } from '../auth/role.enum';
import { SubjectKind } from '../subjects/subject.enums';
import { CreateRequirementInput } from './dto/requirement.inputs';
import { RequirementModel } from './requirement.model';
import { RequirementsService } from './requirements.service';

@Resolver(() => RequirementModel)
export class RequirementsResolver {
  constructor(private readonly service: RequirementsService) {}

  @Query(() => [RequirementModel])
  @AnyRole()
  async requirements(
    @CurrentActor() actor: Actor,
    @Args('subjectKind', { type: () => SubjectKind, nullable: true }) subjectKind?: SubjectKind,
  ): Promise<RequirementModel[]> {
    return (await this.service.list(actor, subjectKind ?? undefined)).map((entry) => RequirementModel.from(entry));
  }

  @Mutation(() => RequirementModel)
  @Roles(Role.ADMIN)
  async createRequirement(@CurrentActor() actor: Actor, @Args('input') input: CreateRequirementInput): Promise<RequirementModel> {
    return RequirementModel.from(await this.service.create(actor, input));
  }

  @Mutation(() => RequirementModel)
  @Roles(Role.ADMIN)
  async setRequirementActive(
    @CurrentActor() actor: Actor,
    @Args('code') code: string,
    @Args('active') active: boolean,
    @Args('reason') reason: string,
  ): Promise<RequirementModel> {
    return RequirementModel.from(await this.service.setActive(actor, code, active, reason));
  }
}
