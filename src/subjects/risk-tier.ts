import { SubjectAttributes } from '../domain/subject-attributes';
import { NetworkSegment, RiskTier, SubjectKind } from '../domain/subject.enums';

/**
 * Derived, never entered. HIGH: individual-number (My Number) data, the MY_NUMBER segment or
 * confidentiality 3. MEDIUM: confidentiality 2, personal information, or integrity/availability 2.
 * Social media accounts are always MEDIUM: what they post is public, but a takeover speaks in the
 * body's name, so they are confirmed yearly.
 */
export function riskTier(subject: SubjectAttributes): RiskTier {
  if (subject.kind === SubjectKind.SOCIAL_MEDIA_ACCOUNT) return RiskTier.MEDIUM;
  if (subject.handlesMyNumber === true || subject.networkSegment === NetworkSegment.MY_NUMBER || subject.confidentiality >= 3) {
    return RiskTier.HIGH;
  }
  if (subject.confidentiality >= 2 || subject.handlesPersonalInformation === true || subject.integrity >= 2 || subject.availability >= 2) {
    return RiskTier.MEDIUM;
  }
  return RiskTier.LOW;
}
