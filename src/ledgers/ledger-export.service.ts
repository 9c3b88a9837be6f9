import { Injectable } from '@nestjs/common';
import { Context } from '../common/context';
import { LoaderRegistry } from '../common/loaders';
import { ComplianceLoader, SubjectCompliance } from '../compliance/compliance.loader';
import { SubjectFilter } from '../subjects/dto/subject.inputs';
import { SubjectRecord } from '../subjects/subject-record';
import { SubjectStatus } from '../domain/subject.enums';
import { SubjectsService } from '../subjects/subjects.service';
import { UserEntity } from '../users/user.entity';
import { VendorEntity } from '../vendors/vendor.entity';
import { VendorWithCertifications } from '../vendors/vendors.repository';
import { VendorsService } from '../vendors/vendors.service';
import { CellValue, formatCell, formatCertification, OutputCell } from './cell-values';
import { toEraDate } from './era-date';
import {
  CERTIFICATION_TYPES,
  COMPLIANCE_STATUSES,
  exportColumns,
  labelOf,
  LedgerDefinition,
  LEDGERS,
  LedgerKind,
  RISK_TIERS,
} from './ledger-columns';
import { LedgerLookups } from './ledger-lookups';
import { TableOutput } from './ledger-output';
import { headerRows, tableLayoutOf } from './ledger-template';

/** Rows read per page: keyset pagination, so a 50,000-row register is never in memory at once. */
export const EXPORT_PAGE_SIZE = 500;

type FieldValues = Record<string, CellValue | null | undefined>;

/**
 * Writes a register as the ledger file it can be imported from again: the template's two header
 * rows, the entered columns (each date with its era form beside it), then owner name, risk tier,
 * compliance status, the findings in words and the next review's due date. Reads the rows through
 * the same `subjects` listing as the API, page by page.
 */
@Injectable()
export class LedgerExportService {
  constructor(
    private readonly subjects: SubjectsService,
    private readonly vendors: VendorsService,
    private readonly compliance: ComplianceLoader,
    private readonly lookups: LedgerLookups,
  ) {}

  async write(ctx: Context, kind: LedgerKind, filter: SubjectFilter, output: TableOutput): Promise<void> {
    const definition = LEDGERS[kind];
    const columns = exportColumns(definition);
    const sheet = await output.sheet(
      definition.title,
      columns.map((c) => Math.min(40, Math.max(12, c.header.length * 2 + 4))),
      tableLayoutOf(columns),
    );
    for (const row of headerRows(columns)) await sheet.addRow(row);
    const toCells = (values: FieldValues): OutputCell[] =>
      columns.map(({ field, column }) => (column ? formatCell(column.cell, values[field]) : ((values[field] ?? null) as OutputCell)));
    if (definition.subjectKind === null) {
      for await (const vendor of this.allVendors(ctx, filter.search)) await sheet.addRow(toCells(vendorValues(vendor)));
    } else {
      for await (const values of this.subjectRows(ctx, definition, filter)) await sheet.addRow(toCells(values));
    }
    await output.finish();
  }

  private async *allVendors(ctx: Context, search: string | undefined): AsyncGenerator<VendorWithCertifications> {
    let after: string | undefined;
    for (;;) {
      const page = await this.vendors.list(ctx, { search }, EXPORT_PAGE_SIZE, after);
      yield* page.nodes;
      if (!page.hasNextPage || page.nodes.length === 0) return;
      after = page.cursorOf(page.nodes[page.nodes.length - 1]);
    }
  }

  private async *subjectRows(ctx: Context, definition: LedgerDefinition, filter: SubjectFilter): AsyncGenerator<FieldValues> {
    const departments = new Map((await this.lookups.departments(ctx)).map((d) => [d.id, d.name]));
    for await (const page of subjectPages(this.subjects, ctx, { ...filter, kind: definition.subjectKind! })) {
      const [users, vendors, compliance, reviewed] = await Promise.all([
        this.usersOf(ctx, page),
        this.vendorsOf(ctx, page),
        this.complianceOf(ctx, page),
        this.lookups.lastCompletedReviews(
          ctx,
          page.map((record) => record.subject.id),
        ),
      ]);
      for (const record of page) {
        yield subjectValues(record, {
          users,
          vendors,
          departments,
          compliance: compliance.get(record.subject.id)!,
          lastReviewedOn: latest(record.subject.lastReviewedOn, reviewed.get(record.subject.id)),
        });
      }
    }
  }

  private async usersOf(ctx: Context, page: SubjectRecord[]): Promise<Map<string, UserEntity>> {
    const ids = [...new Set(page.map((r) => r.subject.ownerId).filter((id): id is string => id !== null))];
    return new Map((await this.lookups.usersByIds(ctx, ids)).map((u) => [u.id, u]));
  }

