import { japaneseDate } from '../common/calendar';
import { FindingCode } from '../domain/compliance.enums';
import { CertificationFact, LapsedCertification, lapsedCertifications } from '../vendors/certification-rules';
import { CloudUsageType, RiskTier, SubjectKind, SubjectStatus } from '../domain/subject.enums';
import { ComplianceStatus, EvidenceState } from '../domain/compliance.enums';
import { CertificationType } from '../vendors/certification-type.enum';
import { CERTIFICATION_TYPE_LABELS } from '../vendors/certification-type-labels';

/**
 * The compliance rules, in one place and free of I/O. Findings come in two families:
 * - static findings depend only on stored facts; they are computed and stored in the transaction
 *   of every write that changes a fact (subject, evidence, owner, requirement);
 * - dated findings hold from a date on (a contract's end date, a vendor certification's expiry);
 *   their thresholds are stored and compared with today in SQL, so they are right on the day they
 *   become true without a nightly job.
 * Subject.compliance, the subjects filter and complianceSummary all derive from these functions.
 */
export const DATED_FINDINGS: readonly FindingCode[] = [
  FindingCode.CONTRACT_ENDED,
  FindingCode.CERTIFICATION_EXPIRED,
  FindingCode.REVIEW_OVERDUE,
];

export interface Finding {
  code: FindingCode;
  requirementCode: string | null;
  message: string;
}

export interface RequirementFact {
  code: string;
  titleJa: string;
  state: EvidenceState;
}

export interface StaticFacts {
  kind: SubjectKind;
  /** An owner who is an active user; no owner, or a deactivated one, is false. */
  hasActiveOwner: boolean;
  confidentiality: number;
  usageType?: CloudUsageType;
  /** The applicable, active requirements with their current evidence state. */
  requirements: readonly RequirementFact[];
}

export interface DatedFacts {
  kind: SubjectKind;
  status: SubjectStatus;
  riskTier: RiskTier;
  /** A contract's end date. */
  endDate: string | null;
  /** The vendor's certifications: CERTIFICATION_EXPIRED names each type whose latest entry lapsed. */
  vendorCertifications: readonly CertificationFact[];
  /** The earliest due date of the subject's open reviews. */
  earliestOpenReviewDue: string | null;
}

const MESSAGES: Record<FindingCode, string> = {
  OWNER_MISSING: '責任者（管理者）が未登録です（又は無効化された利用者です）。',
  REQUIREMENT_NOT_RECORDED: '未記録',
  REQUIREMENT_ABSENT: '規定なし（不備）',
  REQUIREMENT_REJECTED: '確認で差戻し',
  REQUIREMENT_PENDING_REVIEW: '情報セキュリティ担当の確認待ち',
  REVIEW_OVERDUE: '確認（レビュー）の期限を過ぎています。',
  CERTIFICATION_EXPIRED: '委託先・提供者の認証が有効期限切れです。同種の有効な認証がありません。',
  TOS_SERVICE_WITH_CONFIDENTIAL_DATA: '約款型外部サービスで機密性2以上の情報を取り扱っています。',
  CONTRACT_ENDED: '契約期間が終了した契約が有効のままです。',
};

const STATE_FINDING: Partial<Record<EvidenceState, FindingCode>> = {
  [EvidenceState.NOT_RECORDED]: FindingCode.REQUIREMENT_NOT_RECORDED,
  [EvidenceState.ABSENT]: FindingCode.REQUIREMENT_ABSENT,
  [EvidenceState.REJECTED]: FindingCode.REQUIREMENT_REJECTED,
  [EvidenceState.RECORDED]: FindingCode.REQUIREMENT_PENDING_REVIEW,
  [EvidenceState.WAIVER_REQUESTED]: FindingCode.REQUIREMENT_PENDING_REVIEW,
};

export function findingMessage(code: FindingCode, requirementTitle?: string): string {
  return requirementTitle ? `${requirementTitle}：${MESSAGES[code]}` : MESSAGES[code];
}

export function staticFindings(facts: StaticFacts): Finding[] {
  const findings: Finding[] = [];
  if (!facts.hasActiveOwner)
    findings.push({ code: FindingCode.OWNER_MISSING, requirementCode: null, message: findingMessage(FindingCode.OWNER_MISSING) });
  if (facts.kind === SubjectKind.CLOUD_SERVICE && facts.usageType === CloudUsageType.TERMS_OF_SERVICE && facts.confidentiality >= 2) {
    findings.push({
      code: FindingCode.TOS_SERVICE_WITH_CONFIDENTIAL_DATA,
      requirementCode: null,
      message: findingMessage(FindingCode.TOS_SERVICE_WITH_CONFIDENTIAL_DATA),
    });
  }
  for (const requirement of facts.requirements) {
    const code = STATE_FINDING[requirement.state];
    if (code) findings.push({ code, requirementCode: requirement.code, message: findingMessage(code, requirement.titleJa) });
  }
  return findings;
}

/** Whether the vendor's certifications matter: MEDIUM- and HIGH-tier contracts and cloud services. */
export function certificationsMatter(kind: SubjectKind, tier: RiskTier): boolean {
  return kind !== SubjectKind.SOCIAL_MEDIA_ACCOUNT && tier !== RiskTier.LOW;
}

/** The findings that hold from a date on, as of `today` (YYYY-MM-DD in the organization's calendar). */
export function datedFindings(facts: DatedFacts, today: string): Finding[] {
  if (facts.status !== SubjectStatus.ACTIVE) return [];
  const findings: Finding[] = [];
  if (facts.kind === SubjectKind.OUTSOURCING_CONTRACT && facts.endDate !== null && facts.endDate < today) {
    findings.push({ code: FindingCode.CONTRACT_ENDED, requirementCode: null, message: findingMessage(FindingCode.CONTRACT_ENDED) });
  }
  const lapsed = certificationsMatter(facts.kind, facts.riskTier) ? lapsedCertifications(facts.vendorCertifications, today) : [];
  if (lapsed.length > 0) {
    findings.push({ code: FindingCode.CERTIFICATION_EXPIRED, requirementCode: null, message: certificationExpiredMessage(lapsed) });
  }
  if (facts.earliestOpenReviewDue !== null && facts.earliestOpenReviewDue < today) {
    findings.push({ code: FindingCode.REVIEW_OVERDUE, requirementCode: null, message: findingMessage(FindingCode.REVIEW_OVERDUE) });
  }
  return findings;
}

/** NON_COMPLIANT with any finding but a pending review; PENDING_REVIEW with only those; else COMPLIANT. */
export function statusOf(findings: readonly Pick<Finding, 'code'>[]): ComplianceStatus {
  if (findings.some((f) => f.code !== FindingCode.REQUIREMENT_PENDING_REVIEW)) return ComplianceStatus.NON_COMPLIANT;
  if (findings.length > 0) return ComplianceStatus.PENDING_REVIEW;
  return ComplianceStatus.COMPLIANT;
}

/** Which certificates lapsed and when: `ISMS（2026年3月31日まで有効）、プライバシーマーク（…）`. */
export function certificationExpiredMessage(lapsed: readonly LapsedCertification[]): string {
  const named = lapsed.map(
    ({ type, validUntil }) => `${CERTIFICATION_TYPE_LABELS[type as CertificationType] ?? type}（${japaneseDate(validUntil)}まで有効）`,
  );
  return `委託先・提供者の認証が有効期限切れです: ${named.join('、')}。同種の有効な認証がありません。`;
}
