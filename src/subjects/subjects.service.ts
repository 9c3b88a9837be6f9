import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService, diff } from '../audit/audit.service';
import { Actor, hasAnyRole } from '../auth/actor';
import { Role } from '../auth/role.enum';
import { todayIn } from '../common/calendar';
import { badField, conflict, conflictOnDuplicate, forbidden, notFound, staleVersion } from '../common/errors';
import { decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor, Page, countRows } from '../common/pagination';
import { containsPattern, searchKey } from '../common/search-key';
import { ComplianceService } from '../compliance/compliance.service';
import { ReviewScheduler } from '../reviews/review-scheduler';
import { EFFECTIVE_STATUS, hasFindingCondition } from '../compliance/compliance-sql';
import { Database } from '../database/database';
import { isUuid, scoped, TenantScope } from '../database/tenant-scope';
import { UserEntity } from '../users/user.entity';
import {
  CreateCloudServiceInput,
  CreateOutsourcingContractInput,
  CreateSocialMediaAccountInput,
  SubjectFilter,
  UpdateCloudServiceInput,
  UpdateOutsourcingContractInput,
  UpdateSocialMediaAccountInput,
} from './dto/subject.inputs';
import {
  CloudServiceEntity,
  ContractSubcontractorEntity,
  OutsourcingContractEntity,
  SocialMediaAccountEntity,
} from './subject-details.entity';
import { SubjectRecord, withDetails } from './subject-record';
import {
  assertDepartment,
  assertSubjectRules,
  assertValidOwner,
  deriveColumns,
  DESCRIPTIVE_FIELDS,
  ownerProblems,
  vendorNameOf,
  vendorOf,
  WriteMode,
  writeModeFor,
} from './subject-writer';
import { ComplianceStatus, NetworkSegment, SubjectKind, SubjectStatus } from './subject.enums';
import { SubjectEntity } from './subject.entity';

const KIND_NAMES: Record<SubjectKind, string> = {
  OUTSOURCING_CONTRACT: '委託契約',
  CLOUD_SERVICE: 'クラウドサービス',
  SOCIAL_MEDIA_ACCOUNT: 'ソーシャルメディアアカウント',
};

