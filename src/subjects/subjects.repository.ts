import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { In } from 'typeorm';
import { Context } from '../common/context';
import { badField, conflictOnDuplicate, notFound } from '../common/errors';
import { DEFAULT_PAGE_SIZE, Page } from '../common/pagination';
import { containsPattern, searchKey } from '../common/search-key';
import { effectiveStatus, hasFindingCondition } from '../domain/compliance-sql';
import { Database, PreparedRead } from '../database/database';
import { KeysetColumn, keysetClauses } from '../database/keyset-page';
import { isUuid, ROW_LOCK, scoped } from '../database/tenant-scope';
import {
  CloudServiceEntity,
  ContractSubcontractorEntity,
  OutsourcingContractEntity,
  SocialMediaAccountEntity,
} from './subject-details.entity';
import { SubjectRecord } from './subject-record';
import { RiskTier, SubjectKind, SubjectStatus } from '../domain/subject.enums';
import { ComplianceStatus } from '../domain/compliance.enums';
import { SubjectEntity } from './subject.entity';
import { UserEntity } from '../users/user.entity';
import { DepartmentEntity } from '../organizations/department.entity';
import { VendorEntity } from '../vendors/vendor.entity';
import { VendorCertificationEntity } from '../vendors/vendor-certification.entity';

/** What a page of subjects reads in its one statement besides the subjects and their details. */
export interface SubjectJoins {
  /** The details of each subject's kind and a contract's subcontractors (without them, `contract`, `cloud` and `social` stay unset). */
  details?: boolean;
  owner?: boolean;
  department?: boolean;
  vendor?: boolean;
  /** The vendor's certifications too. */
  vendorCertifications?: boolean;
  /** The compliance status as of today (EFFECTIVE_STATUS). */
  status?: boolean;
}

const SUBJECT_ORDER = {
  columns: [
    { sql: 's.name', kind: 'text', of: (record: SubjectRecord) => record.subject.name },
    { sql: 's.id', kind: 'uuid', of: (record: SubjectRecord) => record.subject.id },
  ],
  direction: 'ASC',
} as const satisfies { columns: readonly KeysetColumn<SubjectRecord>[]; direction: 'ASC' | 'DESC' };

const SUBCONTRACTOR_IDS = `CASE WHEN s.kind <> 'OUTSOURCING_CONTRACT' THEN '{}' ELSE ARRAY(SELECT sc.vendor_id FROM contract_subcontractors sc
  WHERE sc.organization_id = s.organization_id AND sc.subject_id = s.id ORDER BY sc.position) END AS subcontractor_ids`;

const VENDOR_CERTIFICATIONS = `(SELECT coalesce(json_agg(vc ORDER BY vc.position), '[]') FROM vendor_certifications vc
  WHERE vc.organization_id = v.organization_id AND vc.vendor_id = v.id) AS vendor_certifications`;

export interface SubjectQuery {
  kind?: SubjectKind;
  status?: SubjectStatus;
  complianceStatus?: ComplianceStatus;
  findingCode?: string;
  ownerId?: string;
  departmentId?: string;
  vendorId?: string;
  search?: string;
}

/** A new subject's own columns; the repository adds the organization, the status and the derived placeholders. */
export type NewSubject = Pick<
  SubjectEntity,
  'kind' | 'name' | 'ownerId' | 'departmentId' | 'vendorId' | 'confidentiality' | 'integrity' | 'availability' | 'lastReviewedOn'
>;

/** Subjects with the details of their kind: every query of the registers, filtered on the context's organization. */
@Injectable()
export class SubjectsRepository {
  constructor(private readonly database: Database) {}

  /** One subject with its details, or NOT_FOUND naming `what`; `forUpdate` locks the row to the end of the transaction. */
  async record(ctx: Context, id: string, what: string, options: { forUpdate?: boolean; kind?: SubjectKind } = {}): Promise<SubjectRecord> {
    const subject = await scoped(this.database.manager(ctx), ctx).get(SubjectEntity, id, what, options.forUpdate ?? false);
    if (options.kind && subject.kind !== options.kind) throw notFound(what);
    const [record] = await this.withDetails(ctx, [subject]);
    return record;
  }

  /** The subjects of the given ids that exist in the organization, with their details, in no particular order. */
  async records(ctx: Context, ids: readonly string[]): Promise<SubjectRecord[]> {
    if (ids.length === 0) return [];
    const subjects = await this.database.manager(ctx).findBy(SubjectEntity, { organizationId: ctx.organizationId, id: In([...ids]) });
    return this.withDetails(ctx, subjects);
  }

