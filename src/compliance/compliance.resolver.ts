import { Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '../auth/actor';
import { AnyRole, CurrentActor } from '../auth/decorators';
import { ComplianceSummaryModel } from './compliance.model';
import { ComplianceSummaryService } from './compliance-summary.service';

@Resolver()
export class ComplianceResolver {
  constructor(private readonly summaries: ComplianceSummaryService) {}

  @Query(() => ComplianceSummaryModel)
  @AnyRole()
  complianceSummary(@CurrentActor() actor: Actor): Promise<ComplianceSummaryModel> {
    return this.summaries.summary(actor);
  }
}
