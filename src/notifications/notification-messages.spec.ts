import { EvidenceState } from '../domain/compliance.enums';
import { evidenceDecidedText, japaneseDate } from './notification-messages';
import { dedupeKey } from './notification.entity';

describe('notification texts', () => {
  it('writes dates the Japanese way', () => {
    expect(japaneseDate('2026-05-01')).toBe('2026年5月1日');
    expect(japaneseDate('2027-12-31')).toBe('2027年12月31日');
  });

  it('evidence decisions', () => {
    const evidence = { subjectName: '公式X', requirementCode: 'SM-01', requirementTitle: '運用方針', comment: null };
    expect(evidenceDecidedText({ ...evidence, state: EvidenceState.ACCEPTED }).message).toBe(
      '「公式X」の要件 SM-01（運用方針）の証跡が承認されました。',
    );
    expect(evidenceDecidedText({ ...evidence, state: EvidenceState.WAIVED }).message).toContain('適用除外申請が承認されました');
    expect(evidenceDecidedText({ ...evidence, state: EvidenceState.REJECTED, comment: '条番号違い' }).message).toBe(
      '「公式X」の要件 SM-01（運用方針）の証跡又は適用除外申請が差し戻されました。 コメント: 条番号違い',
    );
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
