import { Injectable } from '@nestjs/common';
import { AuditService, diff } from '../audit/audit.service';
import { hasAnyRole } from '../common/actor';
import { Context } from '../common/context';
import { Role } from '../common/role';
import { badField, conflict, forbidden, staleVersion } from '../common/errors';
import { DEFAULT_PAGE_SIZE, Page } from '../common/pagination';
import { Database } from '../database/database';
import {
  CreateCloudServiceInput,
  CreateOutsourcingContractInput,
  CreateSocialMediaAccountInput,
  SubjectFilter,
  UpdateCloudServiceInput,
  UpdateOutsourcingContractInput,
  UpdateSocialMediaAccountInput,
} from './dto/subject.inputs';
import { CloudServiceEntity, OutsourcingContractEntity, SocialMediaAccountEntity } from './subject-details.entity';
import { SubjectRecord } from './subject-record';
import { SubjectReferences } from './subject-references';
import { assertSubjectRules, deriveColumns, DESCRIPTIVE_FIELDS, WriteMode, writeModeFor } from './subject-writer';
import { NetworkSegment, SubjectKind, SubjectStatus } from '../domain/subject.enums';
import { SubjectHooks } from './subject-hooks';
import { SubjectEntity } from './subject.entity';
import { SubjectJoins, SubjectsRepository } from './subjects.repository';

const KIND_NAMES: Record<SubjectKind, string> = {
  OUTSOURCING_CONTRACT: '委託契約',
  CLOUD_SERVICE: 'クラウドサービス',
  SOCIAL_MEDIA_ACCOUNT: 'ソーシャルメディアアカウント',
};

const DUPLICATE_CONTRACT_NUMBER = 'この契約番号の委託契約は既に登録されています。';
const DUPLICATE_ACCOUNT = 'このプラットフォームとアカウント名の組み合わせは既に登録されています。';

/** One new subject of `createMany`: the input of the kind's create mutation (the vendor's id set). */
export type NewSubjectDraft =
  | { kind: SubjectKind.OUTSOURCING_CONTRACT; input: CreateOutsourcingContractInput }
  | { kind: SubjectKind.CLOUD_SERVICE; input: CreateCloudServiceInput }
  | { kind: SubjectKind.SOCIAL_MEDIA_ACCOUNT; input: CreateSocialMediaAccountInput };

type UpdateInput = UpdateOutsourcingContractInput | UpdateCloudServiceInput | UpdateSocialMediaAccountInput;

/** The flat view of a record the audit trail compares before and after. */
function auditView(record: SubjectRecord): Record<string, unknown> {
  const { subject, contract, cloud, social } = record;
  return {
    name: subject.name,
    ownerId: subject.ownerId,
    departmentId: subject.departmentId,
    vendorId: subject.vendorId,
    confidentiality: subject.confidentiality,
    integrity: subject.integrity,
    availability: subject.availability,
    status: subject.status,
    archiveReason: subject.archiveReason,
    lastReviewedOn: subject.lastReviewedOn,
    ...(contract ? { ...contract, subjectId: undefined, organizationId: undefined, subcontractorIds: record.subcontractorIds } : {}),
    ...(cloud ? { ...cloud, subjectId: undefined, organizationId: undefined } : {}),
    ...(social ? { ...social, subjectId: undefined, organizationId: undefined } : {}),
  };
}

const AUDITED_FIELDS = [
  'name',
  'ownerId',
  'departmentId',
  'vendorId',
  'confidentiality',
  'integrity',
  'availability',
  'status',
  'archiveReason',
  'lastReviewedOn',
  'contractNumber',
  'startDate',
  'endDate',
  'networkSegment',
  'handlesPersonalInformation',
  'handlesMyNumber',
  'subcontractingAllowed',
  'subcontractorIds',
  'workLocation',
  'usageType',
  'purpose',
  'serviceUrl',
  'dataLocations',
  'platform',
  'accountName',
  'url',
  'postingPolicy',
  'operatingProcedureUrl',
] as const;