  private async vendorsOf(ctx: Context, page: SubjectRecord[]): Promise<Map<string, VendorEntity>> {
    const ids = [...new Set(page.flatMap((r) => [r.subject.vendorId, ...r.subcontractorIds]).filter((id): id is string => id !== null))];
    return new Map((await this.lookups.vendorsByIds(ctx, ids)).map((v) => [v.id, v]));
  }

  private async complianceOf(ctx: Context, page: SubjectRecord[]): Promise<Map<string, SubjectCompliance>> {
    const loaders = new LoaderRegistry();
    const results = await Promise.all(page.map((record) => this.compliance.compliance(loaders, ctx, record)));
    return new Map(page.map((record, index) => [record.subject.id, results[index]]));
  }
}

/** Every subject the filter selects, a page at a time, in the `subjects` query's order. */
export async function* subjectPages(subjects: SubjectsService, ctx: Context, filter: SubjectFilter): AsyncGenerator<SubjectRecord[]> {
  let after: string | undefined;
  for (;;) {
    const page = await subjects.list(ctx, filter, EXPORT_PAGE_SIZE, after);
    if (page.nodes.length > 0) yield page.nodes;
    if (!page.hasNextPage || page.nodes.length === 0) return;
    after = page.cursorOf(page.nodes[page.nodes.length - 1]);
  }
}

function vendorValues(vendor: VendorWithCertifications): FieldValues {
  return {
    recordId: vendor.id,
    name: vendor.name,
    corporateNumber: vendor.corporateNumber,
    address: vendor.address,
    websiteUrl: vendor.websiteUrl,
    certifications: vendor.certifications.map((c) => formatCertification(c, CERTIFICATION_TYPES)),
  };
}

interface Lookups {
  users: Map<string, UserEntity>;
  vendors: Map<string, VendorEntity>;
  departments: Map<string, string>;
  compliance: SubjectCompliance;
  /** The latest confirmation: the one before registration or the latest completed review. */
  lastReviewedOn: string | null;
}

/** The later of two calendar dates (YYYY-MM-DD), either of which may be missing. */
function latest(a: string | null | undefined, b: string | null | undefined): string | null {
  if (!a || !b) return a || b || null;
  return a > b ? a : b;
}

function subjectValues(record: SubjectRecord, lookups: Lookups): FieldValues {
  const { subject, contract, cloud, social } = record;
  const owner = subject.ownerId ? lookups.users.get(subject.ownerId) : undefined;
  const vendor = subject.vendorId ? lookups.vendors.get(subject.vendorId) : undefined;
  const dates: FieldValues = {
    startDate: contract?.startDate,
    endDate: contract?.endDate,
    lastReviewedOn: lookups.lastReviewedOn,
    nextReviewDue: subject.nextReviewDue,
  };
  const eras = Object.fromEntries(
    Object.entries(dates).map(([field, value]) => [`${field}Era`, typeof value === 'string' ? toEraDate(value) : null]),
  );
  return {
    ...dates,
    ...eras,
    recordId: subject.id,
    name: subject.name,
    vendorCorporateNumber: vendor?.corporateNumber,
    vendorName: vendor?.name,
    ownerEmail: owner?.email,
    ownerName: owner ? `${owner.displayName}${owner.active ? '' : '（無効）'}` : null,
    department: subject.departmentId ? lookups.departments.get(subject.departmentId) : null,
    confidentiality: subject.confidentiality,
    integrity: subject.integrity,
    availability: subject.availability,
    riskTier: labelOf(RISK_TIERS, subject.riskTier),
    complianceStatus: labelOf(COMPLIANCE_STATUSES, lookups.compliance.status),
    findings: lookups.compliance.findings.map((f) => f.message).join('\n'),
    status: subject.status === SubjectStatus.ACTIVE ? '有効' : 'アーカイブ済み',
    ...(contract
      ? {
          contractNumber: contract.contractNumber,
          networkSegment: contract.networkSegment,
          handlesPersonalInformation: contract.handlesPersonalInformation,
          handlesMyNumber: contract.handlesMyNumber,
          subcontractingAllowed: contract.subcontractingAllowed,
          subcontractors: record.subcontractorIds.map((id) => {
            const sub = lookups.vendors.get(id);
            return sub?.corporateNumber ?? sub?.name ?? id;
          }),
          workLocation: contract.workLocation,
        }
      : {}),
    ...(cloud
      ? {
          usageType: cloud.usageType,
          purpose: cloud.purpose,
          serviceUrl: cloud.serviceUrl,
          dataLocations: cloud.dataLocations,
          networkSegment: cloud.networkSegment,
          handlesPersonalInformation: cloud.handlesPersonalInformation,
          handlesMyNumber: cloud.handlesMyNumber,
        }
      : {}),
    ...(social
      ? {
          platform: social.platform,
          accountName: social.accountName,
          url: social.url,
          purpose: social.purpose,
          postingPolicy: social.postingPolicy,
          operatingProcedureUrl: social.operatingProcedureUrl,
        }
      : {}),
  };
}