  /**
   * Subjects by name then id, filtered, in one statement: by default with their details; with
   * `joins`, what a list shows (details or not, owner, department, vendor, compliance status as of
   * today) and nothing more, so a page costs one statement whatever its size.
   */
  async page(
    ctx: Context,
    filter: SubjectQuery = {},
    first = DEFAULT_PAGE_SIZE,
    after?: string,
    joins: SubjectJoins = { details: true },
  ): Promise<Page<SubjectRecord>> {
    const values: unknown[] = [];
    const parameter = (value: unknown): string => `$${values.push(value)}`;
    let todayParameter: string | undefined;
    const today = (): string => (todayParameter ??= `${parameter(ctx.today())}::date`);
    const conditions = [
      `s.organization_id = ${parameter(ctx.organizationId)}`,
      `s.status = ${parameter(filter.status ?? SubjectStatus.ACTIVE)}`,
    ];
    if (filter.kind) conditions.push(`s.kind = ${parameter(filter.kind)}`);
    if (filter.complianceStatus) conditions.push(`${effectiveStatus(today())} = ${parameter(filter.complianceStatus)}`);
    if (filter.findingCode) conditions.push(hasFindingCondition(filter.findingCode, today, () => parameter(filter.findingCode)));
    for (const [field, column, what] of [
      ['ownerId', 'owner_id', '利用者'],
      ['departmentId', 'department_id', '部署'],
      ['vendorId', 'vendor_id', '取引先'],
    ] as const) {
      const value = filter[field];
      if (value === undefined) continue;
      if (!isUuid(value)) throw badField(`filter.${field}`, `${what}IDの形式が正しくありません。`);
      conditions.push(`s.${column} = ${parameter(value)}`);
    }
    if (filter.search && searchKey(filter.search)) {
      conditions.push(`s.search_key LIKE ${parameter(containsPattern(filter.search))} ESCAPE '\\'`);
    }
    const from = `FROM subjects s LEFT JOIN vendors v ON v.id = s.vendor_id AND v.organization_id = s.organization_id`;
    // The count reads only what the filter names: its statement takes the filter's values alone.
    const counting: PreparedRead = { text: `SELECT count(*)::int AS count ${from} WHERE ${conditions.join(' AND ')}`, values: [...values] };

    const columns = this.pageColumns();
    const select = [columns.subject.select];
    const joined: string[] = [];
    if (joins.details) {
      select.push(columns.contract.select, columns.cloud.select, columns.social.select, SUBCONTRACTOR_IDS);
      joined.push(
        `LEFT JOIN outsourcing_contracts c ON s.kind = 'OUTSOURCING_CONTRACT' AND c.organization_id = s.organization_id AND c.subject_id = s.id`,
        `LEFT JOIN cloud_services cs ON s.kind = 'CLOUD_SERVICE' AND cs.organization_id = s.organization_id AND cs.subject_id = s.id`,
        `LEFT JOIN social_media_accounts sm ON s.kind = 'SOCIAL_MEDIA_ACCOUNT' AND sm.organization_id = s.organization_id AND sm.subject_id = s.id`,
      );
    }
    if (joins.status) select.push(`${effectiveStatus(today())} AS effective_status`);
    if (joins.owner) {
      select.push(columns.owner.select);
      joined.push(`LEFT JOIN users o ON o.id = s.owner_id AND o.organization_id = s.organization_id`);
    }
    if (joins.department) {
      select.push(columns.department.select);
      joined.push(`LEFT JOIN departments d ON d.id = s.department_id AND d.organization_id = s.organization_id`);
    }
    if (joins.vendor) select.push(columns.vendor.select);
    if (joins.vendor && joins.vendorCertifications) select.push(VENDOR_CERTIFICATIONS);
    const keyset = keysetClauses(SUBJECT_ORDER, first, after, parameter);
    if (keyset.condition) conditions.push(keyset.condition);
    const rows = await this.database.rows<Record<string, unknown>>(ctx, {
      text: `SELECT ${select.join(', ')} ${from} ${joined.join(' ')} WHERE ${conditions.join(' AND ')} ORDER BY ${keyset.orderBy} LIMIT ${keyset.limit}`,
      values,
    });
    return keyset.page(
      rows.map((row) => this.pageRecord(row, joins)),
      async () => (await this.database.rows<{ count: number }>(ctx, counting))[0].count,
    );
  }

