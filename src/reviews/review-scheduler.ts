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

/** Renewal reviews opened per statement (a review has about ten columns: far from PostgreSQL's 65,535 parameters). */
const RENEWAL_SLICE = 1000;

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

  /**
   * New subjects: each gets its scheduled review. Many at once (a ledger import) in one statement
   * per table whatever their number: the reviews, their reminders, the renewals now due, and
   * `next_review_due`.
   */
  async subjectsCreated(ctx: Context, records: readonly SubjectRecord[]): Promise<void> {
    if (records.length === 1) return this.subjectCreated(ctx, records[0]);
    if (records.length === 0) return;
    const policy = await this.reviews.policy(ctx);
    const ownerIds = [...new Set(records.map((r) => r.subject.ownerId).filter((id): id is string => id !== null))];
    const activeOwners = new Set(await this.users.activeIds(ctx, ownerIds));
    const today = ctx.today();
    const reviews = await this.reviews.insertEach(
      ctx,
      records.map(({ subject }) => {
        const first = firstReview(policy, subject.riskTier, today, subject.lastReviewedOn);
        return {
          subjectId: subject.id,
          kind: first.kind === 'INITIAL' ? ReviewKind.INITIAL : ReviewKind.PERIODIC,
          dueDate: first.dueDate,
          scheduledFrom: first.scheduledFrom,
          status: ReviewStatus.OPEN,
          assigneeId: subject.ownerId !== null && activeOwners.has(subject.ownerId) ? subject.ownerId : null,
        };
      }),
    );
    await this.reminders.scheduledMany(ctx, reviews, policy);
    if (records.some((record) => this.renewalDue(record, policy, today))) await this.openDueRenewals(ctx);
    await this.refreshNextDue(
      ctx,
      records.map((r) => r.subject.id),
    );
  }

  private async subjectCreated(ctx: Context, record: SubjectRecord): Promise<void> {
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
    // Many at once (a ledger import of contracts ending soon): one statement for the reviews, one for their reminders, per slice.
    for (let start = 0; candidates.length > 1 && start < candidates.length; start += RENEWAL_SLICE) {
      const reviews = await this.reviews.insertEach(
        ctx,
        candidates.slice(start, start + RENEWAL_SLICE).map((candidate) => ({
          subjectId: candidate.subjectId,
          kind: ReviewKind.RENEWAL,
          dueDate: candidate.endDate,
          scheduledFrom: null,
          status: ReviewStatus.OPEN,
          assigneeId: candidate.ownerId,
        })),
      );
      await this.reminders.scheduledMany(ctx, reviews, policy);
    }
    if (candidates.length === 1) {
      const [candidate] = candidates;
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
    if (this.renewalDue(record, policy, ctx.today())) await this.openDueRenewals(ctx);
  }

  private renewalDue(record: SubjectRecord, policy: ReviewPolicyValues, today: string): boolean {
    if (record.subject.kind !== SubjectKind.OUTSOURCING_CONTRACT || record.subject.status !== SubjectStatus.ACTIVE) return false;
    return renewalIsDue(policy, record.contract?.endDate ?? null, today);
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
