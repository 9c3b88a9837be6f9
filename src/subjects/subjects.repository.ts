import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { Context } from '../common/context';
import { badField, conflictOnDuplicate, notFound } from '../common/errors';
import { DEFAULT_PAGE_SIZE, Page } from '../common/pagination';
import { containsPattern, searchKey } from '../common/search-key';
import { EFFECTIVE_STATUS, hasFindingCondition } from '../domain/compliance-sql';
import { Database } from '../database/database';
import { keysetPage, mapPage } from '../database/keyset-page';
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

  /** Subjects by name then id, filtered; `today` is the day the dated findings are computed for. */
  async page(ctx: Context, filter: SubjectQuery = {}, first = DEFAULT_PAGE_SIZE, after?: string): Promise<Page<SubjectRecord>> {
    const query = scoped(this.database.manager(ctx), ctx)
      .select(SubjectEntity, 's')
      .leftJoin('vendors', 'v', 'v.id = s.vendor_id AND v.organization_id = s.organization_id')
      .andWhere('s.status = :status', { status: filter.status ?? SubjectStatus.ACTIVE })
      .setParameter('today', ctx.today());
    if (filter.kind) query.andWhere('s.kind = :kind', { kind: filter.kind });
    if (filter.complianceStatus) query.andWhere(`${EFFECTIVE_STATUS} = :complianceStatus`, { complianceStatus: filter.complianceStatus });
    if (filter.findingCode) query.andWhere(hasFindingCondition(filter.findingCode), { findingCode: filter.findingCode });
    for (const [field, column, what] of [
      ['ownerId', 'owner_id', '利用者'],
      ['departmentId', 'department_id', '部署'],
      ['vendorId', 'vendor_id', '取引先'],
    ] as const) {
      const value = filter[field];
      if (value === undefined) continue;
      if (!isUuid(value)) throw badField(`filter.${field}`, `${what}IDの形式が正しくありません。`);
      query.andWhere(`s.${column} = :${field}`, { [field]: value });
    }
    if (filter.search && searchKey(filter.search)) {
      query.andWhere(`s.search_key LIKE :pattern ESCAPE '\\'`, { pattern: containsPattern(filter.search) });
    }
    const page = await keysetPage(
      query,
      {
        columns: [
          { sql: 's.name', kind: 'text', of: (s) => s.name },
          { sql: 's.id', kind: 'uuid', of: (s) => s.id },
        ],
        direction: 'ASC',
      },
      first,
      after,
    );
    return mapPage(
      page,
      (rows) => this.withDetails(ctx, rows),
      (record) => record.subject,
    );
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
