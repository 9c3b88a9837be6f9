import { Injectable } from '@nestjs/common';
import { AuditService, diff } from '../audit/audit.service';
import { hasAnyRole } from '../common/actor';
import { Context } from '../common/context';
import { badField, badInput, conflict, FieldError, forbidden } from '../common/errors';
import { DEFAULT_PAGE_SIZE, Page } from '../common/pagination';
import { Role } from '../common/role';
import { applicableRequirements } from '../compliance/applicable-requirements';
import { ComplianceService } from '../compliance/compliance.service';
import { EvidenceRepository } from '../compliance/evidence.repository';
import { Database } from '../database/database';
import { RequirementsRepository } from '../requirements/requirements.repository';
import { SubjectKind, SubjectStatus } from '../domain/subject.enums';
import { EvidenceState } from '../domain/compliance.enums';
import { SubjectEntity } from '../subjects/subject.entity';
import { SubjectsRepository } from '../subjects/subjects.repository';
import { UserEntity } from '../users/user.entity';
import { UsersRepository } from '../users/users.repository';
import { addDays, nextPeriodicReview, rescheduledDue, ReviewPolicyValues } from './review-calendar';
import { ReviewCampaignEntity, ReviewEntity } from './review.entity';
import { ReviewAnswerResult, ReviewKind, ReviewOutcome, ReviewStatus } from './review.enums';
import { ReviewReminders } from './review-reminders';
import { ReviewScheduler } from './review-scheduler';
import { ReviewFilterValues, ReviewsRepository, SCHEDULED_KINDS } from './reviews.repository';

export interface CompleteReviewValues {
  reviewId: string;
  ownerConfirmed: boolean;
  answers: { requirementCode: string; result: ReviewAnswerResult; note?: string | null }[];
  comment?: string | null;
}

export interface CampaignFigures {
  campaign: ReviewCampaignEntity;
  total: number;
  completed: number;
  overdue: number;
}

/** Who may complete a review (completeReview's roles), and so who may be its assignee: everyone but an AUDITOR-only user. */
export const REVIEW_COMPLETERS: readonly Role[] = [Role.ADMIN, Role.SECURITY_OFFICER, Role.PROCUREMENT_OFFICER, Role.STAFF];

const AUDITED = ['dueDate', 'status', 'assigneeId', 'ownerConfirmed', 'outcome', 'comment', 'cancelReason'] as const;

@Injectable()
export class ReviewsService {
  constructor(
    private readonly database: Database,
    private readonly reviews: ReviewsRepository,
    private readonly subjects: SubjectsRepository,
    private readonly users: UsersRepository,
    private readonly requirements: RequirementsRepository,
    private readonly evidence: EvidenceRepository,
    private readonly audit: AuditService,
    private readonly scheduler: ReviewScheduler,
    private readonly reminders: ReviewReminders,
    private readonly compliance: ComplianceService,
  ) {}

  get(ctx: Context, id: string): Promise<ReviewEntity> {
    return this.reviews.get(ctx, id);
  }

  /** By due date then id. */
  list(ctx: Context, filter: ReviewFilterValues = {}, first = DEFAULT_PAGE_SIZE, after?: string): Promise<Page<ReviewEntity>> {
    return this.reviews.page(ctx, filter, first, after);
  }

