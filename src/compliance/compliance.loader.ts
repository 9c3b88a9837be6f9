import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { Context } from '../common/context';
import { LoaderRegistry } from '../common/loaders';
import { CatalogEntry } from '../requirements/requirement-catalog';
import { RequirementsRepository } from '../requirements/requirements.repository';
import { SubjectRecord } from '../subjects/subject-record';
import { VendorsRepository } from '../vendors/vendors.repository';
import { datedFindings, Finding, statusOf } from './compliance-rules';
import { CertificationFact } from '../vendors/certification-rules';
import { FindingCode } from '../domain/compliance.enums';
import { ComplianceStatus } from '../domain/compliance.enums';
import { EvidenceVersionEntity } from './evidence-version.entity';
import { EvidenceRepository } from './evidence.repository';
import { FindingsRepository } from './findings.repository';

export interface SubjectCompliance {
  status: ComplianceStatus;
  findings: Finding[];
}

/**
 * Reads compliance for many subjects at once: the stored static findings plus the dated findings
 * as of today. The same rules produce the stored status the subjects filter and the summary use.
 */
@Injectable()
export class ComplianceLoader {
  constructor(
    private readonly findings: FindingsRepository,
    private readonly evidenceVersions: EvidenceRepository,
    private readonly requirements: RequirementsRepository,
    private readonly vendors: VendorsRepository,
  ) {}

  compliance(loaders: LoaderRegistry, ctx: Context, record: SubjectRecord): Promise<SubjectCompliance> {
    const today = ctx.today();
    return loaders
      .get(
        `compliance:${ctx.organizationId}:${today}`,
        () =>
          new DataLoader<SubjectRecord, SubjectCompliance, string>(
            async (records) => {
              const ids = records.map((r) => r.subject.id);
              const stored = await this.findings.ofSubjects(ctx, ids);
              const vendorIds = [...new Set(records.map((r) => r.subject.vendorId).filter((id): id is string => id !== null))];
              const certifications = await this.vendors.certificationFacts(ctx, vendorIds);
              return records.map((r) => {
                const findings: Finding[] = [
                  ...stored
                    .filter((f) => f.subjectId === r.subject.id)
                    .map((f) => ({ code: f.code as FindingCode, requirementCode: f.requirementCode, message: f.message })),
                  ...datedFindings(
                    {
                      kind: r.subject.kind,
                      status: r.subject.status,
                      riskTier: r.subject.riskTier,
                      endDate: r.subject.endsOn,
                      vendorCertifications: r.subject.vendorId ? (certifications.get(r.subject.vendorId) ?? []) : [],
                      earliestOpenReviewDue: r.subject.nextReviewDue,
                    },
                    today,
                  ),
                ];
                return { status: statusOf(findings), findings };
              });
            },
            { cacheKeyFn: (r) => r.subject.id },
          ),
      )
      .load(record);
  }

  /**
   * The status alone, for a list that does not show the findings: the stored static status made
   * NON_COMPLIANT by any dated finding, the same rule as EFFECTIVE_STATUS, without reading findings.
   */
  async status(loaders: LoaderRegistry, ctx: Context, record: SubjectRecord): Promise<ComplianceStatus> {
    const { subject } = record;
    const today = ctx.today();
    const certifications = subject.vendorId ? await this.vendorCertifications(loaders, ctx, subject.vendorId) : [];
    const dated = datedFindings(
      {
        kind: subject.kind,
        status: subject.status,
        riskTier: subject.riskTier,
        endDate: subject.endsOn,
        vendorCertifications: certifications,
        earliestOpenReviewDue: subject.nextReviewDue,
      },
      today,
    );
    return dated.length > 0 ? ComplianceStatus.NON_COMPLIANT : subject.staticStatus;
  }

  private vendorCertifications(loaders: LoaderRegistry, ctx: Context, vendorId: string): Promise<CertificationFact[]> {
    return loaders
      .get(
        `vendor-certifications:${ctx.organizationId}`,
        () =>
          new DataLoader<string, CertificationFact[]>(async (ids) => {
            const certifications = await this.vendors.certificationFacts(ctx, ids);
            return ids.map((id) => certifications.get(id) ?? []);
          }),
      )
      .load(vendorId);
  }

  /** The organization's catalog, once per request. */
  catalog(loaders: LoaderRegistry, ctx: Context): Promise<CatalogEntry[]> {
    return loaders
      .get(
        `catalog`,
        () => new DataLoader<string, CatalogEntry[]>(async (orgIds) => Promise.all(orgIds.map(() => this.requirements.catalog(ctx)))),
      )
      .load(ctx.organizationId);
  }

  /** Every evidence version of the subject, newest first, batched over the subjects of a page. */
  evidence(loaders: LoaderRegistry, ctx: Context, subjectId: string): Promise<EvidenceVersionEntity[]> {
    return loaders
      .get(
        `evidence:${ctx.organizationId}`,
        () =>
          new DataLoader<string, EvidenceVersionEntity[]>(async (ids) => {
            const rows = await this.evidenceVersions.ofSubjects(ctx, ids);
            return ids.map((id) => rows.filter((row) => row.subjectId === id));
          }),
      )
      .load(subjectId);
  }
}