@Injectable()
export class SubjectsService {
  constructor(
    private readonly database: Database,
    private readonly subjects: SubjectsRepository,
    private readonly references: SubjectReferences,
    private readonly audit: AuditService,
    private readonly hooks: SubjectHooks,
  ) {}

  /** A subject of any kind (kind given: only that kind, else NOT_FOUND). */
  get(ctx: Context, id: string, kind?: SubjectKind): Promise<SubjectRecord> {
    return this.subjects.record(ctx, id, kind ? KIND_NAMES[kind] : '登録対象', { kind });
  }

  /** The subjects of the given ids that exist in the organization (any kind), in no particular order. */
  getMany(ctx: Context, ids: readonly string[]): Promise<SubjectRecord[]> {
    return this.subjects.records(ctx, ids);
  }

  /** Subjects by name then id, filtered; compliance as of today in the organization's calendar. */
  list(
    ctx: Context,
    filter: SubjectFilter = {},
    first = DEFAULT_PAGE_SIZE,
    after?: string,
    joins?: SubjectJoins,
  ): Promise<Page<SubjectRecord>> {
    return this.subjects.page(ctx, filter, first, after, joins);
  }

  createOutsourcingContract(ctx: Context, input: CreateOutsourcingContractInput): Promise<SubjectRecord> {
    writeModeFor(ctx.caller, null, SubjectKind.OUTSOURCING_CONTRACT, input.departmentId);
    return this.database.transaction(ctx, async (ctx) => {
      const vendor = await this.references.vendor(ctx, input.vendorId);
      const subcontractorIds = await this.subcontractors(ctx, input.subcontractorIds ?? []);
      assertSubjectRules(input);
      await this.checkOwnerAndDepartment(ctx, input);
      return this.insert(ctx, this.contractRecord(ctx, input, vendor.id, subcontractorIds), vendor.name);
    });
  }

  createCloudService(ctx: Context, input: CreateCloudServiceInput): Promise<SubjectRecord> {
    writeModeFor(ctx.caller, null, SubjectKind.CLOUD_SERVICE, input.departmentId);
    return this.database.transaction(ctx, async (ctx) => {
      const vendor = await this.references.vendor(ctx, input.vendorId);
      assertSubjectRules(input);
      await this.checkOwnerAndDepartment(ctx, input);
      return this.insert(ctx, this.cloudRecord(ctx, input, vendor.id), vendor.name);
    });
  }

  createSocialMediaAccount(ctx: Context, input: CreateSocialMediaAccountInput): Promise<SubjectRecord> {
    const departmentId = this.socialDepartment(ctx, input);
    writeModeFor(ctx.caller, null, SubjectKind.SOCIAL_MEDIA_ACCOUNT, departmentId);
    return this.database.transaction(ctx, async (ctx) => {
      await this.checkOwnerAndDepartment(ctx, { ownerId: input.ownerId, departmentId });
      return this.insert(ctx, this.socialRecord(ctx, input, departmentId), null);
    });
  }

