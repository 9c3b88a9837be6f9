import { CampaignFigures } from './reviews.service';
import { ReviewEntity } from './review.entity';
import { ReviewCampaignModel, ReviewModel } from './review.model';
import { ReviewStatus } from './review.enums';
import { isOverdue } from './review-calendar';

export function toReviewModel(review: ReviewEntity, today: string): ReviewModel {
  return Object.assign(new ReviewModel(), {
    id: review.id,
    kind: review.kind,
    dueDate: review.dueDate,
    status: review.status,
    overdue: review.status === ReviewStatus.OPEN && isOverdue(review.dueDate, today),
    completedAt: review.completedAt,
    ownerConfirmed: review.ownerConfirmed,
    outcome: review.outcome,
    answers: review.answers.map((a) => ({ requirementCode: a.requirementCode, result: a.result, note: a.note })),
    comment: review.comment,
    organizationId: review.organizationId,
    subjectId: review.subjectId,
    assigneeId: review.assigneeId,
    completedById: review.completedById,
    campaignId: review.campaignId,
  });
}

export function toCampaignModel(figures: CampaignFigures): ReviewCampaignModel {
  return {
    id: figures.campaign.id,
    name: figures.campaign.name,
    subjectKind: figures.campaign.subjectKind,
    dueDate: figures.campaign.dueDate,
    total: figures.total,
    completed: figures.completed,
    overdue: figures.overdue,
  };
}
