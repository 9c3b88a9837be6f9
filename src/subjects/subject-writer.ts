import { Actor, hasAnyRole } from '../common/actor';
import { Role } from '../common/role';
import { badInput, FieldError, forbidden } from '../common/errors';
import { searchKey } from '../common/search-key';
import { attributesOf, SubjectRecord } from './subject-record';
import { riskTier } from './risk-tier';
import { ruleProblems, SubjectFacts } from './subject-rules';
import { SubjectKind } from '../domain/subject.enums';

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
