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
