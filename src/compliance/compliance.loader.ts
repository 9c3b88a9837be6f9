import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { In } from 'typeorm';
import { LoaderRegistry } from '../common/loaders';
import { Database } from '../database/database';
import { CatalogEntry, loadCatalog } from '../requirements/requirement-catalog';
import { SubjectRecord } from '../subjects/subject-record';
import { VendorCertificationEntity } from '../vendors/vendor-certification.entity';
import { CertificationFact, datedFindings, Finding, FindingCode, statusOf } from './compliance-rules';
import { ComplianceStatus } from '../subjects/subject.enums';
import { EvidenceVersionEntity } from './evidence-version.entity';
import { SubjectFindingEntity } from './subject-finding.entity';

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
  constructor(private readonly database: Database) {}

  compliance(loaders: LoaderRegistry, record: SubjectRecord, today: string): Promise<SubjectCompliance> {
    const organizationId = record.subject.organizationId;
    return loaders
      .get(
        `compliance:${organizationId}:${today}`,
        () =>
          new DataLoader<SubjectRecord, SubjectCompliance, string>(
            async (records) => {
              const ids = records.map((r) => r.subject.id);
              const stored = await this.database.manager.find(SubjectFindingEntity, { where: { organizationId, subjectId: In(ids) } });
              const vendorIds = [...new Set(records.map((r) => r.subject.vendorId).filter((id): id is string => id !== null))];
              const certifications = await this.certificationsOf(organizationId, vendorIds);
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
  async status(loaders: LoaderRegistry, record: SubjectRecord, today: string): Promise<ComplianceStatus> {
    const { subject } = record;
    const certifications = subject.vendorId ? await this.vendorCertifications(loaders, subject.organizationId, subject.vendorId) : [];
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

  private vendorCertifications(loaders: LoaderRegistry, organizationId: string, vendorId: string): Promise<CertificationFact[]> {
    return loaders
      .get(
        `vendor-certifications:${organizationId}`,
        () =>
          new DataLoader<string, CertificationFact[]>(async (ids) => {
            const certifications = await this.certificationsOf(organizationId, [...ids]);
            return ids.map((id) => certifications.get(id) ?? []);
          }),
      )
      .load(vendorId);
  }

  /** The certifications of these vendors (type and last valid day), by vendor: CERTIFICATION_EXPIRED names the lapsed ones. */
  private async certificationsOf(organizationId: string, vendorIds: string[]): Promise<Map<string, CertificationFact[]>> {
    const rows = vendorIds.length
      ? await this.database.manager.find(VendorCertificationEntity, {
          select: { vendorId: true, type: true, validUntil: true },
          where: { organizationId, vendorId: In(vendorIds) },
        })
      : [];
    const byVendor = new Map<string, CertificationFact[]>();
    for (const { vendorId, type, validUntil } of rows) byVendor.set(vendorId, [...(byVendor.get(vendorId) ?? []), { type, validUntil }]);
    return byVendor;
  }

  /** The organization's catalog, once per request. */
  catalog(loaders: LoaderRegistry, organizationId: string): Promise<CatalogEntry[]> {
    return loaders
      .get(
        `catalog`,
        () =>
          new DataLoader<string, CatalogEntry[]>(async (orgIds) => Promise.all(orgIds.map((id) => loadCatalog(this.database.manager, id)))),
      )
      .load(organizationId);
  }

  /** Every evidence version of the subject, newest first, batched over the subjects of a page. */
  evidence(loaders: LoaderRegistry, organizationId: string, subjectId: string): Promise<EvidenceVersionEntity[]> {
    return loaders
      .get(
        `evidence:${organizationId}`,
        () =>
          new DataLoader<string, EvidenceVersionEntity[]>(async (ids) => {
            const rows = await this.database.manager.find(EvidenceVersionEntity, {
              where: { organizationId, subjectId: In([...ids]) },
              order: { requirementCode: 'ASC', version: 'DESC' },
            });
            return ids.map((id) => rows.filter((row) => row.subjectId === id));
          }),
      )
      .load(subjectId);
  }
}
