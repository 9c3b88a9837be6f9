import { japaneseDate, NotificationText } from '../notifications/notification-messages';
import { ReviewKind } from './review.enums';

/** The texts of the review notices (REVIEW_ASSIGNED, REVIEW_DUE_SOON, REVIEW_OVERDUE, REVIEW_ESCALATED, OWNER_REFUSED). */

const REVIEW_KIND_LABELS: Record<ReviewKind, string> = {
  [ReviewKind.INITIAL]: '初回確認',
  [ReviewKind.PERIODIC]: '定期確認',
  [ReviewKind.RENEWAL]: '契約更新前の確認',
  [ReviewKind.CAMPAIGN]: '一斉確認',
  [ReviewKind.AD_HOC]: '臨時確認',
};

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export interface ReviewFacts {
  subjectName: string;
  reviewKind: ReviewKind;
  dueDate: string;
}

export function reviewAssignedText(review: ReviewFacts): NotificationText {
  return {
    title: `確認の担当になりました: ${review.subjectName}`,
    message: `「${review.subjectName}」の${REVIEW_KIND_LABELS[review.reviewKind]}の担当になりました。期日は${japaneseDate(review.dueDate)}です。`,
  };
}

/** The days left are counted on the day the reminder goes out, which is not always the planned day. */
export function reviewDueSoonText(review: ReviewFacts, today: string): NotificationText {
  const left = daysBetween(today, review.dueDate);
  const when =
    left <= 0 ? `本日（${japaneseDate(review.dueDate)}）が期日です` : `期日（${japaneseDate(review.dueDate)}）まであと${left}日です`;
  return {
    title: `確認の期日が近づいています: ${review.subjectName}`,
    message: `「${review.subjectName}」の${REVIEW_KIND_LABELS[review.reviewKind]}は、${when}。期日までに確認を完了してください。`,
  };
}

export function reviewOverdueText(review: ReviewFacts): NotificationText {
  return {
    title: `確認の期日を過ぎています: ${review.subjectName}`,
    message: `「${review.subjectName}」の${REVIEW_KIND_LABELS[review.reviewKind]}は期日（${japaneseDate(review.dueDate)}）を過ぎています。速やかに確認を完了してください。`,
  };
}

export function reviewEscalatedText(review: ReviewFacts, assigneeName: string | null, today: string): NotificationText {
  const late = daysBetween(review.dueDate, today);
  const who = assigneeName ? `担当者: ${assigneeName}` : '担当者未割当て';
  return {
    title: `【要対応】期日超過の確認があります: ${review.subjectName}`,
    message: `「${review.subjectName}」の${REVIEW_KIND_LABELS[review.reviewKind]}が期日（${japaneseDate(review.dueDate)}）を${late}日過ぎても完了していません（${who}）。対応を確認してください。`,
  };
}

export function ownerRefusedText(subjectName: string, formerOwnerName: string | null): NotificationText {
  const who = formerOwnerName ? `責任者（${formerOwnerName}）` : '責任者';
  return {
    title: `【要対応】責任者が担当外と回答しました: ${subjectName}`,
    message: `「${subjectName}」の${who}が、確認で「担当ではない」と回答しました。責任者は解除されています。新しい責任者を指定してください。`,
  };
}