  private columnsOfPage?: ReturnType<SubjectsRepository['readPageColumns']>;

  private pageColumns(): ReturnType<SubjectsRepository['readPageColumns']> {
    return (this.columnsOfPage ??= this.readPageColumns());
  }

  private readPageColumns() {
    return {
      subject: this.database.columns(SubjectEntity, 's'),
      contract: this.database.columns(OutsourcingContractEntity, 'c'),
      cloud: this.database.columns(CloudServiceEntity, 'cs'),
      social: this.database.columns(SocialMediaAccountEntity, 'sm'),
      owner: this.database.columns(UserEntity, 'o'),
      department: this.database.columns(DepartmentEntity, 'd'),
      vendor: this.database.columns(VendorEntity, 'v'),
      certification: this.database.columns(VendorCertificationEntity, 'vc'),
    };
  }

  private pageRecord(row: Record<string, unknown>, joins: SubjectJoins): SubjectRecord {
    const columns = this.pageColumns();
    const record: SubjectRecord = { subject: columns.subject.read(row)!, subcontractorIds: [], joined: {} };
    if (joins.details) {
      record.contract = columns.contract.read(row) ?? undefined;
      record.cloud = columns.cloud.read(row) ?? undefined;
      record.social = columns.social.read(row) ?? undefined;
      record.subcontractorIds = row.subcontractor_ids as string[];
    }
    if (joins.status) record.joined!.effectiveStatus = row.effective_status as ComplianceStatus;
    if (joins.owner) record.joined!.owner = columns.owner.read(row);
    if (joins.department) record.joined!.department = columns.department.read(row);
    if (joins.vendor) {
      const vendor = columns.vendor.read(row);
      record.joined!.vendor = vendor
        ? Object.assign(vendor, {
            certifications: joins.vendorCertifications
              ? (row.vendor_certifications as Record<string, unknown>[]).map((c) => columns.certification.readJson(c))
              : [],
          })
        : null;
    }
    return record;
  }

  /** The details of many subjects in one query per kind (and one for subcontractors), whatever their number. */
  async withDetails(ctx: Context, subjects: SubjectEntity[]): Promise<SubjectRecord[]> {
    const manager = this.database.manager(ctx);
    const organizationId = ctx.organizationId;
    const idsOf = (kind: SubjectKind): string[] => subjects.filter((s) => s.kind === kind).map((s) => s.id);
    const contractIds = idsOf(SubjectKind.OUTSOURCING_CONTRACT);
    const cloudIds = idsOf(SubjectKind.CLOUD_SERVICE);
    const socialIds = idsOf(SubjectKind.SOCIAL_MEDIA_ACCOUNT);
    // One after another: inside a transaction they share one connection.
    const contracts = contractIds.length
      ? await manager.findBy(OutsourcingContractEntity, { organizationId, subjectId: In(contractIds) })
      : [];
    const clouds = cloudIds.length ? await manager.findBy(CloudServiceEntity, { organizationId, subjectId: In(cloudIds) }) : [];
    const socials = socialIds.length ? await manager.findBy(SocialMediaAccountEntity, { organizationId, subjectId: In(socialIds) }) : [];
    const subcontractors = contractIds.length
      ? await manager.find(ContractSubcontractorEntity, {
          where: { organizationId, subjectId: In(contractIds) },
          order: { position: 'ASC' },
        })
      : [];
    const contractBy = new Map(contracts.map((c) => [c.subjectId, c]));
    const cloudBy = new Map(clouds.map((c) => [c.subjectId, c]));
    const socialBy = new Map(socials.map((c) => [c.subjectId, c]));
    return subjects.map((subject) => ({
      subject,
      contract: contractBy.get(subject.id),
      cloud: cloudBy.get(subject.id),
      social: socialBy.get(subject.id),
      subcontractorIds: subcontractors.filter((s) => s.subjectId === subject.id).map((s) => s.vendorId),
    }));
  }

  /** Ids of the organization's subjects of one owner (any status), or of one kind. */
  async ids(ctx: Context, where: { ownerId?: string; kind?: SubjectKind; vendorId?: string }): Promise<string[]> {
    const rows = await this.database
      .manager(ctx)
      .find(SubjectEntity, { select: { id: true }, where: { organizationId: ctx.organizationId, ...where } });
    return rows.map((row) => row.id);
  }

