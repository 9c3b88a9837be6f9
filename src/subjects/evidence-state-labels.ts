import { EvidenceState } from '../domain/compliance.enums';

/** What a person reads for each evidence state: in messages, notices and the compliance workbook. */
export const EVIDENCE_STATE_LABELS: Record<EvidenceState, string> = {
  [EvidenceState.NOT_RECORDED]: '未記録',
  [EvidenceState.ABSENT]: '規定なし',
  [EvidenceState.RECORDED]: '記録済み（確認待ち）',
  [EvidenceState.ACCEPTED]: '承認済み',
  [EvidenceState.REJECTED]: '差戻し',
  [EvidenceState.WAIVER_REQUESTED]: '適用除外の申請中',
  [EvidenceState.WAIVED]: '適用除外',
};
