import { Injectable } from '@nestjs/common';
import { Context } from '../common/context';
import { SubjectKind } from '../domain/subject.enums';
import { ComplianceStatus } from '../domain/compliance.enums';
import { ComplianceSummaryModel, KindSummaryModel } from './compliance.model';
import { ComplianceSummaryRepository } from './compliance-summary.repository';

@Injectable()
export class ComplianceSummaryService {
  constructor(private readonly figures: ComplianceSummaryRepository) {}

  /** The dashboard figures over ACTIVE subjects, as of today. */
  async summary(ctx: Context): Promise<ComplianceSummaryModel> {
    const { byStatus, byFinding, expiring, overdue, dueSoon } = await this.figures.counts(ctx);
    const byKind: KindSummaryModel[] = Object.values(SubjectKind).map((kind) => {
      const rows = byStatus.filter((r) => r.kind === kind);
      const count = (status: ComplianceStatus): number => rows.find((r) => r.status === status)?.count ?? 0;
      return {
        kind,
        total: rows.reduce((sum, r) => sum + r.count, 0),
        compliant: count(ComplianceStatus.COMPLIANT),
        pendingReview: count(ComplianceStatus.PENDING_REVIEW),
        nonCompliant: count(ComplianceStatus.NON_COMPLIANT),
      };
    });
    const sum = (pick: (k: KindSummaryModel) => number): number => byKind.reduce((total, k) => total + pick(k), 0);
    return {
      total: sum((k) => k.total),
      compliant: sum((k) => k.compliant),
      pendingReview: sum((k) => k.pendingReview),
      nonCompliant: sum((k) => k.nonCompliant),
      byKind,
      byFinding,
      overdueReviews: overdue,
      reviewsDueWithin30Days: dueSoon,
      certificationsExpiringWithin90Days: expiring,
    };
  }
}