  /** The ACTIVE subjects of one owner, locked to the end of the transaction. */
  lockActiveOwnedBy(ctx: Context, ownerId: string): Promise<SubjectEntity[]> {
    return this.database.manager(ctx).find(SubjectEntity, {
      where: { organizationId: ctx.organizationId, ownerId, status: SubjectStatus.ACTIVE },
      lock: ROW_LOCK,
    });
  }

  /** Moves subjects to another owner, each to a new version. */
  async setOwner(ctx: Context, ids: readonly string[], ownerId: string): Promise<void> {
    if (ids.length === 0) return;
    await this.database
      .manager(ctx)
      .createQueryBuilder()
      .update(SubjectEntity)
      .set({ ownerId, version: () => 'version + 1', updatedAt: () => 'now()' })
      .where('organization_id = :organizationId AND id IN (:...ids)', { organizationId: ctx.organizationId, ids: [...ids] })
      .execute();
  }

  /** A new subject row with its details; a duplicate natural key is CONFLICT with `duplicateMessage`. */
  async insert(ctx: Context, record: SubjectRecord, duplicateMessage: string): Promise<void> {
    record.subject.organizationId = ctx.organizationId;
    await this.database.manager(ctx).save(SubjectEntity, record.subject);
    await this.saveDetails(ctx, record).catch((error: unknown) => conflictOnDuplicate(error, duplicateMessage));
  }

  /**
   * Many new subjects with their details (a ledger import): one statement per table, each column sent
   * as one array, whatever the number of rows. The records get their ids here; a duplicate natural key
   * is CONFLICT with `duplicateMessage` (for the whole set: the caller knows which row to retry alone).
   */
  async insertMany(ctx: Context, records: readonly SubjectRecord[], duplicateMessage: string): Promise<void> {
    if (records.length === 0) return;
    const manager = this.database.manager(ctx);
    const organizationId = ctx.organizationId;
    for (const { subject } of records) {
      subject.id = randomUUID();
      subject.organizationId = organizationId;
      subject.version = 1;
    }
    const column = <T>(of: (record: SubjectRecord) => T): T[] => records.map(of);
    const created = await manager.query<{ created_at: Date }[]>(
      `INSERT INTO subjects (id, organization_id, kind, name, search_key, owner_id, department_id, vendor_id, confidentiality,
                             integrity, availability, risk_tier, status, archive_reason, static_status, ends_on, last_reviewed_on, version)
       SELECT u.id, $1, u.kind::subject_kind, u.name, u.search_key, u.owner_id, u.department_id, u.vendor_id, u.c, u.i, u.a,
              u.risk_tier::risk_tier, u.status::subject_status, u.archive_reason, u.static_status::compliance_status, u.ends_on,
              u.last_reviewed_on, 1
         FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::uuid[], $7::uuid[], $8::uuid[], $9::smallint[],
                     $10::smallint[], $11::smallint[], $12::text[], $13::text[], $14::text[], $15::text[], $16::date[], $17::date[])
           AS u(id, kind, name, search_key, owner_id, department_id, vendor_id, c, i, a, risk_tier, status, archive_reason,
                static_status, ends_on, last_reviewed_on)
       RETURNING created_at`,
      [
        organizationId,
        column((r) => r.subject.id),
        column((r) => r.subject.kind),
        column((r) => r.subject.name),
        column((r) => r.subject.searchKey),
        column((r) => r.subject.ownerId),
        column((r) => r.subject.departmentId),
        column((r) => r.subject.vendorId),
        column((r) => r.subject.confidentiality),
        column((r) => r.subject.integrity),
        column((r) => r.subject.availability),
        column((r) => r.subject.riskTier),
        column((r) => r.subject.status),
        column((r) => r.subject.archiveReason),
        column((r) => r.subject.staticStatus),
        column((r) => r.subject.endsOn),
        column((r) => r.subject.lastReviewedOn),
      ],
    );
    // One statement: every row has the transaction's now().
    for (const { subject } of records) subject.createdAt = subject.updatedAt = created[0].created_at;
    await this.insertDetails(ctx, records).catch((error: unknown) => conflictOnDuplicate(error, duplicateMessage));
  }