const DUPLICATE_CONTRACT_NUMBER = 'この契約番号の委託契約は既に登録されています。';
const DUPLICATE_ACCOUNT = 'このプラットフォームとアカウント名の組み合わせは既に登録されています。';

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
    private readonly audit: AuditService,
    private readonly compliance: ComplianceService,
    private readonly reviews: ReviewScheduler,
  ) {}

  /** A subject of any kind (kind given: only that kind, else NOT_FOUND). */
  async get(actor: Actor, id: string, kind?: SubjectKind, manager: EntityManager = this.database.manager): Promise<SubjectRecord> {
    const what = kind ? KIND_NAMES[kind] : '登録対象';
    const subject = await scoped(manager, actor).get(SubjectEntity, id, what);
    if (kind && subject.kind !== kind) throw notFound(what);
    const [record] = await withDetails(manager, actor.organizationId, [subject]);
    return record;
  }

  /** Subjects by name then id, filtered; compliance as of today in the organization's calendar. */
  async list(actor: Actor, filter: SubjectFilter = {}, first = DEFAULT_PAGE_SIZE, after?: string): Promise<Page<SubjectRecord>> {
    const today = todayIn(actor.timeZone);
    const query = scoped(this.database.manager, actor)
      .select(SubjectEntity, 's')
      .leftJoin('vendors', 'v', 'v.id = s.vendor_id AND v.organization_id = s.organization_id')
      .andWhere('s.status = :status', { status: filter.status ?? SubjectStatus.ACTIVE })
      .setParameter('today', today);
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
    // Cloned now: the keyset condition added below must not narrow the count.
    const counting = query.clone();
    const totalCount = (): Promise<number> => countRows(counting);
    if (after) {
      const [name, id] = decodeCursor(after, ['text', 'uuid']);
      query.andWhere('(s.name, s.id) > (:afterName, :afterId::uuid)', { afterName: name, afterId: id });
    }
    const rows = await query
      .orderBy('s.name', 'ASC')
      .addOrderBy('s.id', 'ASC')
      .limit(first + 1)
      .getMany();
    const nodes = await withDetails(this.database.manager, actor.organizationId, rows.slice(0, first));
    return {
      nodes,
      totalCount,
      hasNextPage: rows.length > first,
      cursorOf: (record) => encodeCursor([record.subject.name, record.subject.id]),
    };
  }

  createOutsourcingContract(actor: Actor, input: CreateOutsourcingContractInput): Promise<SubjectRecord> {
    writeModeFor(actor, null, SubjectKind.OUTSOURCING_CONTRACT, input.departmentId);
    return this.database.transaction(async (manager) => {
      const scope = scoped(manager, actor);
      const vendor = await vendorOf(scope, input.vendorId);
      const subcontractorIds = await this.subcontractors(scope, input.subcontractorIds ?? []);
      assertSubjectRules(input);
      const record: SubjectRecord = {
        subject: await this.newSubject(scope, SubjectKind.OUTSOURCING_CONTRACT, input, vendor.id),
        contract: manager.create(OutsourcingContractEntity, {
          organizationId: actor.organizationId,
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
      return this.insert(manager, actor, record, vendor.name);
    });
  }

  createCloudService(actor: Actor, input: CreateCloudServiceInput): Promise<SubjectRecord> {
    writeModeFor(actor, null, SubjectKind.CLOUD_SERVICE, input.departmentId);
    return this.database.transaction(async (manager) => {
      const scope = scoped(manager, actor);
      const vendor = await vendorOf(scope, input.vendorId);
      assertSubjectRules(input);
      const record: SubjectRecord = {
        subject: await this.newSubject(scope, SubjectKind.CLOUD_SERVICE, input, vendor.id),
        cloud: manager.create(CloudServiceEntity, {
          organizationId: actor.organizationId,
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
      return this.insert(manager, actor, record, vendor.name);
    });
  }

  createSocialMediaAccount(actor: Actor, input: CreateSocialMediaAccountInput): Promise<SubjectRecord> {
    // STAFF register accounts of their own department: theirs when none is given.
    const registrar = hasAnyRole(actor, [Role.ADMIN, Role.PROCUREMENT_OFFICER]);
    const departmentId = input.departmentId == null && !registrar ? (actor.departmentId ?? null) : (input.departmentId ?? null);
    writeModeFor(actor, null, SubjectKind.SOCIAL_MEDIA_ACCOUNT, departmentId);
    return this.database.transaction(async (manager) => {
      const scope = scoped(manager, actor);
      const record: SubjectRecord = {
        subject: await this.newSubject(
          scope,
          SubjectKind.SOCIAL_MEDIA_ACCOUNT,
          { ...input, departmentId, confidentiality: 1, integrity: 1, availability: input.availability ?? 1 },
          null,
        ),
        social: manager.create(SocialMediaAccountEntity, {
          organizationId: actor.organizationId,
          platform: input.platform,
          accountName: input.accountName,
          url: input.url,
          purpose: input.purpose,
          postingPolicy: input.postingPolicy || null,
          operatingProcedureUrl: input.operatingProcedureUrl || null,
        }),
        subcontractorIds: [],
      };
      return this.insert(manager, actor, record, null);
    });
  }

  updateOutsourcingContract(actor: Actor, id: string, input: UpdateOutsourcingContractInput): Promise<SubjectRecord> {
    return this.update(actor, id, SubjectKind.OUTSOURCING_CONTRACT, input, async (scope, record) => {
      const contract = record.contract!;
      if (input.subcontractorIds !== undefined) record.subcontractorIds = await this.subcontractors(scope, input.subcontractorIds ?? []);
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

  updateCloudService(actor: Actor, id: string, input: UpdateCloudServiceInput): Promise<SubjectRecord> {
    return this.update(actor, id, SubjectKind.CLOUD_SERVICE, input, (_scope, record) => {
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

  updateSocialMediaAccount(actor: Actor, id: string, input: UpdateSocialMediaAccountInput): Promise<SubjectRecord> {
    return this.update(actor, id, SubjectKind.SOCIAL_MEDIA_ACCOUNT, input, (_scope, record) => {
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
  async archive(actor: Actor, id: string, reason: string): Promise<SubjectRecord> {
    if (!reason.trim()) throw badField('reason', 'アーカイブの理由を入力してください。');
    return this.database.transaction(async (manager) => {
      const record = await this.getForUpdate(manager, actor, id);
      if (record.subject.status === SubjectStatus.ARCHIVED) throw conflict('この登録対象は既にアーカイブされています。');
      const before = auditView(record);
      record.subject.status = SubjectStatus.ARCHIVED;
      record.subject.archiveReason = reason.trim();
      await this.saveSubjectRow(manager, record);
      await this.reviews.subjectArchived(manager, record.subject);
      await this.audit.record(manager, actor, {
        action: 'SUBJECT_ARCHIVED',
        entityType: record.subject.kind,
        entityId: record.subject.id,
        changes: diff(before, auditView(record), AUDITED_FIELDS),
      });
      return this.get(actor, id, undefined, manager);
    });
  }

  /** The April personnel rotation: every ACTIVE subject of one user to another, in one transaction. Returns the count. */
  async transferOwnership(actor: Actor, fromUserId: string, toUserId: string): Promise<number> {
    return this.database.transaction(async (manager) => {
      const scope = scoped(manager, actor);
      await scope.get(UserEntity, fromUserId, '移管元の利用者');
      if (fromUserId === toUserId) throw badField('toUserId', '移管元と移管先が同じ利用者です。');
      await assertValidOwner(scope, toUserId, 'toUserId');
      const subjects = await manager.find(SubjectEntity, {
        // Archived subjects keep the owner they had: they are history.
        where: { organizationId: actor.organizationId, ownerId: fromUserId, status: SubjectStatus.ACTIVE },
        lock: { mode: 'pessimistic_write' },
      });
      if (subjects.length === 0) return 0;
      const ids = subjects.map((s) => s.id);
      await manager
        .createQueryBuilder()
        .update(SubjectEntity)
        .set({ ownerId: toUserId, version: () => 'version + 1', updatedAt: () => 'now()' })
        .where('organization_id = :organizationId AND id IN (:...ids)', { organizationId: actor.organizationId, ids })
        .execute();
      await this.compliance.refresh(manager, actor.organizationId, ids);
      await this.reviews.ownershipTransferred(manager, actor.organizationId, fromUserId, toUserId, todayIn(actor.timeZone));
      await this.audit.recordMany(
        manager,
        actor,
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

  private async newSubject(
    scope: TenantScope,
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
  ): Promise<SubjectEntity> {
    if (input.ownerId) await assertValidOwner(scope, input.ownerId);
    await assertDepartment(scope, input.departmentId);
    return scope.manager.create(SubjectEntity, {
      organizationId: scope.organizationId,
      kind,
      name: input.name,
      ownerId: input.ownerId || null,
      departmentId: input.departmentId || null,
      vendorId,
      confidentiality: input.confidentiality,
      integrity: input.integrity,
      availability: input.availability,
      status: SubjectStatus.ACTIVE,
      archiveReason: null,
      lastReviewedOn: input.lastReviewedOn ?? null,
      // Placeholder until the compliance refresh below, in the same transaction.
      staticStatus: ComplianceStatus.NON_COMPLIANT,
    });
  }

  private async insert(manager: EntityManager, actor: Actor, record: SubjectRecord, vendorName: string | null): Promise<SubjectRecord> {
    deriveColumns(record, vendorName);
    await manager.save(record.subject);
    const duplicate = record.contract ? DUPLICATE_CONTRACT_NUMBER : DUPLICATE_ACCOUNT;
    await this.saveDetails(manager, record).catch((error: unknown) => conflictOnDuplicate(error, duplicate));
    await this.reviews.subjectCreated(manager, record, todayIn(actor.timeZone));
    await this.compliance.refresh(manager, actor.organizationId, [record.subject.id]);
    await this.audit.record(manager, actor, {
      action: 'SUBJECT_CREATED',
      entityType: record.subject.kind,
      entityId: record.subject.id,
      changes: diff(null, auditView(record), AUDITED_FIELDS),
    });
    return this.get(actor, record.subject.id, undefined, manager);
  }

  private async update(
    actor: Actor,
    id: string,
    kind: SubjectKind,
    input: UpdateInput,
    applyDetails: (scope: TenantScope, record: SubjectRecord) => Promise<void>,
  ): Promise<SubjectRecord> {
    return this.database.transaction(async (manager) => {
      const scope = scoped(manager, actor);
      const record = await this.getForUpdate(manager, actor, id, kind);
      const mode: WriteMode = writeModeFor(actor, record, kind, input.departmentId);
      if (mode === 'descriptive') assertDescriptiveOnly(input);
      if (record.subject.status === SubjectStatus.ARCHIVED) throw conflict('アーカイブされた登録対象は変更できません。');
      if (record.subject.version !== input.expectedVersion) throw staleVersion();
      const before = auditView(record);
      const beforeRecord = snapshot(record);
      const subject = record.subject;
      if (input.name != null) subject.name = input.name;
      // Reported together with the rules between fields below: one answer names every bad field.
      const problems = input.ownerId ? await ownerProblems(scope, input.ownerId) : [];
      if (input.ownerId !== undefined) subject.ownerId = input.ownerId || null;
      if (input.departmentId !== undefined) {
        await assertDepartment(scope, input.departmentId);
        subject.departmentId = input.departmentId || null;
      }
      if ('confidentiality' in input && input.confidentiality != null) subject.confidentiality = input.confidentiality;
      if ('integrity' in input && input.integrity != null) subject.integrity = input.integrity;
      if (input.availability != null) subject.availability = input.availability;
      await applyDetails(scope, record);
      const given = input as unknown as Record<string, unknown>;
      assertSubjectRules(record.contract ?? record.cloud, problems, (field) => given[field] !== undefined);
      const changes = diff(before, auditView(record), AUDITED_FIELDS);
      if (Object.keys(changes).length === 0) return record;
      deriveColumns(record, await vendorNameOf(manager, actor.organizationId, subject.vendorId));
      await this.saveSubjectRow(manager, record);
      const duplicate = record.contract ? DUPLICATE_CONTRACT_NUMBER : DUPLICATE_ACCOUNT;
      await this.saveDetails(manager, record).catch((error: unknown) => conflictOnDuplicate(error, duplicate));
      await this.reviews.subjectUpdated(manager, beforeRecord, record, todayIn(actor.timeZone));
      await this.compliance.refresh(manager, actor.organizationId, [subject.id]);
      await this.audit.record(manager, actor, { action: 'SUBJECT_UPDATED', entityType: kind, entityId: subject.id, changes });
      return this.get(actor, subject.id, undefined, manager);
    });
  }

  private async getForUpdate(manager: EntityManager, actor: Actor, id: string, kind?: SubjectKind): Promise<SubjectRecord> {
    const what = kind ? KIND_NAMES[kind] : '登録対象';
    const subject = await scoped(manager, actor).get(SubjectEntity, id, what, true);
    if (kind && subject.kind !== kind) throw notFound(what);
    const [record] = await withDetails(manager, actor.organizationId, [subject]);
    return record;
  }

  /** Writes the subject row with its version moved on: every real change is a new version. */
  private async saveSubjectRow(manager: EntityManager, record: SubjectRecord): Promise<void> {
    const s = record.subject;
    await manager
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
      .where('organization_id = :organizationId AND id = :id', { organizationId: s.organizationId, id: s.id })
      .execute();
  }

  private async saveDetails(manager: EntityManager, record: SubjectRecord): Promise<void> {
    const subjectId = record.subject.id;
    if (record.contract) {
      await manager.save(OutsourcingContractEntity, { ...record.contract, subjectId });
      await manager.delete(ContractSubcontractorEntity, { organizationId: record.subject.organizationId, subjectId });
      if (record.subcontractorIds.length) {
        await manager.insert(
          ContractSubcontractorEntity,
          record.subcontractorIds.map((vendorId, position) => ({
            organizationId: record.subject.organizationId,
            subjectId,
            vendorId,
            position,
          })),
        );
      }
    }
    if (record.cloud) await manager.save(CloudServiceEntity, { ...record.cloud, subjectId });
    if (record.social) await manager.save(SocialMediaAccountEntity, { ...record.social, subjectId });
  }

  private async subcontractors(scope: TenantScope, ids: string[]): Promise<string[]> {
    const distinct = unique(ids);
    for (const id of distinct) await vendorOf(scope, id);
    return distinct;
  }

  /** Subjects of one owner (for the compliance refresh when that user is deactivated or reactivated). */
  async idsOwnedBy(manager: EntityManager, organizationId: string, userId: string): Promise<string[]> {
    const rows = await manager.find(SubjectEntity, { select: { id: true }, where: { organizationId, ownerId: userId } });
    return rows.map((r) => r.id);
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
