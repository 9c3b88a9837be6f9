import { FindingCode } from './compliance.enums';

/** How the statements of TypeORM's query builder name today: a `:today` parameter (YYYY-MM-DD). */
const TODAY_PARAMETER = ':today::date';

/**
 * The dated findings in SQL, for filters and counts over many subjects: the same conditions as
 * `datedFindings` in compliance-rules.ts (a test checks that both agree). Expects `s` (subjects)
 * and `v` (the subject's vendor, left-joined); `today` is the SQL of today's date (a parameter).
 */
export function datedConditions(today: string): Partial<Record<FindingCode, string>> {
  return {
    [FindingCode.CONTRACT_ENDED]: `(s.status = 'ACTIVE' AND s.kind = 'OUTSOURCING_CONTRACT' AND s.ends_on < ${today})`,
    [FindingCode.REVIEW_OVERDUE]: `(s.status = 'ACTIVE' AND s.next_review_due < ${today})`,
    [FindingCode.CERTIFICATION_EXPIRED]: `(s.status = 'ACTIVE' AND s.kind <> 'SOCIAL_MEDIA_ACCOUNT' AND s.risk_tier <> 'LOW' AND v.certifications_valid_through < ${today})`,
  };
}

export const DATED_CONDITIONS = datedConditions(TODAY_PARAMETER);

/** The compliance status as of `today` (SQL of a date): the stored static status, made NON_COMPLIANT by any dated finding. */
export function effectiveStatus(today: string): string {
  return `(CASE WHEN ${Object.values(datedConditions(today)).join(' OR ')} THEN 'NON_COMPLIANT' ELSE s.static_status::text END)`;
}

export const EFFECTIVE_STATUS = effectiveStatus(TODAY_PARAMETER);

/**
 * A condition that the subject has a finding with this code (stored static ones, or dated ones
 * against today); `today` and `codeParameter` give the SQL of today's date and of the code, each
 * asked only when the condition uses it (a prepared statement refuses a parameter it does not use).
 */
export function hasFindingCondition(
  code: string,
  today = (): string => TODAY_PARAMETER,
  codeParameter = (): string => ':findingCode',
): string {
  if (code in DATED_CONDITIONS) return datedConditions(today())[code as FindingCode]!;
  return `EXISTS (SELECT 1 FROM subject_findings f WHERE f.organization_id = s.organization_id AND f.subject_id = s.id AND f.code = ${codeParameter()})`;
}

/**
 * The codes of the stored (static) findings, in the order of `subjects.static_finding_counts`: element
 * i (1-based in SQL) is how many of the subject's stored findings have code i. Kept with the findings
 * in the same refresh, so that complianceSummary sums one array per subject instead of counting every
 * stored finding. New codes are appended (shorter arrays read as 0); reordering needs a migration.
 */
export const STORED_FINDING_CODES: readonly FindingCode[] = [
  FindingCode.OWNER_MISSING,
  FindingCode.REQUIREMENT_NOT_RECORDED,
  FindingCode.REQUIREMENT_ABSENT,
  FindingCode.REQUIREMENT_REJECTED,
  FindingCode.REQUIREMENT_PENDING_REVIEW,
  FindingCode.TOS_SERVICE_WITH_CONFIDENTIAL_DATA,
];

/** The value of `subjects.static_finding_counts` for these stored findings. */
export function storedFindingCounts(findings: readonly { code: string }[]): number[] {
  const counts = STORED_FINDING_CODES.map(() => 0);
  for (const { code } of findings) {
    const index = STORED_FINDING_CODES.indexOf(code as FindingCode);
    if (index < 0) throw new Error(`finding ${code} is not a stored finding code (STORED_FINDING_CODES)`);
    counts[index]++;
  }
  return counts;
}
