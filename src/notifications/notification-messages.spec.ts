import { ReviewKind } from '../reviews/review.model';
import { EvidenceState } from '../subjects/subject.enums';
import {
  emailBody,
  evidenceDecidedText,
  japaneseDate,
  ownerRefusedText,
  reviewAssignedText,
  reviewDueSoonText,
  reviewEscalatedText,
  reviewOverdueText,
} from './notification-messages';
import { dedupeKey } from './notification.entity';

const review = { subjectName: '公式X', reviewKind: ReviewKind.PERIODIC, dueDate: '2026-05-10' };

describe('notification texts', () => {
  it('writes dates the Japanese way', () => {
    expect(japaneseDate('2026-05-01')).toBe('2026年5月1日');
    expect(japaneseDate('2027-12-31')).toBe('2027年12月31日');
  });

  it('tells the assignee what, which kind and by when', () => {
    expect(reviewAssignedText(review)).toEqual({
      title: '確認の担当になりました: 公式X',
      message: '「公式X」の定期確認の担当になりました。期日は2026年5月10日です。',
    });
  });

  it('counts the days left on the day the reminder goes out', () => {
    expect(reviewDueSoonText(review, '2026-05-07').message).toContain('期日（2026年5月10日）まであと3日です');
    expect(reviewDueSoonText(review, '2026-04-26').message).toContain('あと14日');
    expect(reviewDueSoonText(review, '2026-05-10').message).toContain('本日（2026年5月10日）が期日です');
  });

  it('overdue and escalation name the delay and the assignee', () => {
    expect(reviewOverdueText(review).message).toBe(
      '「公式X」の定期確認は期日（2026年5月10日）を過ぎています。速やかに確認を完了してください。',
    );
    expect(reviewEscalatedText(review, '山田 太郎', '2026-05-17').message).toContain('7日過ぎても完了していません（担当者: 山田 太郎）');
    expect(reviewEscalatedText(review, null, '2026-05-17').message).toContain('（担当者未割当て）');
  });

  it('owner refusal and evidence decisions', () => {
    expect(ownerRefusedText('公式X', '佐藤 花子').message).toContain(
      '「公式X」の責任者（佐藤 花子）が、確認で「担当ではない」と回答しました。',
    );
    const evidence = { subjectName: '公式X', requirementCode: 'SM-01', requirementTitle: '運用方針', comment: null };
    expect(evidenceDecidedText({ ...evidence, state: EvidenceState.ACCEPTED }).message).toBe(
      '「公式X」の要件 SM-01（運用方針）の証跡が承認されました。',
    );
    expect(evidenceDecidedText({ ...evidence, state: EvidenceState.WAIVED }).message).toContain('適用除外申請が承認されました');
    expect(evidenceDecidedText({ ...evidence, state: EvidenceState.REJECTED, comment: '条番号違い' }).message).toBe(
      '「公式X」の要件 SM-01（運用方針）の証跡又は適用除外申請が差し戻されました。 コメント: 条番号違い',
    );
  });

  it('the e-mail addresses the recipient and carries the inbox message', () => {
    const body = emailBody('山田 太郎', reviewAssignedText(review));
    expect(body.startsWith('山田 太郎 様\n\n「公式X」の定期確認の担当になりました。')).toBe(true);
    expect(body).toContain('自動送信');
  });
});

describe('dedupeKey', () => {
  it('names the review or evidence decision, the due date and the reminder', () => {
    expect(dedupeKey({ reviewId: 'r1', dueDate: '2026-05-10' })).toBe('r1/2026-05-10');
    expect(dedupeKey({ reviewId: 'r1', dueDate: '2026-05-10', daysBefore: 3 })).toBe('r1/2026-05-10/3d');
    expect(dedupeKey({ reviewId: 'r1', dueDate: '2026-05-10', daysBefore: 14 })).not.toBe(
      dedupeKey({ reviewId: 'r1', dueDate: '2026-05-10', daysBefore: 3 }),
    );
    expect(dedupeKey({ evidenceVersionId: 'v7' })).toBe('v7/-');
  });
});
