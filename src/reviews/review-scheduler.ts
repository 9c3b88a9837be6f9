import { Injectable } from '@nestjs/common';
import { Context } from '../common/context';
import { SubjectRecord } from '../subjects/subject-record';
import { SubjectKind, SubjectStatus } from '../domain/subject.enums';
import { SubjectEntity } from '../subjects/subject.entity';
import { SubjectsRepository } from '../subjects/subjects.repository';
import { UsersRepository } from '../users/users.repository';
import { firstReview, renewalIsDue, rescheduledDue, ReviewPolicyValues } from './review-calendar';
import { ReviewEntity } from './review.entity';
import { ReviewKind, ReviewStatus } from './review.enums';
import { ReviewReminders } from './review-reminders';
import { OpenReviewSelection, ReviewsRepository } from './reviews.repository';

/**
 * Keeps the review calendar true to the registers, inside the transaction of the write that changes
 * them: a new subject gets its scheduled review, a tier change can only bring it forward, an owner
 * change moves open reviews, archiving cancels them. Every change of open reviews refreshes the
 * subject's `next_review_due`, the threshold REVIEW_OVERDUE is computed from in SQL. Dates are the
 * context's today.
 */
@Injectable()
export class ReviewScheduler {
  constructor(
    private readonly reviews: ReviewsRepository,
    private readonly subjects: SubjectsRepository,
    private readonly users: UsersRepository,
    private readonly reminders: ReviewReminders,
  ) {}

  async subjectCreated(ctx: Context, record: SubjectRecord): Promise<void> {
    const { subject } = record;
    const policy = await this.reviews.policy(ctx);
    const assigneeId = await this.activeOwner(ctx, subject);
    const first = firstReview(policy, subject.riskTier, ctx.today(), subject.lastReviewedOn);
    const review = await this.reviews.insert(ctx, {
      subjectId: subject.id,
      kind: first.kind === 'INITIAL' ? ReviewKind.INITIAL : ReviewKind.PERIODIC,
      dueDate: first.dueDate,
      scheduledFrom: first.scheduledFrom,
      status: ReviewStatus.OPEN,
      assigneeId,
    });
    await this.reminders.scheduled(ctx, review);
    await this.openRenewalIfDue(ctx, record, policy);
    await this.refreshNextDue(ctx, [subject.id]);
  }

  /** After an update: the scheduled review follows a tier change (only earlier), reviews follow the owner, RENEWAL the end date. */
  async subjectUpdated(ctx: Context, before: SubjectRecord, after: SubjectRecord): Promise<void> {
    const policy = await this.reviews.policy(ctx);
    if (before.subject.riskTier !== after.subject.riskTier) {
      const scheduled = await this.reviews.openScheduled(ctx, after.subject.id);
      if (scheduled?.scheduledFrom) {
        const due = rescheduledDue(policy, after.subject.riskTier, {
          kind: scheduled.kind === ReviewKind.INITIAL ? 'INITIAL' : 'PERIODIC',
          dueDate: scheduled.dueDate,
          scheduledFrom: scheduled.scheduledFrom,
        });
        if (due !== scheduled.dueDate) await this.moveDue(ctx, scheduled, due);
      }
    }
    if (before.subject.ownerId !== after.subject.ownerId) {
      const assigneeId = await this.activeOwner(ctx, after.subject);
      await this.reassignOpen(
        ctx,
        { subjectIds: [after.subject.id], fromAssignee: before.subject.ownerId, includeUnassigned: true },
        assigneeId,
      );
    }
    const endBefore = before.contract?.endDate ?? null;
    const endAfter = after.contract?.endDate ?? null;
    if (endBefore !== endAfter) {
      await this.cancelOpen(ctx, after.subject.id, [ReviewKind.RENEWAL], '契約終了日が変更されたため');
      await this.openRenewalIfDue(ctx, after, policy);
    }
    await this.refreshNextDue(ctx, [after.subject.id]);
  }

  async subjectArchived(ctx: Context, subject: SubjectEntity): Promise<void> {
    await this.cancelOpen(ctx, subject.id, Object.values(ReviewKind), '登録対象がアーカイブされたため');
    await this.refreshNextDue(ctx, [subject.id]);
  }