  /**
   * The owner's confirmation: every applicable requirement answered CONFIRMED or ISSUE_FOUND (with a
   * note). ISSUE_FOUND reopens the gap (a new ABSENT evidence version); `ownerConfirmed: false` is the
   * owner giving the subject up (owner cleared, security officers told). A confirmed completion
   * replaces the scheduled review by a PERIODIC one an interval after today.
   */
  async complete(ctx: Context, input: CompleteReviewValues): Promise<ReviewEntity> {
    return this.database.transaction(ctx, async (ctx) => {
      const caller = ctx.caller;
      const review = await this.reviews.get(ctx, input.reviewId, true);
      if (review.status !== ReviewStatus.OPEN) throw conflict('完了又は取消し済みの確認は完了できません。');
      if (review.assigneeId !== caller.userId && !hasAnyRole(caller, [Role.SECURITY_OFFICER, Role.ADMIN])) {
        throw forbidden('確認を完了できるのは担当者、情報セキュリティ担当又は管理者です。');
      }
      const record = await this.subjects.record(ctx, review.subjectId, '登録対象', { forUpdate: true });
      const { subject } = record;
      const applicable = applicableRequirements(await this.requirements.catalog(ctx, subject.kind), record);
      this.assertAnswers(
        input,
        applicable.map((r) => r.code),
      );

      const before = { ...review };
      const now = new Date();
      review.status = ReviewStatus.COMPLETED;
      review.completedById = caller.userId;
      review.completedAt = now;
      review.ownerConfirmed = input.ownerConfirmed;
      review.answers = input.answers.map((a) => ({ requirementCode: a.requirementCode, result: a.result, note: a.note?.trim() || null }));
      review.comment = input.comment?.trim() || null;
      const issues = review.answers.filter((a) => a.result === ReviewAnswerResult.ISSUE_FOUND);
      review.outcome = issues.length > 0 || !input.ownerConfirmed ? ReviewOutcome.ISSUES_FOUND : ReviewOutcome.CONFIRMED;
      await this.reviews.save(ctx, review);
      await this.reminders.closed(ctx, review);

      for (const issue of issues) await this.reopenGap(ctx, subject.id, issue.requirementCode, issue.note ?? '');
      if (!input.ownerConfirmed && subject.ownerId) {
        await this.subjects.clearOwner(ctx, subject.id);
        await this.reviews.unassignOpenOfSubject(ctx, subject.id);
        await this.reminders.ownerRefused(ctx, review, subject);
        await this.audit.record(ctx, {
          action: 'OWNER_REFUSED',
          entityType: subject.kind,
          entityId: subject.id,
          changes: { ownerId: [subject.ownerId, null] },
        });
      }
      await this.replaceScheduled(ctx, review, subject, input.ownerConfirmed);
      await this.compliance.refresh(ctx, [subject.id]);
      await this.scheduler.refreshNextDue(ctx, [subject.id]);
      await this.audit.record(ctx, {
        action: 'REVIEW_COMPLETED',
        entityType: 'Review',
        entityId: review.id,
        changes: { ...diff(before, { ...review }, AUDITED), answers: [null, review.answers] },
      });
      return review;
    });
  }

  /** An AD_HOC review (SECURITY_OFFICER, ADMIN). */
  async create(
    ctx: Context,
    input: { subjectId: string; dueDate: string; assigneeId?: string | null; comment?: string | null },
  ): Promise<ReviewEntity> {
    return this.database.transaction(ctx, async (ctx) => {
      const { subject } = await this.subjects.record(ctx, input.subjectId, '登録対象');
      if (subject.status !== SubjectStatus.ACTIVE) throw conflict('アーカイブされた登録対象には確認を作成できません。');
      const assigneeId = input.assigneeId
        ? (await this.assignable(ctx, input.assigneeId)).id
        : await this.scheduler.activeOwner(ctx, subject);
      const review = await this.reviews.insert(ctx, {
        subjectId: subject.id,
        kind: ReviewKind.AD_HOC,
        dueDate: input.dueDate,
        scheduledFrom: null,
        status: ReviewStatus.OPEN,
        assigneeId,
        comment: input.comment?.trim() || null,
      });
      await this.reminders.scheduled(ctx, review);
      await this.scheduler.refreshNextDue(ctx, [subject.id]);
      await this.audit.record(ctx, {
        action: 'REVIEW_CREATED',
        entityType: 'Review',
        entityId: review.id,
        changes: diff(null, { ...review }, AUDITED),
      });
      return review;
    });
  }