  /**
   * Many new subjects at once (a ledger import), with the same rules as one by one: the same checks
   * of every input (each reference read once for all of them), then one statement per table for
   * the rows, their scheduled reviews and reminders, and their audit events; compliance is
   * re-evaluated for all of them together. Any refusal refuses the whole set (the error is the first
   * one found, not necessarily the one a single create would have answered): the caller creates
   * them one by one to learn which input was refused and why. Returns the new ids, in input order.
   */
  async createMany(ctx: Context, drafts: readonly NewSubjectDraft[]): Promise<string[]> {
    if (drafts.length === 0) return [];
    const departments = drafts.map((draft) =>
      draft.kind === SubjectKind.SOCIAL_MEDIA_ACCOUNT ? this.socialDepartment(ctx, draft.input) : (draft.input.departmentId ?? null),
    );
    drafts.forEach((draft, i) => writeModeFor(ctx.caller, null, draft.kind, departments[i]));
    return this.database.transaction(ctx, async (ctx) => {
      const vendorIds = drafts.flatMap((draft) =>
        draft.kind === SubjectKind.OUTSOURCING_CONTRACT
          ? [draft.input.vendorId, ...(draft.input.subcontractorIds ?? [])]
          : draft.kind === SubjectKind.CLOUD_SERVICE
            ? [draft.input.vendorId]
            : [],
      );
      const vendors = await this.references.vendorsByIds(ctx, vendorIds);
      await this.references.assertOwnersAndDepartments(
        ctx,
        drafts.map((draft, i) => ({ ownerId: draft.input.ownerId, departmentId: departments[i] })),
      );
      const records = drafts.map((draft, i) => {
        switch (draft.kind) {
          case SubjectKind.OUTSOURCING_CONTRACT:
            assertSubjectRules(draft.input);
            return this.contractRecord(ctx, draft.input, draft.input.vendorId, unique(draft.input.subcontractorIds ?? []));
          case SubjectKind.CLOUD_SERVICE:
            assertSubjectRules(draft.input);
            return this.cloudRecord(ctx, draft.input, draft.input.vendorId);
          case SubjectKind.SOCIAL_MEDIA_ACCOUNT:
            return this.socialRecord(ctx, draft.input, departments[i]);
        }
      });
      for (const record of records) deriveColumns(record, record.subject.vendorId ? vendors.get(record.subject.vendorId)!.name : null);
      await this.subjects.insertMany(ctx, records, records.some((r) => r.contract) ? DUPLICATE_CONTRACT_NUMBER : DUPLICATE_ACCOUNT);
      await this.hooks.created.run(ctx, records);
      const ids = records.map((r) => r.subject.id);
      await this.hooks.complianceInputsChanged.run(ctx, ids);
      await this.audit.recordMany(
        ctx,
        records.map((record) => ({
          action: 'SUBJECT_CREATED',
          entityType: record.subject.kind,
          entityId: record.subject.id,
          changes: diff(null, auditView(record), AUDITED_FIELDS),
        })),
      );
      return ids;
    });
  }

  updateOutsourcingContract(ctx: Context, id: string, input: UpdateOutsourcingContractInput): Promise<SubjectRecord> {
    return this.update(ctx, id, SubjectKind.OUTSOURCING_CONTRACT, input, async (ctx, record) => {
      const contract = record.contract!;
      if (input.subcontractorIds !== undefined) record.subcontractorIds = await this.subcontractors(ctx, input.subcontractorIds ?? []);
      if (input.contractNumber !== undefined) contract.contractNumber = input.contractNumber || null;
      if (input.startDate !== undefined && input.startDate !== null) contract.startDate = input.startDate;
      if (input.endDate !== undefined) contract.endDate = input.endDate ?? null;
      if (input.networkSegment != null) contract.networkSegment = input.networkSegment;
      if (input.handlesPersonalInformation != null) contract.handlesPersonalInformation = input.handlesPersonalInformation;
      if (input.handlesMyNumber != null) contract.handlesMyNumber = input.handlesMyNumber;
      if (input.subcontractingAllowed != null) contract.subcontractingAllowed = input.subcontractingAllowed;
      if (input.workLocation !== undefined) contract.workLocation = input.workLocation || null;
    });
  }