  private async insertDetails(ctx: Context, records: readonly SubjectRecord[]): Promise<void> {
    const manager = this.database.manager(ctx);
    const organizationId = ctx.organizationId;
    const contracts = records.filter((r) => r.contract);
    if (contracts.length) {
      const c = (of: (contract: OutsourcingContractEntity) => unknown): unknown[] => contracts.map((r) => of(r.contract!));
      await manager.query(
        `INSERT INTO outsourcing_contracts (subject_id, organization_id, contract_number, start_date, end_date, network_segment,
                                           handles_personal_information, handles_my_number, subcontracting_allowed, work_location)
         SELECT u.subject_id, $1, u.contract_number, u.start_date, u.end_date, u.network_segment::network_segment, u.pi, u.mn, u.sa,
                u.work_location
           FROM unnest($2::uuid[], $3::text[], $4::date[], $5::date[], $6::text[], $7::boolean[], $8::boolean[], $9::boolean[], $10::text[])
             AS u(subject_id, contract_number, start_date, end_date, network_segment, pi, mn, sa, work_location)`,
        [
          organizationId,
          contracts.map((r) => r.subject.id),
          c((x) => x.contractNumber),
          c((x) => x.startDate),
          c((x) => x.endDate),
          c((x) => x.networkSegment),
          c((x) => x.handlesPersonalInformation),
          c((x) => x.handlesMyNumber),
          c((x) => x.subcontractingAllowed),
          c((x) => x.workLocation),
        ],
      );
      const links = contracts.flatMap((r) =>
        r.subcontractorIds.map((vendorId, position) => ({ subjectId: r.subject.id, vendorId, position })),
      );
      if (links.length) {
        await manager.query(
          `INSERT INTO contract_subcontractors (organization_id, subject_id, vendor_id, position)
           SELECT $1, u.subject_id, u.vendor_id, u.position FROM unnest($2::uuid[], $3::uuid[], $4::int[]) AS u(subject_id, vendor_id, position)`,
          [organizationId, links.map((l) => l.subjectId), links.map((l) => l.vendorId), links.map((l) => l.position)],
        );
      }
    }
    const clouds = records.filter((r) => r.cloud);
    if (clouds.length) {
      const c = (of: (cloud: CloudServiceEntity) => unknown): unknown[] => clouds.map((r) => of(r.cloud!));
      await manager.query(
        `INSERT INTO cloud_services (subject_id, organization_id, usage_type, purpose, service_url, data_locations, network_segment,
                                     handles_personal_information, handles_my_number)
         SELECT u.subject_id, $1, u.usage_type::cloud_usage_type, u.purpose, u.service_url,
                COALESCE(ARRAY(SELECT jsonb_array_elements_text(u.data_locations)), '{}'), u.network_segment::network_segment, u.pi, u.mn
           FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::text[], $8::boolean[], $9::boolean[])
             AS u(subject_id, usage_type, purpose, service_url, data_locations, network_segment, pi, mn)`,
        [
          organizationId,
          clouds.map((r) => r.subject.id),
          c((x) => x.usageType),
          c((x) => x.purpose),
          c((x) => x.serviceUrl),
          c((x) => JSON.stringify(x.dataLocations ?? [])),
          c((x) => x.networkSegment),
          c((x) => x.handlesPersonalInformation),
          c((x) => x.handlesMyNumber),
        ],
      );
    }
    const socials = records.filter((r) => r.social);
    if (socials.length) {
      const c = (of: (social: SocialMediaAccountEntity) => unknown): unknown[] => socials.map((r) => of(r.social!));
      await manager.query(
        `INSERT INTO social_media_accounts (subject_id, organization_id, platform, account_name, url, purpose, posting_policy,
                                            operating_procedure_url)
         SELECT u.subject_id, $1, u.platform::social_media_platform, u.account_name, u.url, u.purpose, u.posting_policy, u.procedure_url
           FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
             AS u(subject_id, platform, account_name, url, purpose, posting_policy, procedure_url)`,
        [
          organizationId,
          socials.map((r) => r.subject.id),
          c((x) => x.platform),
          c((x) => x.accountName),
          c((x) => x.url),
          c((x) => x.purpose),
          c((x) => x.postingPolicy),
          c((x) => x.operatingProcedureUrl),
        ],
      );
    }
  }

  /** Writes the subject row and its details with the version moved on: every real change is a new version. */
  async update(ctx: Context, record: SubjectRecord, duplicateMessage: string): Promise<void> {
    await this.saveRow(ctx, record.subject);
    await this.saveDetails(ctx, record).catch((error: unknown) => conflictOnDuplicate(error, duplicateMessage));
  }