  reschedule(ctx: Context, id: string, dueDate: string, reason: string): Promise<ReviewEntity> {
    if (!reason.trim()) throw badField('reason', '理由を入力してください。');
    return this.changeOpen(ctx, id, 'REVIEW_RESCHEDULED', reason, async (ctx, review) => {
      await this.scheduler.moveDue(ctx, review, dueDate);
    });
  }

  reassign(ctx: Context, id: string, assigneeId: string | null): Promise<ReviewEntity> {
    return this.changeOpen(ctx, id, 'REVIEW_REASSIGNED', null, async (ctx, review) => {
      review.assigneeId = assigneeId ? (await this.assignable(ctx, assigneeId)).id : null;
      await this.reviews.setAssignee(ctx, [review.id], review.assigneeId);
      await this.reminders.scheduled(ctx, review);
    });
  }

  cancel(ctx: Context, id: string, reason: string): Promise<ReviewEntity> {
    if (!reason.trim()) throw badField('reason', '取消しの理由を入力してください。');
    return this.changeOpen(ctx, id, 'REVIEW_CANCELLED', reason, async (ctx, review) => {
      if (SCHEDULED_KINDS.includes(review.kind)) {
        const { subject } = await this.subjects.record(ctx, review.subjectId, '登録対象');
        if (subject.status === SubjectStatus.ACTIVE) {
          throw conflict('有効な登録対象の定期確認は取り消せません（期日の変更はできます）。');
        }
      }
      review.status = ReviewStatus.CANCELLED;
      review.cancelReason = reason.trim();
      await this.reviews.cancel(ctx, [review.id], review.cancelReason);
      await this.reminders.closed(ctx, review);
    });
  }

  /** One CAMPAIGN review for every ACTIVE subject of the kind (or of every kind). */
  async startCampaign(
    ctx: Context,
    input: { name: string; subjectKind?: SubjectKind | null; dueDate: string },
  ): Promise<ReviewCampaignEntity> {
    if (!input.name.trim()) throw badField('name', 'キャンペーン名を入力してください。');
    return this.database.transaction(ctx, async (ctx) => {
      const campaign = await this.reviews.insertCampaign(ctx, {
        name: input.name.trim(),
        subjectKind: input.subjectKind ?? null,
        dueDate: input.dueDate,
        createdById: ctx.userId,
      });
      const subjects = await this.subjects.activeWithOwners(ctx, input.subjectKind ?? null);
      if (subjects.length > 0) {
        const owners = subjects.map((s) => s.ownerId).filter((id): id is string => id !== null);
        const activeOwners = new Set(await this.users.activeIds(ctx, owners));
        const reviews = await this.reviews.insertMany(
          ctx,
          subjects.map((s) => ({
            subjectId: s.id,
            kind: ReviewKind.CAMPAIGN,
            dueDate: input.dueDate,
            status: ReviewStatus.OPEN,
            assigneeId: s.ownerId !== null && activeOwners.has(s.ownerId) ? s.ownerId : null,
            campaignId: campaign.id,
          })),
        );
        for (const review of reviews) await this.reminders.scheduled(ctx, review);
        await this.scheduler.refreshNextDue(
          ctx,
          subjects.map((s) => s.id),
        );
      }
      await this.audit.record(ctx, {
        action: 'REVIEW_CAMPAIGN_STARTED',
        entityType: 'ReviewCampaign',
        entityId: campaign.id,
        changes: {
          name: [null, campaign.name],
          subjectKind: [null, campaign.subjectKind],
          dueDate: [null, campaign.dueDate],
          reviews: [null, subjects.length],
        },
      });
      return campaign;
    });
  }

  async campaigns(ctx: Context): Promise<CampaignFigures[]> {
    const campaigns = await this.reviews.campaigns(ctx);
    if (campaigns.length === 0) return [];
    return this.campaignFigures(ctx, campaigns);
  }

  async campaignsByIds(ctx: Context, ids: readonly string[]): Promise<(CampaignFigures | null)[]> {
    const campaigns = await this.reviews.campaignsByIds(ctx, ids);
    const figures = campaigns.length ? await this.campaignFigures(ctx, campaigns) : [];
    return ids.map((id) => figures.find((f) => f.campaign.id === id) ?? null);
  }

