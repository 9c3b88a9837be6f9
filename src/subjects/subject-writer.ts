import { EntityManager } from 'typeorm';
import { Actor, hasAnyRole } from '../auth/actor';
import { Role } from '../auth/role.enum';
import { badInput, FieldError, forbidden } from '../common/errors';
import { searchKey } from '../common/search-key';
import { TenantScope } from '../database/tenant-scope';
import { DepartmentEntity } from '../organizations/department.entity';
import { UserEntity } from '../users/user.entity';
import { VendorEntity } from '../vendors/vendor.entity';
import { attributesOf, SubjectRecord } from './subject-record';
import { riskTier } from './risk-tier';
import { ruleProblems, SubjectFacts } from './subject-rules';
import { SubjectKind } from './subject.enums';

/** Fields an owner may change on their own subject: descriptions only, never what sets its requirements. */
export const DESCRIPTIVE_FIELDS = new Set([
  'name',
  'purpose',
  'serviceUrl',
  'url',
  'workLocation',
  'postingPolicy',
  'operatingProcedureUrl',
  'accountName',
]);

export type WriteMode = 'full' | 'descriptive';

/**
 * Who may change a subject, and how much. ADMIN and PROCUREMENT_OFFICER: everything. STAFF: social
 * media accounts of their own department. The owner: descriptive fields only.
 */
export function writeModeFor(
  actor: Actor,
  record: SubjectRecord | null,
  kind: SubjectKind,
  targetDepartmentId: string | null | undefined,
): WriteMode {
  if (hasAnyRole(actor, [Role.ADMIN, Role.PROCUREMENT_OFFICER])) return 'full';
  const ownDepartment = actor.departmentId !== null && actor.departmentId !== undefined;
  if (kind === SubjectKind.SOCIAL_MEDIA_ACCOUNT && hasAnyRole(actor, [Role.STAFF]) && ownDepartment) {
    const current = record ? record.subject.departmentId : actor.departmentId;
    const target = targetDepartmentId === undefined ? current : targetDepartmentId;
    if (current === actor.departmentId && target === actor.departmentId) return 'full';
  }
  if (record && record.subject.ownerId === actor.userId) return 'descriptive';
  throw forbidden();
}

/**
 * The owner must be an active user of the organization who holds some role other than AUDITOR: what
 * is wrong with the one given, to be reported with the other bad fields (an unknown id is NOT_FOUND at once).
 */
export async function ownerProblems(scope: TenantScope, ownerId: string, field = 'ownerId'): Promise<FieldError[]> {
  const owner = await scope.get(UserEntity, ownerId, '責任者に指定した利用者');
  if (!owner.active) return [{ field, message: '無効化された利用者は責任者にできません。' }];
  if (owner.roles.every((role) => role === Role.AUDITOR))
    return [{ field, message: '監査担当（AUDITOR）のみの利用者は責任者にできません。' }];
  return [];
}

export async function assertValidOwner(scope: TenantScope, ownerId: string, field = 'ownerId'): Promise<void> {
  const problems = await ownerProblems(scope, ownerId, field);
  if (problems.length > 0) throw badInput(problems);
}

export async function assertDepartment(scope: TenantScope, departmentId: string | null | undefined): Promise<void> {
  if (departmentId) await scope.get(DepartmentEntity, departmentId, '部署');
}

export function vendorOf(scope: TenantScope, vendorId: string): Promise<VendorEntity> {
  return scope.get(VendorEntity, vendorId, '取引先');
}

/**
 * Refuses facts that break a rule between fields (subject-rules.ts), together with the problems the
 * caller already found, so that one answer names every bad field. With `changed`, only the rules that
 * read a changed field apply.
 */
export function assertSubjectRules(facts: SubjectFacts | undefined, found: FieldError[] = [], changed?: (field: string) => boolean): void {
  const problems = [...found, ...(facts ? ruleProblems(facts, changed) : [])];
  if (problems.length > 0) throw badInput(problems);
}

/** What `subjects(filter: {search})` matches: the name, the vendor's name and the account name. */
export function subjectSearchKey(name: string, vendorName: string | null, accountName: string | null): string {
  return searchKey([name, vendorName ?? '', accountName ?? ''].join(' '));
}

/** Recomputes what is derived from the entered fields: the risk tier, the search key and the dated threshold. */
export function deriveColumns(record: SubjectRecord, vendorName: string | null): void {
  const { subject } = record;
  subject.riskTier = riskTier(attributesOf(record));
  subject.searchKey = subjectSearchKey(subject.name, vendorName, record.social?.accountName ?? null);
  subject.endsOn = record.contract?.endDate ?? null;
}

export async function vendorNameOf(manager: EntityManager, organizationId: string, vendorId: string | null): Promise<string | null> {
  if (!vendorId) return null;
  const vendor = await manager.findOneBy(VendorEntity, { organizationId, id: vendorId });
  return vendor?.name ?? null;
}