  /** Writes the subject row alone (no details), with the version moved on. */
  async saveRow(ctx: Context, s: SubjectEntity): Promise<void> {
    await this.database
      .manager(ctx)
      .createQueryBuilder()
      .update(SubjectEntity)
      .set({
        name: s.name,
        searchKey: s.searchKey,
        ownerId: s.ownerId,
        departmentId: s.departmentId,
        confidentiality: s.confidentiality,
        integrity: s.integrity,
        availability: s.availability,
        riskTier: s.riskTier,
        status: s.status,
        archiveReason: s.archiveReason,
        endsOn: s.endsOn,
        version: () => 'version + 1',
        updatedAt: () => 'now()',
      })
      .where('organization_id = :organizationId AND id = :id', { organizationId: ctx.organizationId, id: s.id })
      .execute();
  }

  /**
   * The stored static compliance of many subjects in one statement: the status and the count of stored
   * findings per code (STORED_FINDING_CODES order); version and updated_at stay (it is derived). Rows
   * whose values did not change are not written.
   */
  async setStaticStatuses(
    ctx: Context,
    statuses: readonly { id: string; status: ComplianceStatus; findingCounts: readonly number[] }[],
  ): Promise<void> {
    if (statuses.length === 0) return;
    await this.database.manager(ctx).query(
      `UPDATE subjects s SET static_status = v.status::compliance_status, static_finding_counts = v.counts::int[]
         FROM unnest($2::uuid[], $3::text[], $4::text[]) AS v(id, status, counts)
        WHERE s.organization_id = $1 AND s.id = v.id
          AND (s.static_status, s.static_finding_counts) IS DISTINCT FROM (v.status::compliance_status, v.counts::int[])`,
      [ctx.organizationId, statuses.map((s) => s.id), statuses.map((s) => s.status), statuses.map((s) => `{${s.findingCounts.join(',')}}`)],
    );
  }

  /** The search keys of one vendor's subjects, after the vendor's name changed; `keyOf` computes one from name and vendor name. */
  async refreshSearchKeysOfVendor(
    ctx: Context,
    vendorId: string,
    vendorName: string,
    keyOf: (name: string, vendorName: string) => string,
  ): Promise<void> {
    const manager = this.database.manager(ctx);
    const subjects = await manager.find(SubjectEntity, {
      select: { id: true, name: true },
      where: { organizationId: ctx.organizationId, vendorId },
    });
    if (subjects.length === 0) return;
    await manager.query(
      `UPDATE subjects s SET search_key = v.key FROM unnest($2::uuid[], $3::text[]) AS v(id, key)
        WHERE s.organization_id = $1 AND s.id = v.id`,
      [ctx.organizationId, subjects.map((s) => s.id), subjects.map((s) => keyOf(s.name, vendorName))],
    );
  }

  /**
   * Every subject of one kind with its natural key as the ledgers know it: the contract number (null
   * when none), vendor and name for a cloud service, platform and account name for an account.
   */
  async naturalKeys(
    ctx: Context,
    kind: SubjectKind,
  ): Promise<{ id: string; number?: string | null; vendorId?: string; name?: string; platform?: string; accountName?: string }[]> {
    const manager = this.database.manager(ctx);
    switch (kind) {
      case SubjectKind.OUTSOURCING_CONTRACT:
        return manager.query(`SELECT subject_id AS id, contract_number AS number FROM outsourcing_contracts WHERE organization_id = $1`, [
          ctx.organizationId,
        ]);
      case SubjectKind.CLOUD_SERVICE:
        return manager.query(
          `SELECT id, vendor_id AS "vendorId", name FROM subjects WHERE organization_id = $1 AND kind = 'CLOUD_SERVICE'`,
          [ctx.organizationId],
        );
      case SubjectKind.SOCIAL_MEDIA_ACCOUNT:
        return manager.query(
          `SELECT subject_id AS id, platform, account_name AS "accountName" FROM social_media_accounts WHERE organization_id = $1`,
          [ctx.organizationId],
        );
    }
  }

  /** A subject entity ready for `insert`: ACTIVE, with the placeholder status that the compliance refresh replaces in the same transaction. */
  newSubject(ctx: Context, fields: NewSubject): SubjectEntity {
    return this.database.manager(ctx).create(SubjectEntity, {
      ...fields,
      organizationId: ctx.organizationId,
      status: SubjectStatus.ACTIVE,
      archiveReason: null,
      staticStatus: ComplianceStatus.NON_COMPLIANT,
    });
  }

