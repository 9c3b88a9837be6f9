import { japaneseDate } from '../common/calendar';
import { EVIDENCE_STATE_LABELS } from '../subjects/evidence-state-labels';
import { EvidenceState } from '../domain/compliance.enums';

/** The kinds of notification (the API's `Notification.kind`): stable codes; the texts are Japanese. */
export enum NotificationKind {
  REVIEW_ASSIGNED = 'REVIEW_ASSIGNED',
  REVIEW_DUE_SOON = 'REVIEW_DUE_SOON',
  REVIEW_OVERDUE = 'REVIEW_OVERDUE',
  REVIEW_ESCALATED = 'REVIEW_ESCALATED',
  OWNER_REFUSED = 'OWNER_REFUSED',
  EVIDENCE_DECIDED = 'EVIDENCE_DECIDED',
}

/** A notification's text: `message` for the inbox (and the e-mail body), `title` for the e-mail subject. */
export interface NotificationText {
  title: string;
  message: string;
}

export { japaneseDate };

export interface EvidenceFacts {
  subjectName: string;
  requirementCode: string;
  requirementTitle: string;
  state: EvidenceState;
  comment: string | null;
}

/** What a decision turned the evidence into; decisions produce no other state. */
const DECISION_OUTCOMES: Partial<Record<EvidenceState, string>> = {
  [EvidenceState.ACCEPTED]: 'の証跡が承認されました。',
  [EvidenceState.WAIVED]: 'の適用除外申請が承認されました。',
  [EvidenceState.REJECTED]: 'の証跡又は適用除外申請が差し戻されました。',
};

export function evidenceDecidedText(evidence: EvidenceFacts): NotificationText {
  const requirement = `要件 ${evidence.requirementCode}（${evidence.requirementTitle}）`;
  const outcome = DECISION_OUTCOMES[evidence.state] ?? `の証跡が「${EVIDENCE_STATE_LABELS[evidence.state]}」になりました。`;
  const comment = evidence.comment ? ` コメント: ${evidence.comment}` : '';
  return {
    title: `証跡の判断結果: ${evidence.subjectName} ${evidence.requirementCode}`,
    message: `「${evidence.subjectName}」の${requirement}${outcome}${comment}`,
  };
}

/** The plain-text e-mail: the inbox message, addressed and signed. */
export function emailBody(recipientName: string, text: NotificationText): string {
  return [
    `${recipientName} 様`,
    '',
    text.message,
    '',
    '詳細は委託先・クラウドサービス管理台帳の「お知らせ」で確認できます。',
    '',
    '--',
    '委託先・クラウドサービス管理台帳（このメールは自動送信です。返信はできません。）',
    '',
  ].join('\n');
}
