import { Query, Resolver } from '@nestjs/graphql';
import { AnyRole, CurrentContext } from '../common/decorators';
import { Context } from '../common/context';
import { ComplianceSummaryModel } from './compliance.model';
import { ComplianceSummaryService } from './compliance-summary.service';

@Resolver()
export class ComplianceResolver {
  constructor(private readonly summaries: ComplianceSummaryService) {}

  @Query(() => ComplianceSummaryModel)
  @AnyRole()
  complianceSummary(@CurrentContext() ctx: Context): Promise<ComplianceSummaryModel> {
    return this.summaries.summary(ctx);
  }
}
