import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { SubjectRecord } from '../subjects/subject-record';
import { SubjectKind, SubjectStatus } from '../subjects/subject.enums';
import { SubjectEntity } from '../subjects/subject.entity';
import { UserEntity } from '../users/user.entity';
import { DEFAULT_REVIEW_POLICY, firstReview, renewalIsDue, rescheduledDue, ReviewPolicyValues } from './review-calendar';
import { ReviewEntity, ReviewPolicyEntity } from './review.entity';
import { ReviewKind, ReviewStatus } from './review.model';
import { ReviewReminders } from './review-reminders';

/** The kinds that make up a subject's one scheduled review. */
export const SCHEDULED_KINDS = [ReviewKind.INITIAL, ReviewKind.PERIODIC];

export async function policyOf(manager: EntityManager, organizationId: string): Promise<ReviewPolicyValues> {
  const stored = await manager.findOneBy(ReviewPolicyEntity, { organizationId });
  if (!stored) return { ...DEFAULT_REVIEW_POLICY, reminderDaysBefore: [...DEFAULT_REVIEW_POLICY.reminderDaysBefore] };
  return {
    highIntervalMonths: stored.highIntervalMonths,
    mediumIntervalMonths: stored.mediumIntervalMonths,
    lowIntervalMonths: stored.lowIntervalMonths,
    initialReviewDays: stored.initialReviewDays,
    renewalLeadDays: stored.renewalLeadDays,
    reminderDaysBefore: stored.reminderDaysBefore,
    escalateAfterDays: stored.escalateAfterDays,
  };
}

/**
 * Keeps the review calendar true to the registers, inside the transaction of the write that changes
 * them: a new subject gets its scheduled review, a tier change can only bring it forward, an owner
 * change moves open reviews, archiving cancels them. Every change of open reviews refreshes the
 * subject's `next_review_due`, the threshold REVIEW_OVERDUE is computed from in SQL.
 */
@Injectable()
export class ReviewScheduler {
  constructor(private readonly reminders: ReviewReminders) {}

  async subjectCreated(manager: EntityManager, record: SubjectRecord, today: string): Promise<void> {
    const { subject } = record;
    const policy = await policyOf(manager, subject.organizationId);
    const assigneeId = await this.activeOwner(manager, subject);
    const first = firstReview(policy, subject.riskTier, today, subject.lastReviewedOn);
    const review = await manager.save(
      manager.create(ReviewEntity, {
        organizationId: subject.organizationId,
        subjectId: subject.id,
        kind: first.kind === 'INITIAL' ? ReviewKind.INITIAL : ReviewKind.PERIODIC,
        dueDate: first.dueDate,
        scheduledFrom: first.scheduledFrom,
        status: ReviewStatus.OPEN,
        assigneeId,
      }),
    );
    await this.reminders.scheduled(manager, review, today);
    await this.openRenewalIfDue(manager, record, policy, today);
    await this.refreshNextDue(manager, subject.organizationId, [subject.id]);
  }

  /** After an update: the scheduled review follows a tier change (only earlier), reviews follow the owner, RENEWAL the end date. */
  async subjectUpdated(manager: EntityManager, before: SubjectRecord, after: SubjectRecord, today: string): Promise<void> {
    const organizationId = after.subject.organizationId;
    const policy = await policyOf(manager, organizationId);
    if (before.subject.riskTier !== after.subject.riskTier) {
      const scheduled = await this.openScheduled(manager, organizationId, after.subject.id);
      if (scheduled?.scheduledFrom) {
        const due = rescheduledDue(policy, after.subject.riskTier, {
          kind: scheduled.kind === ReviewKind.INITIAL ? 'INITIAL' : 'PERIODIC',
          dueDate: scheduled.dueDate,
          scheduledFrom: scheduled.scheduledFrom,
        });
        if (due !== scheduled.dueDate) await this.moveDue(manager, scheduled, due, today);
      }
    }
    if (before.subject.ownerId !== after.subject.ownerId) {
      const assigneeId = await this.activeOwner(manager, after.subject);
      await this.reassignOpen(
        manager,
        organizationId,
        { subjectIds: [after.subject.id], fromAssignee: before.subject.ownerId, includeUnassigned: true },
        assigneeId,
        today,
      );
    }
    const endBefore = before.contract?.endDate ?? null;
    const endAfter = after.contract?.endDate ?? null;
    if (endBefore !== endAfter) {
      await this.cancelOpen(manager, organizationId, after.subject.id, [ReviewKind.RENEWAL], '契約終了日が変更されたため');
      await this.openRenewalIfDue(manager, after, policy, today);
    }
    await this.refreshNextDue(manager, organizationId, [after.subject.id]);
  }