  async campaignFigures(ctx: Context, campaigns: ReviewCampaignEntity[]): Promise<CampaignFigures[]> {
    const counts = await this.reviews.campaignCounts(
      ctx,
      campaigns.map((c) => c.id),
      ctx.today(),
    );
    return campaigns.map((campaign) => {
      const row = counts.get(campaign.id);
      return { campaign, total: row?.total ?? 0, completed: row?.completed ?? 0, overdue: row?.overdue ?? 0 };
    });
  }

  policy(ctx: Context): Promise<ReviewPolicyValues> {
    return this.reviews.policy(ctx);
  }

  /** A policy change moves open INITIAL and PERIODIC reviews only where the new due date is earlier. */
  async updatePolicy(ctx: Context, changes: Partial<ReviewPolicyValues>): Promise<ReviewPolicyValues> {
    return this.database.transaction(ctx, async (ctx) => {
      const before = await this.reviews.policy(ctx);
      const after: ReviewPolicyValues = { ...before };
      for (const [key, value] of Object.entries(changes) as [keyof ReviewPolicyValues, never][]) {
        if (value !== undefined && value !== null) after[key] = value;
      }
      after.reminderDaysBefore = [...new Set(after.reminderDaysBefore)].sort((a, b) => b - a);
      await this.reviews.savePolicy(ctx, after);
      const open = await this.reviews.openScheduledWithStart(ctx);
      const tiers = await this.subjects.riskTiers(
        ctx,
        open.map((r) => r.subjectId),
      );
      const moved: string[] = [];
      for (const review of open) {
        const tier = tiers.get(review.subjectId);
        if (!tier) continue;
        const due = rescheduledDue(after, tier, {
          kind: review.kind === ReviewKind.INITIAL ? 'INITIAL' : 'PERIODIC',
          dueDate: review.dueDate,
          scheduledFrom: review.scheduledFrom!,
        });
        if (due < review.dueDate) {
          await this.scheduler.moveDue(ctx, review, due);
          moved.push(review.subjectId);
        }
      }
      if (after.reminderDaysBefore.join() !== before.reminderDaysBefore.join()) {
        const all = await this.reviews.allOpen(ctx);
        for (const review of all) await this.reminders.scheduled(ctx, review, after);
      }
      await this.scheduler.refreshNextDue(ctx, moved);
      await this.audit.record(ctx, {
        action: 'REVIEW_POLICY_UPDATED',
        entityType: 'ReviewPolicy',
        entityId: ctx.organizationId,
        changes: diff(before as unknown as Record<string, unknown>, after as unknown as Record<string, unknown>, Object.keys(after)),
      });
      return after;
    });
  }

  private async changeOpen(
    ctx: Context,
    id: string,
    action: string,
    reason: string | null,
    change: (ctx: Context, review: ReviewEntity) => Promise<void>,
  ): Promise<ReviewEntity> {
    return this.database.transaction(ctx, async (ctx) => {
      const review = await this.reviews.get(ctx, id, true);
      if (review.status !== ReviewStatus.OPEN) throw conflict('完了又は取消し済みの確認は変更できません。');
      const before = { ...review };
      await change(ctx, review);
      await this.scheduler.refreshNextDue(ctx, [review.subjectId]);
      await this.audit.record(ctx, {
        action,
        entityType: 'Review',
        entityId: review.id,
        changes: { ...diff(before, { ...review }, AUDITED), ...(reason ? { reason: [null, reason.trim()] } : {}) },
      });
      return this.reviews.get(ctx, id);
    });
  }