  updateCloudService(ctx: Context, id: string, input: UpdateCloudServiceInput): Promise<SubjectRecord> {
    return this.update(ctx, id, SubjectKind.CLOUD_SERVICE, input, (_ctx, record) => {
      const cloud = record.cloud!;
      if (input.usageType != null) cloud.usageType = input.usageType;
      if (input.purpose != null) cloud.purpose = input.purpose;
      if (input.serviceUrl !== undefined) cloud.serviceUrl = input.serviceUrl || null;
      if (input.dataLocations !== undefined) cloud.dataLocations = unique(input.dataLocations ?? []);
      if (input.networkSegment != null) cloud.networkSegment = input.networkSegment;
      if (input.handlesPersonalInformation != null) cloud.handlesPersonalInformation = input.handlesPersonalInformation;
      if (input.handlesMyNumber != null) cloud.handlesMyNumber = input.handlesMyNumber;
      return Promise.resolve();
    });
  }

  updateSocialMediaAccount(ctx: Context, id: string, input: UpdateSocialMediaAccountInput): Promise<SubjectRecord> {
    return this.update(ctx, id, SubjectKind.SOCIAL_MEDIA_ACCOUNT, input, (_ctx, record) => {
      const social = record.social!;
      if (input.platform != null) social.platform = input.platform;
      if (input.accountName != null) social.accountName = input.accountName;
      if (input.url != null) social.url = input.url;
      if (input.purpose != null) social.purpose = input.purpose;
      if (input.postingPolicy !== undefined) social.postingPolicy = input.postingPolicy || null;
      if (input.operatingProcedureUrl !== undefined) social.operatingProcedureUrl = input.operatingProcedureUrl || null;
      return Promise.resolve();
    });
  }

  /** Archived subjects leave the default lists and the compliance figures but keep their history. */
  async archive(ctx: Context, id: string, reason: string): Promise<SubjectRecord> {
    if (!reason.trim()) throw badField('reason', 'アーカイブの理由を入力してください。');
    return this.database.transaction(ctx, async (ctx) => {
      const record = await this.subjects.record(ctx, id, '登録対象', { forUpdate: true });
      if (record.subject.status === SubjectStatus.ARCHIVED) throw conflict('この登録対象は既にアーカイブされています。');
      const before = auditView(record);
      record.subject.status = SubjectStatus.ARCHIVED;
      record.subject.archiveReason = reason.trim();
      await this.subjects.saveRow(ctx, record.subject);
      await this.hooks.archived.run(ctx, record.subject);
      await this.audit.record(ctx, {
        action: 'SUBJECT_ARCHIVED',
        entityType: record.subject.kind,
        entityId: record.subject.id,
        changes: diff(before, auditView(record), AUDITED_FIELDS),
      });
      return this.get(ctx, id);
    });
  }

  /** The April personnel rotation: every ACTIVE subject of one user to another, in one transaction. Returns the count. */
  async transferOwnership(ctx: Context, fromUserId: string, toUserId: string): Promise<number> {
    return this.database.transaction(ctx, async (ctx) => {
      await this.references.user(ctx, fromUserId, '移管元の利用者');
      if (fromUserId === toUserId) throw badField('toUserId', '移管元と移管先が同じ利用者です。');
      await this.references.assertValidOwner(ctx, toUserId, 'toUserId');
      // Archived subjects keep the owner they had: they are history.
      const subjects = await this.subjects.lockActiveOwnedBy(ctx, fromUserId);
      if (subjects.length === 0) return 0;
      const ids = subjects.map((s) => s.id);
      await this.subjects.setOwner(ctx, ids, toUserId);
      await this.hooks.ownershipTransferred.run(ctx, fromUserId, toUserId);
      await this.hooks.complianceInputsChanged.run(ctx, ids);
      await this.audit.recordMany(
        ctx,
        subjects.map((s) => ({
          action: 'OWNERSHIP_TRANSFERRED',
          entityType: s.kind,
          entityId: s.id,
          changes: { ownerId: [fromUserId, toUserId] },
        })),
      );
      return subjects.length;
    });
  }