  async subjectArchived(manager: EntityManager, subject: SubjectEntity): Promise<void> {
    await this.cancelOpen(manager, subject.organizationId, subject.id, Object.values(ReviewKind), '登録対象がアーカイブされたため');
    await this.refreshNextDue(manager, subject.organizationId, [subject.id]);
  }

  /** A deactivated user is assigned nothing; a reactivated owner gets back the unassigned reviews of their subjects. */
  async userActivityChanged(manager: EntityManager, organizationId: string, userId: string, active: boolean, today: string): Promise<void> {
    if (!active) {
      await this.reassignOpen(manager, organizationId, { fromAssignee: userId }, null, today);
      return;
    }
    const owned = await manager.find(SubjectEntity, {
      select: { id: true },
      where: { organizationId, ownerId: userId, status: SubjectStatus.ACTIVE },
    });
    if (owned.length === 0) return;
    await this.reassignOpen(manager, organizationId, { subjectIds: owned.map((s) => s.id), onlyUnassigned: true }, userId, today);
  }

  /** The April rotation: open reviews move with the subjects (and any still assigned to the old owner). */
  async ownershipTransferred(
    manager: EntityManager,
    organizationId: string,
    fromUserId: string,
    toUserId: string,
    today: string,
  ): Promise<number> {
    return this.reassignOpen(manager, organizationId, { fromAssignee: fromUserId }, toUserId, today);
  }

  /** Opens the RENEWAL reviews whose window has opened (the sweep job; also on every contract write). */
  async openDueRenewals(manager: EntityManager, organizationId: string, today: string): Promise<number> {
    const policy = await policyOf(manager, organizationId);
    const rows = await manager.query<{ subject_id: string; end_date: string; owner_id: string | null }[]>(
      `SELECT c.subject_id, c.end_date, CASE WHEN u.active THEN s.owner_id END AS owner_id
         FROM outsourcing_contracts c
         JOIN subjects s ON s.id = c.subject_id AND s.organization_id = c.organization_id
         LEFT JOIN users u ON u.id = s.owner_id
        WHERE c.organization_id = $1 AND s.status = 'ACTIVE' AND c.end_date IS NOT NULL
          AND c.end_date - $2::int <= $3::date
          AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.organization_id = c.organization_id AND r.subject_id = c.subject_id
                            AND r.kind = 'RENEWAL' AND r.due_date = c.end_date)`,
      [organizationId, policy.renewalLeadDays, today],
    );
    for (const row of rows) {
      const review = await manager.save(
        manager.create(ReviewEntity, {
          organizationId,
          subjectId: row.subject_id,
          kind: ReviewKind.RENEWAL,
          dueDate: row.end_date,
          scheduledFrom: null,
          status: ReviewStatus.OPEN,
          assigneeId: row.owner_id,
        }),
      );
      await this.reminders.scheduled(manager, review, today);
    }
    if (rows.length)
      await this.refreshNextDue(
        manager,
        organizationId,
        rows.map((r) => r.subject_id),
      );
    return rows.length;
  }

  async moveDue(manager: EntityManager, review: ReviewEntity, dueDate: string, today: string): Promise<void> {
    review.dueDate = dueDate;
    await manager.update(ReviewEntity, { id: review.id, organizationId: review.organizationId }, { dueDate });
    await this.reminders.scheduled(manager, review, today);
  }