  private assertAnswers(input: CompleteReviewValues, applicable: string[]): void {
    const errors: FieldError[] = [];
    const given = input.answers.map((a) => a.requirementCode);
    const missing = applicable.filter((code) => !given.includes(code));
    const extra = given.filter((code) => !applicable.includes(code));
    const duplicates = given.filter((code, index) => given.indexOf(code) !== index);
    if (missing.length) errors.push({ field: 'answers', message: `回答が不足しています: ${missing.join(', ')}` });
    if (extra.length) errors.push({ field: 'answers', message: `この登録対象に適用されない要件への回答があります: ${extra.join(', ')}` });
    if (duplicates.length)
      errors.push({ field: 'answers', message: `同じ要件への回答が重複しています: ${[...new Set(duplicates)].join(', ')}` });
    input.answers.forEach((answer, index) => {
      if (answer.result === ReviewAnswerResult.ISSUE_FOUND && !answer.note?.trim()) {
        errors.push({ field: `answers.${index}.note`, message: `${answer.requirementCode}: 問題ありの場合は内容を入力してください。` });
      }
    });
    if (errors.length) throw badInput(errors);
  }

  /** ISSUE_FOUND: a new evidence version ABSENT, so compliance shows the gap. */
  private async reopenGap(ctx: Context, subjectId: string, requirementCode: string, note: string): Promise<void> {
    const current = await this.evidence.latest(ctx, subjectId, requirementCode);
    await this.evidence.append(ctx, {
      subjectId,
      requirementCode,
      version: (current?.version ?? 0) + 1,
      state: EvidenceState.ABSENT,
      reference: current?.reference ?? null,
      documentUrl: current?.documentUrl ?? null,
      note,
      justification: null,
      recordedById: ctx.userId,
      recordedAt: new Date(),
      decidedById: null,
      decidedAt: null,
      decisionComment: null,
    });
    await this.audit.record(ctx, {
      action: 'EVIDENCE_RECORDED',
      entityType: 'RequirementEvidence',
      entityId: subjectId,
      changes: {
        requirementCode: [null, requirementCode],
        state: [current?.state ?? EvidenceState.NOT_RECORDED, EvidenceState.ABSENT],
        note: [null, note],
      },
    });
  }

  /**
   * After a completion the subject still has exactly one open scheduled review: a confirmed
   * completion replaces it with a PERIODIC one an interval after today; a refusal keeps the open
   * one, or, when the refused review was itself the scheduled one, opens the next at the initial
   * delay so that the new owner confirms soon.
   */
  private async replaceScheduled(ctx: Context, completed: ReviewEntity, subject: SubjectEntity, confirmed: boolean): Promise<void> {
    if (subject.status !== SubjectStatus.ACTIVE) return;
    const today = ctx.today();
    const policy = await this.reviews.policy(ctx);
    const open = await this.reviews.openScheduled(ctx, subject.id);
    if (!confirmed && open) return;
    if (open) {
      await this.reviews.cancel(ctx, [open.id], `確認 ${completed.id} の完了により次回の定期確認に置き換え`);
      await this.reminders.closed(ctx, open);
    }
    const next = confirmed
      ? nextPeriodicReview(policy, subject.riskTier, today)
      : { kind: 'PERIODIC' as const, dueDate: addDays(today, policy.initialReviewDays), scheduledFrom: today };
    const review = await this.reviews.insert(ctx, {
      subjectId: subject.id,
      kind: ReviewKind.PERIODIC,
      dueDate: next.dueDate,
      scheduledFrom: next.scheduledFrom,
      status: ReviewStatus.OPEN,
      assigneeId: confirmed ? await this.scheduler.activeOwner(ctx, subject) : null,
    });
    await this.reminders.scheduled(ctx, review);
  }

  /** An assignee must be able to complete the review: active, and holding a role of REVIEW_COMPLETERS. */
  private async assignable(ctx: Context, userId: string): Promise<UserEntity> {
    const user = await this.users.get(ctx, userId, '担当者に指定した利用者');
    if (!user.active) throw badField('assigneeId', '無効化された利用者には割り当てられません。');
    if (!user.roles.some((role) => REVIEW_COMPLETERS.includes(role))) {
      throw badField('assigneeId', '確認を完了できない利用者（監査担当のみなど）は担当者にできません。');
    }
    return user;
  }
}
