import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Context } from '../common/context';
import { AnyRole, CurrentContext, Roles } from '../common/decorators';
import { Role } from '../common/role';
import { SubjectKind } from '../domain/subject.enums';
import { CreateRequirementInput, SetRequirementActiveArgs } from './dto/requirement.inputs';
import { RequirementModel } from './requirement.model';
import { RequirementsService } from './requirements.service';

@Resolver(() => RequirementModel)
export class RequirementsResolver {
  constructor(private readonly service: RequirementsService) {}

  @Query(() => [RequirementModel])
  @AnyRole()
  async requirements(
    @CurrentContext() ctx: Context,
    @Args('subjectKind', { type: () => SubjectKind, nullable: true }) subjectKind?: SubjectKind,
  ): Promise<RequirementModel[]> {
    return (await this.service.list(ctx, subjectKind ?? undefined)).map((entry) => RequirementModel.from(entry));
  }

  @Mutation(() => RequirementModel)
  @Roles(Role.ADMIN)
  async createRequirement(@CurrentContext() ctx: Context, @Args('input') input: CreateRequirementInput): Promise<RequirementModel> {
    return RequirementModel.from(await this.service.create(ctx, input));
  }

  @Mutation(() => RequirementModel)
  @Roles(Role.ADMIN)
  async setRequirementActive(@CurrentContext() ctx: Context, @Args() args: SetRequirementActiveArgs): Promise<RequirementModel> {
    return RequirementModel.from(await this.service.setActive(ctx, args.code, args.active, args.reason));
  }
}