  /** A deactivated user is assigned nothing; a reactivated owner gets back the unassigned reviews of their subjects. */
  async userActivityChanged(ctx: Context, userId: string, active: boolean): Promise<void> {
    if (!active) {
      await this.reassignOpen(ctx, { fromAssignee: userId }, null);
      return;
    }
    const owned = await this.subjects.activeIdsOwnedBy(ctx, userId);
    if (owned.length === 0) return;
    await this.reassignOpen(ctx, { subjectIds: owned, onlyUnassigned: true }, userId);
  }

  /** The April rotation: open reviews move with the subjects (and any still assigned to the old owner). */
  ownershipTransferred(ctx: Context, fromUserId: string, toUserId: string): Promise<number> {
    return this.reassignOpen(ctx, { fromAssignee: fromUserId }, toUserId);
  }

  /** Opens the RENEWAL reviews whose window has opened (the sweep job; also on every contract write). */
  async openDueRenewals(ctx: Context): Promise<number> {
    const policy = await this.reviews.policy(ctx);
    const candidates = await this.reviews.renewalCandidates(ctx, policy.renewalLeadDays, ctx.today());
    for (const candidate of candidates) {
      const review = await this.reviews.insert(ctx, {
        subjectId: candidate.subjectId,
        kind: ReviewKind.RENEWAL,
        dueDate: candidate.endDate,
        scheduledFrom: null,
        status: ReviewStatus.OPEN,
        assigneeId: candidate.ownerId,
      });
      await this.reminders.scheduled(ctx, review);
    }
    if (candidates.length)
      await this.refreshNextDue(
        ctx,
        candidates.map((c) => c.subjectId),
      );
    return candidates.length;
  }

  async moveDue(ctx: Context, review: ReviewEntity, dueDate: string): Promise<void> {
    review.dueDate = dueDate;
    await this.reviews.setDueDate(ctx, review.id, dueDate);
    await this.reminders.scheduled(ctx, review);
  }

  /** subjects.next_review_due: the earliest due date of the subject's OPEN reviews. */
  async refreshNextDue(ctx: Context, subjectIds: readonly string[]): Promise<void> {
    if (subjectIds.length === 0) return;
    const ids = [...new Set(subjectIds)];
    const earliest = await this.reviews.earliestOpenDue(ctx, ids);
    await this.subjects.setNextReviewDue(
      ctx,
      ids.map((id) => ({ id, nextReviewDue: earliest.get(id) ?? null })),
    );
  }

  /** The owner of the subject when they are an active user: who its reviews go to. */
  async activeOwner(ctx: Context, subject: Pick<SubjectEntity, 'ownerId'>): Promise<string | null> {
    if (!subject.ownerId) return null;
    const [active] = await this.users.activeIds(ctx, [subject.ownerId]);
    return active ?? null;
  }

  private async openRenewalIfDue(ctx: Context, record: SubjectRecord, policy: ReviewPolicyValues): Promise<void> {
    if (record.subject.kind !== SubjectKind.OUTSOURCING_CONTRACT || record.subject.status !== SubjectStatus.ACTIVE) return;
    if (!renewalIsDue(policy, record.contract?.endDate ?? null, ctx.today())) return;
    await this.openDueRenewals(ctx);
  }

  private async cancelOpen(ctx: Context, subjectId: string, kinds: ReviewKind[], reason: string): Promise<void> {
    const open = await this.reviews.openOfSubject(ctx, subjectId, kinds);
    if (open.length === 0) return;
    await this.reviews.cancel(
      ctx,
      open.map((r) => r.id),
      reason,
    );
    for (const review of open) await this.reminders.closed(ctx, review);
  }

  /** Moves OPEN reviews to `assigneeId` (null: nobody, the security officers' queue). Returns how many moved. */
  private async reassignOpen(ctx: Context, which: OpenReviewSelection, assigneeId: string | null): Promise<number> {
    const reviews = (await this.reviews.openSelected(ctx, which)).filter((r) => r.assigneeId !== assigneeId);
    if (reviews.length === 0) return 0;
    await this.reviews.setAssignee(
      ctx,
      reviews.map((r) => r.id),
      assigneeId,
    );
    for (const review of reviews) {
      review.assigneeId = assigneeId;
      await this.reminders.scheduled(ctx, review);
    }
    return reviews.length;
  }
}