  /** Staff register their own department's accounts: an omitted department means theirs. */
  private socialDepartment(ctx: Context, input: CreateSocialMediaAccountInput): string | null {
    const actor = ctx.caller;
    const registrar = hasAnyRole(actor, [Role.ADMIN, Role.PROCUREMENT_OFFICER]);
    return input.departmentId == null && !registrar ? (actor.departmentId ?? null) : (input.departmentId ?? null);
  }

  private async checkOwnerAndDepartment(ctx: Context, input: { ownerId?: string | null; departmentId?: string | null }): Promise<void> {
    if (input.ownerId) await this.references.assertValidOwner(ctx, input.ownerId);
    await this.references.assertDepartment(ctx, input.departmentId);
  }

  private contractRecord(ctx: Context, input: CreateOutsourcingContractInput, vendorId: string, subcontractorIds: string[]): SubjectRecord {
    return {
      subject: this.newSubject(ctx, SubjectKind.OUTSOURCING_CONTRACT, input, vendorId),
      contract: Object.assign(new OutsourcingContractEntity(), {
        contractNumber: input.contractNumber || null,
        startDate: input.startDate,
        endDate: input.endDate ?? null,
        networkSegment: input.networkSegment,
        handlesPersonalInformation: input.handlesPersonalInformation,
        handlesMyNumber: input.handlesMyNumber,
        subcontractingAllowed: input.subcontractingAllowed,
        workLocation: input.workLocation || null,
      }),
      subcontractorIds,
    };
  }

  private cloudRecord(ctx: Context, input: CreateCloudServiceInput, vendorId: string): SubjectRecord {
    return {
      subject: this.newSubject(ctx, SubjectKind.CLOUD_SERVICE, input, vendorId),
      cloud: Object.assign(new CloudServiceEntity(), {
        usageType: input.usageType,
        purpose: input.purpose,
        serviceUrl: input.serviceUrl || null,
        dataLocations: unique(input.dataLocations ?? []),
        networkSegment: input.networkSegment ?? NetworkSegment.INTERNET,
        handlesPersonalInformation: input.handlesPersonalInformation,
        handlesMyNumber: input.handlesMyNumber ?? false,
      }),
      subcontractorIds: [],
    };
  }

  private socialRecord(ctx: Context, input: CreateSocialMediaAccountInput, departmentId: string | null): SubjectRecord {
    return {
      subject: this.newSubject(
        ctx,
        SubjectKind.SOCIAL_MEDIA_ACCOUNT,
        { ...input, departmentId, confidentiality: 1, integrity: 1, availability: input.availability ?? 1 },
        null,
      ),
      social: Object.assign(new SocialMediaAccountEntity(), {
        platform: input.platform,
        accountName: input.accountName,
        url: input.url,
        purpose: input.purpose,
        postingPolicy: input.postingPolicy || null,
        operatingProcedureUrl: input.operatingProcedureUrl || null,
      }),
      subcontractorIds: [],
    };
  }

  private newSubject(
    ctx: Context,
    kind: SubjectKind,
    input: {
      name: string;
      ownerId?: string | null;
      departmentId?: string | null;
      confidentiality: number;
      integrity: number;
      availability: number;
      lastReviewedOn?: string | null;
    },
    vendorId: string | null,
  ): SubjectEntity {
    return this.subjects.newSubject(ctx, {
      kind,
      name: input.name,
      ownerId: input.ownerId || null,
      departmentId: input.departmentId || null,
      vendorId,
      confidentiality: input.confidentiality,
      integrity: input.integrity,
      availability: input.availability,
      lastReviewedOn: input.lastReviewedOn ?? null,
    });
  }

  private async insert(ctx: Context, record: SubjectRecord, vendorName: string | null): Promise<SubjectRecord> {
    deriveColumns(record, vendorName);
    await this.subjects.insert(ctx, record, record.contract ? DUPLICATE_CONTRACT_NUMBER : DUPLICATE_ACCOUNT);
    await this.hooks.created.run(ctx, [record]);
    await this.hooks.complianceInputsChanged.run(ctx, [record.subject.id]);
    await this.audit.record(ctx, {
      action: 'SUBJECT_CREATED',
      entityType: record.subject.kind,
      entityId: record.subject.id,
      changes: diff(null, auditView(record), AUDITED_FIELDS),
    });
    return this.get(ctx, record.subject.id);
  }