  // For the review calendar (src/reviews):

  /** One subject's name, or null for an unknown id. */
  async name(ctx: Context, id: string): Promise<string | null> {
    const subject = await this.database
      .manager(ctx)
      .findOne(SubjectEntity, { select: { id: true, name: true }, where: { organizationId: ctx.organizationId, id } });
    return subject?.name ?? null;
  }

  /** The names of the given subjects, by id (unknown ids are absent). */
  async names(ctx: Context, ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.database
      .manager(ctx)
      .query<{ id: string; name: string }[]>(`SELECT id, name FROM subjects WHERE organization_id = $1 AND id = ANY($2::uuid[])`, [
        ctx.organizationId,
        [...new Set(ids)],
      ]);
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  /** Ids of the ACTIVE subjects of one owner. */
  async activeIdsOwnedBy(ctx: Context, ownerId: string): Promise<string[]> {
    const rows = await this.database.manager(ctx).find(SubjectEntity, {
      select: { id: true },
      where: { organizationId: ctx.organizationId, ownerId, status: SubjectStatus.ACTIVE },
    });
    return rows.map((row) => row.id);
  }

  /** The ACTIVE subjects of one kind (of every kind when null), each with its owner's id. */
  async activeWithOwners(ctx: Context, kind: SubjectKind | null): Promise<{ id: string; ownerId: string | null }[]> {
    const rows = await this.database.manager(ctx).find(SubjectEntity, {
      select: { id: true, ownerId: true },
      where: { organizationId: ctx.organizationId, status: SubjectStatus.ACTIVE, ...(kind ? { kind } : {}) },
    });
    return rows.map((row) => ({ id: row.id, ownerId: row.ownerId }));
  }

  /** The risk tier of each of the given subjects. */
  async riskTiers(ctx: Context, ids: readonly string[]): Promise<Map<string, RiskTier>> {
    if (ids.length === 0) return new Map();
    const rows = await this.database
      .manager(ctx)
      .query<{ id: string; risk_tier: RiskTier }[]>(
        `SELECT id, risk_tier FROM subjects WHERE organization_id = $1 AND id = ANY($2::uuid[])`,
        [ctx.organizationId, [...new Set(ids)]],
      );
    return new Map(rows.map((row) => [row.id, row.risk_tier]));
  }

  /** The owner gave the subject up: no owner, a new version. */
  async clearOwner(ctx: Context, id: string): Promise<void> {
    await this.database
      .manager(ctx)
      .createQueryBuilder()
      .update(SubjectEntity)
      .set({ ownerId: null, version: () => 'version + 1', updatedAt: () => 'now()' })
      .where('organization_id = :organizationId AND id = :id', { organizationId: ctx.organizationId, id })
      .execute();
  }

  /** subjects.next_review_due (derived from the reviews: version and updated_at stay), many subjects in one statement. */
  async setNextReviewDue(ctx: Context, dues: readonly { id: string; nextReviewDue: string | null }[]): Promise<void> {
    if (dues.length === 0) return;
    await this.database.manager(ctx).query(
      `UPDATE subjects s SET next_review_due = v.due
         FROM unnest($2::uuid[], $3::date[]) AS v(id, due)
        WHERE s.organization_id = $1 AND s.id = v.id`,
      [ctx.organizationId, dues.map((d) => d.id), dues.map((d) => d.nextReviewDue)],
    );
  }

  private async saveDetails(ctx: Context, record: SubjectRecord): Promise<void> {
    const manager = this.database.manager(ctx);
    const organizationId = ctx.organizationId;
    const subjectId = record.subject.id;
    if (record.contract) {
      await manager.save(OutsourcingContractEntity, { ...record.contract, organizationId, subjectId });
      await manager.delete(ContractSubcontractorEntity, { organizationId, subjectId });
      if (record.subcontractorIds.length) {
        await manager.insert(
          ContractSubcontractorEntity,
          record.subcontractorIds.map((vendorId, position) => ({ organizationId, subjectId, vendorId, position })),
        );
      }
    }
    if (record.cloud) await manager.save(CloudServiceEntity, { ...record.cloud, organizationId, subjectId });
    if (record.social) await manager.save(SocialMediaAccountEntity, { ...record.social, organizationId, subjectId });
  }
}
