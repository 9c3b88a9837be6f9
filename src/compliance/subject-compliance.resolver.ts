import { Info, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphQLResolveInfo } from 'graphql';
import { Context } from '../common/context';
import { CurrentContext } from '../common/decorators';
import { LoaderRegistry, Loaders } from '../common/loaders';
import { selects } from '../graphql/selection';
import { SubjectModel } from '../subjects/subject.model';
import { ComplianceModel, RequirementStatusModel } from './compliance.model';
import { ComplianceLoader } from './compliance.loader';
import { requirementStatuses } from './requirement-status';

/** Subject.compliance and Subject.requirements, on the interface and so on every subject type: compliance reads subjects, not the reverse. */
@Resolver(() => SubjectModel)
export class SubjectComplianceResolver {
  constructor(private readonly loader: ComplianceLoader) {}

  @ResolveField(() => ComplianceModel)
  async compliance(
    @Parent() subject: SubjectModel,
    @CurrentContext() ctx: Context,
    @Loaders() loaders: LoaderRegistry,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ComplianceModel> {
    if (selects(info, 'findings')) return this.loader.compliance(loaders, ctx, subject.record);
    // A list showing only the status reads no findings.
    return { status: await this.loader.status(loaders, ctx, subject.record), findings: [] };
  }

  @ResolveField(() => [RequirementStatusModel], { description: 'Applicable ones first' })
  async requirements(
    @Parent() subject: SubjectModel,
    @CurrentContext() ctx: Context,
    @Loaders() loaders: LoaderRegistry,
  ): Promise<RequirementStatusModel[]> {
    const [catalog, versions] = await Promise.all([
      this.loader.catalog(loaders, ctx),
      this.loader.evidence(loaders, ctx, subject.record.subject.id),
    ]);
    return requirementStatuses(catalog, subject.record, versions);
  }
}