  private async update(
    ctx: Context,
    id: string,
    kind: SubjectKind,
    input: UpdateInput,
    applyDetails: (ctx: Context, record: SubjectRecord) => Promise<void>,
  ): Promise<SubjectRecord> {
    return this.database.transaction(ctx, async (ctx) => {
      const record = await this.subjects.record(ctx, id, KIND_NAMES[kind], { forUpdate: true, kind });
      const mode: WriteMode = writeModeFor(ctx.caller, record, kind, input.departmentId);
      if (mode === 'descriptive') assertDescriptiveOnly(input);
      if (record.subject.status === SubjectStatus.ARCHIVED) throw conflict('アーカイブされた登録対象は変更できません。');
      if (record.subject.version !== input.expectedVersion) throw staleVersion();
      const before = auditView(record);
      const beforeRecord = snapshot(record);
      const subject = record.subject;
      if (input.name != null) subject.name = input.name;
      // Reported together with the rules between fields below: one answer names every bad field.
      const problems = input.ownerId ? await this.references.ownerProblems(ctx, input.ownerId) : [];
      if (input.ownerId !== undefined) subject.ownerId = input.ownerId || null;
      if (input.departmentId !== undefined) {
        await this.references.assertDepartment(ctx, input.departmentId);
        subject.departmentId = input.departmentId || null;
      }
      if ('confidentiality' in input && input.confidentiality != null) subject.confidentiality = input.confidentiality;
      if ('integrity' in input && input.integrity != null) subject.integrity = input.integrity;
      if (input.availability != null) subject.availability = input.availability;
      await applyDetails(ctx, record);
      const given = input as unknown as Record<string, unknown>;
      assertSubjectRules(record.contract ?? record.cloud, problems, (field) => given[field] !== undefined);
      const changes = diff(before, auditView(record), AUDITED_FIELDS);
      if (Object.keys(changes).length === 0) return record;
      deriveColumns(record, subject.vendorId ? (await this.references.vendor(ctx, subject.vendorId)).name : null);
      await this.subjects.update(ctx, record, record.contract ? DUPLICATE_CONTRACT_NUMBER : DUPLICATE_ACCOUNT);
      await this.hooks.updated.run(ctx, beforeRecord, record);
      await this.hooks.complianceInputsChanged.run(ctx, [subject.id]);
      await this.audit.record(ctx, { action: 'SUBJECT_UPDATED', entityType: kind, entityId: subject.id, changes });
      return this.get(ctx, subject.id);
    });
  }

  private async subcontractors(ctx: Context, ids: string[]): Promise<string[]> {
    const distinct = unique(ids);
    for (const id of distinct) await this.references.vendor(ctx, id);
    return distinct;
  }
}

/** A copy of a record as it was, for comparing after the change. */
function snapshot(record: SubjectRecord): SubjectRecord {
  return {
    subject: { ...record.subject },
    contract: record.contract ? { ...record.contract } : undefined,
    cloud: record.cloud ? { ...record.cloud } : undefined,
    social: record.social ? { ...record.social } : undefined,
    subcontractorIds: [...record.subcontractorIds],
  };
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

function assertDescriptiveOnly(input: UpdateInput): void {
  const refused = Object.entries(input)
    .filter(([field, value]) => field !== 'expectedVersion' && value !== undefined && !DESCRIPTIVE_FIELDS.has(field))
    .map(([field]) => field);
  if (refused.length > 0) {
    throw forbidden(`責任者が変更できるのは名称・目的・URL等の説明項目だけです（変更できない項目: ${refused.join(', ')}）。`);
  }
}
