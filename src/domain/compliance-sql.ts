import { FindingCode } from './compliance.enums';

/**
 * The dated findings in SQL, for filters and counts over many subjects: the same conditions as
 * `datedFindings` in compliance-rules.ts (a test checks that both agree). Expects `s` (subjects)
 * and `v` (the subject's vendor, left-joined) and a `:today` parameter (YYYY-MM-DD).
 */
export const DATED_CONDITIONS: Partial<Record<FindingCode, string>> = {
  [FindingCode.CONTRACT_ENDED]: `(s.status = 'ACTIVE' AND s.kind = 'OUTSOURCING_CONTRACT' AND s.ends_on < :today::date)`,
  [FindingCode.REVIEW_OVERDUE]: `(s.status = 'ACTIVE' AND s.next_review_due < :today::date)`,
  [FindingCode.CERTIFICATION_EXPIRED]: `(s.status = 'ACTIVE' AND s.kind <> 'SOCIAL_MEDIA_ACCOUNT' AND s.risk_tier <> 'LOW' AND v.certifications_valid_through < :today::date)`,
};

const ANY_DATED = Object.values(DATED_CONDITIONS).join(' OR ');

/** The compliance status as of today: the stored static status, made NON_COMPLIANT by any dated finding. */
export const EFFECTIVE_STATUS = `(CASE WHEN ${ANY_DATED} THEN 'NON_COMPLIANT' ELSE s.static_status::text END)`;

/** A condition that the subject has a finding with this code (stored static ones, or dated ones against today). */
export function hasFindingCondition(code: string): string {
  const dated = DATED_CONDITIONS[code as FindingCode];
  if (dated) return dated;
  return `EXISTS (SELECT 1 FROM subject_findings f WHERE f.organization_id = s.organization_id AND f.subject_id = s.id AND f.code = :findingCode)`;
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