  openScheduled(manager: EntityManager, organizationId: string, subjectId: string): Promise<ReviewEntity | null> {
    return manager.findOne(ReviewEntity, {
      where: { organizationId, subjectId, status: ReviewStatus.OPEN, kind: In(SCHEDULED_KINDS) },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /** subjects.next_review_due: the earliest due date of the subject's OPEN reviews. */
  async refreshNextDue(manager: EntityManager, organizationId: string, subjectIds: readonly string[]): Promise<void> {
    if (subjectIds.length === 0) return;
    await manager.query(
      `UPDATE subjects s SET next_review_due = (
         SELECT MIN(r.due_date) FROM reviews r WHERE r.organization_id = s.organization_id AND r.subject_id = s.id AND r.status = 'OPEN')
        WHERE s.organization_id = $1 AND s.id = ANY($2::uuid[])`,
      [organizationId, [...new Set(subjectIds)]],
    );
  }

  private async openRenewalIfDue(manager: EntityManager, record: SubjectRecord, policy: ReviewPolicyValues, today: string): Promise<void> {
    if (record.subject.kind !== SubjectKind.OUTSOURCING_CONTRACT || record.subject.status !== SubjectStatus.ACTIVE) return;
    if (!renewalIsDue(policy, record.contract?.endDate ?? null, today)) return;
    await this.openDueRenewals(manager, record.subject.organizationId, today);
  }

  private async cancelOpen(
    manager: EntityManager,
    organizationId: string,
    subjectId: string,
    kinds: ReviewKind[],
    reason: string,
  ): Promise<void> {
    const open = await manager.find(ReviewEntity, { where: { organizationId, subjectId, status: ReviewStatus.OPEN, kind: In(kinds) } });
    if (open.length === 0) return;
    await manager.update(
      ReviewEntity,
      { organizationId, id: In(open.map((r) => r.id)) },
      { status: ReviewStatus.CANCELLED, cancelReason: reason },
    );
    for (const review of open) await this.reminders.closed(manager, review);
  }

  /** Moves OPEN reviews to `assigneeId` (null: nobody, the security officers' queue). Returns how many moved. */
  private async reassignOpen(
    manager: EntityManager,
    organizationId: string,
    which: { subjectIds?: string[]; fromAssignee?: string | null; includeUnassigned?: boolean; onlyUnassigned?: boolean },
    assigneeId: string | null,
    today: string,
  ): Promise<number> {
    const query = manager
      .createQueryBuilder(ReviewEntity, 'r')
      .where('r.organization_id = :organizationId AND r.status = :open', { organizationId, open: ReviewStatus.OPEN });
    if (which.subjectIds) query.andWhere('r.subject_id IN (:...subjectIds)', { subjectIds: which.subjectIds });
    if (which.onlyUnassigned) query.andWhere('r.assignee_id IS NULL');
    else if (which.fromAssignee !== undefined && which.fromAssignee !== null) {
      query.andWhere(which.includeUnassigned ? '(r.assignee_id = :from OR r.assignee_id IS NULL)' : 'r.assignee_id = :from', {
        from: which.fromAssignee,
      });
    }
    const reviews = (await query.getMany()).filter((r) => r.assigneeId !== assigneeId);
    if (reviews.length === 0) return 0;
    await manager.update(ReviewEntity, { organizationId, id: In(reviews.map((r) => r.id)) }, { assigneeId });
    for (const review of reviews) {
      review.assigneeId = assigneeId;
      await this.reminders.scheduled(manager, review, today);
    }
    return reviews.length;
  }

  private async activeOwner(manager: EntityManager, subject: SubjectEntity): Promise<string | null> {
    if (!subject.ownerId) return null;
    const owner = await manager.findOneBy(UserEntity, { organizationId: subject.organizationId, id: subject.ownerId });
    return owner?.active ? owner.id : null;
  }
}
