import { emailBody } from '../notifications/notification-messages';
import { ReviewKind } from './review.enums';
import { ownerRefusedText, reviewAssignedText, reviewDueSoonText, reviewEscalatedText, reviewOverdueText } from './review-notice-messages';

const review = { subjectName: '公式X', reviewKind: ReviewKind.PERIODIC, dueDate: '2026-05-10' };

describe('review notice texts', () => {
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

  it('owner refusal', () => {
    expect(ownerRefusedText('公式X', '佐藤 花子').message).toContain(
      '「公式X」の責任者（佐藤 花子）が、確認で「担当ではない」と回答しました。',
    );
  });

  it('the e-mail addresses the recipient and carries the inbox message', () => {
    const body = emailBody('山田 太郎', reviewAssignedText(review));
    expect(body.startsWith('山田 太郎 様\n\n「公式X」の定期確認の担当になりました。')).toBe(true);
    expect(body).toContain('自動送信');
  });
});
