import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AuditService, diff } from '../audit/audit.service';
import { Actor, hasAnyRole } from '../auth/actor';
import { Role } from '../auth/role.enum';
import { todayIn } from '../common/calendar';
import { badField, badInput, conflict, FieldError, forbidden } from '../common/errors';
import { decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor, Page, countRows } from '../common/pagination';
import { ComplianceService } from '../compliance/compliance.service';
import { applicableRequirements } from '../compliance/compliance.service';
import { EvidenceVersionEntity } from '../compliance/evidence-version.entity';
import { Database } from '../database/database';
import { isUuid, scoped } from '../database/tenant-scope';
import { loadCatalog } from '../requirements/requirement-catalog';
import { withDetails } from '../subjects/subject-record';
import { EvidenceState, SubjectKind, SubjectStatus } from '../subjects/subject.enums';
import { SubjectEntity } from '../subjects/subject.entity';
import { UserEntity } from '../users/user.entity';
import { nextPeriodicReview, rescheduledDue, ReviewPolicyValues, addDays } from './review-calendar';
import { ReviewCampaignEntity, ReviewEntity, ReviewPolicyEntity } from './review.entity';
import { ReviewAnswerResult, ReviewKind, ReviewOutcome, ReviewStatus } from './review.model';
import { ReviewReminders } from './review-reminders';
import { policyOf, ReviewScheduler, SCHEDULED_KINDS } from './review-scheduler';

export interface ReviewFilterValues {
  subjectId?: string;
  assigneeId?: string;
  unassigned?: boolean;
  mine?: boolean;
  status?: ReviewStatus;
  overdue?: boolean;
  dueBefore?: string;
  campaignId?: string;
}

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

const AUDITED = ['dueDate', 'status', 'assigneeId', 'ownerConfirmed', 'outcome', 'comment', 'cancelReason'] as const;

@Injectable()
export class ReviewsService {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditService,
    private readonly scheduler: ReviewScheduler,
    private readonly reminders: ReviewReminders,
    private readonly compliance: ComplianceService,
  ) {}

  get(actor: Actor, id: string): Promise<ReviewEntity> {
    return scoped(this.database.manager, actor).get(ReviewEntity, id, '確認（レビュー）');
  }

  /** By due date then id. */
  async list(actor: Actor, filter: ReviewFilterValues = {}, first = DEFAULT_PAGE_SIZE, after?: string): Promise<Page<ReviewEntity>> {
    const today = todayIn(actor.timeZone);
    const query = scoped(this.database.manager, actor).select(ReviewEntity, 'r');
    for (const [field, column] of [
      ['subjectId', 'subject_id'],
      ['assigneeId', 'assignee_id'],
      ['campaignId', 'campaign_id'],
    ] as const) {
      const value = filter[field];
      if (value === undefined || value === null) continue;
      if (!isUuid(value)) throw badField(`filter.${field}`, 'IDの形式が正しくありません。');
      query.andWhere(`r.${column} = :${field}`, { [field]: value });
    }
    if (filter.mine) query.andWhere('r.assignee_id = :me', { me: actor.userId });
    if (filter.unassigned !== undefined && filter.unassigned !== null) {
      // "No active assignee": nobody, or a user deactivated since.
      const noActive = `(r.assignee_id IS NULL OR NOT EXISTS (SELECT 1 FROM users u WHERE u.id = r.assignee_id AND u.active))`;
      query.andWhere(filter.unassigned ? noActive : `NOT ${noActive}`);
    }
    if (filter.status) query.andWhere('r.status = :status', { status: filter.status });
    if (filter.overdue !== undefined && filter.overdue !== null) {
      query.andWhere(filter.overdue ? `(r.status = 'OPEN' AND r.due_date < :today)` : `NOT (r.status = 'OPEN' AND r.due_date < :today)`, {
        today,
      });
    }
    if (filter.dueBefore) query.andWhere('r.due_date < :dueBefore', { dueBefore: filter.dueBefore });
    // Cloned now: the keyset condition added below must not narrow the count.
    const counting = query.clone();
    const totalCount = (): Promise<number> => countRows(counting);
    if (after) {
      const [dueDate, id] = decodeCursor(after, ['date', 'uuid']);
      query.andWhere('(r.due_date, r.id) > (:afterDue::date, :afterId::uuid)', { afterDue: dueDate, afterId: id });
    }
    const rows = await query
      .orderBy('r.due_date', 'ASC')
      .addOrderBy('r.id', 'ASC')
      .limit(first + 1)
      .getMany();
    return { nodes: rows.slice(0, first), totalCount, hasNextPage: rows.length > first, cursorOf: (r) => encodeCursor([r.dueDate, r.id]) };
  }

  /**
   * The owner's confirmation: every applicable requirement answered CONFIRMED or ISSUE_FOUND (with a
   * note). ISSUE_FOUND reopens the gap (a new ABSENT evidence version); `ownerConfirmed: false` is the
   * owner giving the subject up (owner cleared, security officers told). A confirmed completion
   * replaces the scheduled review by a PERIODIC one an interval after today.
   */
  async complete(actor: Actor, input: CompleteReviewValues): Promise<ReviewEntity> {
    return this.database.transaction(async (manager) => {
      const today = todayIn(actor.timeZone);
      const review = await scoped(manager, actor).get(ReviewEntity, input.reviewId, '確認（レビュー）', true);
      if (review.status !== ReviewStatus.OPEN) throw conflict('完了又は取消し済みの確認は完了できません。');
      if (review.assigneeId !== actor.userId && !hasAnyRole(actor, [Role.SECURITY_OFFICER, Role.ADMIN])) {
        throw forbidden('確認を完了できるのは担当者、情報セキュリティ担当又は管理者です。');
      }
      const subject = await scoped(manager, actor).get(SubjectEntity, review.subjectId, '登録対象', true);
      const [record] = await withDetails(manager, actor.organizationId, [subject]);
      const applicable = applicableRequirements(await loadCatalog(manager, actor.organizationId, subject.kind), record);
      this.assertAnswers(
        input,
        applicable.map((r) => r.code),
      );

      const before = { ...review };
      const now = new Date();
      review.status = ReviewStatus.COMPLETED;
      review.completedById = actor.userId;
      review.completedAt = now;
      review.ownerConfirmed = input.ownerConfirmed;
      review.answers = input.answers.map((a) => ({ requirementCode: a.requirementCode, result: a.result, note: a.note?.trim() || null }));
      review.comment = input.comment?.trim() || null;
      const issues = review.answers.filter((a) => a.result === ReviewAnswerResult.ISSUE_FOUND);
      review.outcome = issues.length > 0 || !input.ownerConfirmed ? ReviewOutcome.ISSUES_FOUND : ReviewOutcome.CONFIRMED;
      await manager.save(review);
      await this.reminders.closed(manager, review);

      for (const issue of issues) await this.reopenGap(manager, actor, subject.id, issue.requirementCode, issue.note ?? '');
      if (!input.ownerConfirmed && subject.ownerId) {
        await manager
          .createQueryBuilder()
          .update(SubjectEntity)
          .set({ ownerId: null, version: () => 'version + 1', updatedAt: () => 'now()' })
          .where('organization_id = :organizationId AND id = :id', { organizationId: actor.organizationId, id: subject.id })
          .execute();
        await manager.update(
          ReviewEntity,
          { organizationId: actor.organizationId, subjectId: subject.id, status: ReviewStatus.OPEN },
          { assigneeId: null },
        );
        await this.reminders.ownerRefused(manager, review, subject);
        await this.audit.record(manager, actor, {
          action: 'OWNER_REFUSED',
          entityType: subject.kind,
          entityId: subject.id,
          changes: { ownerId: [subject.ownerId, null] },
        });
      }
      await this.replaceScheduled(manager, actor, review, subject, input.ownerConfirmed, today);
      await this.compliance.refresh(manager, actor.organizationId, [subject.id]);
      await this.scheduler.refreshNextDue(manager, actor.organizationId, [subject.id]);
      await this.audit.record(manager, actor, {
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
    actor: Actor,
    input: { subjectId: string; dueDate: string; assigneeId?: string | null; comment?: string | null },
  ): Promise<ReviewEntity> {
    return this.database.transaction(async (manager) => {
      const today = todayIn(actor.timeZone);
      const subject = await scoped(manager, actor).get(SubjectEntity, input.subjectId, '登録対象');
      if (subject.status !== SubjectStatus.ACTIVE) throw conflict('アーカイブされた登録対象には確認を作成できません。');
      const assigneeId = input.assigneeId
        ? (await this.assignable(manager, actor, input.assigneeId)).id
        : await this.ownerIfActive(manager, subject);
      const review = await manager.save(
        manager.create(ReviewEntity, {
          organizationId: actor.organizationId,
          subjectId: subject.id,
          kind: ReviewKind.AD_HOC,
          dueDate: input.dueDate,
          scheduledFrom: null,
          status: ReviewStatus.OPEN,
          assigneeId,
          comment: input.comment?.trim() || null,
        }),
      );
      await this.reminders.scheduled(manager, review, today);
      await this.scheduler.refreshNextDue(manager, actor.organizationId, [subject.id]);
      await this.audit.record(manager, actor, {
        action: 'REVIEW_CREATED',
        entityType: 'Review',
        entityId: review.id,
        changes: diff(null, { ...review }, AUDITED),
      });
      return review;
    });
  }

  reschedule(actor: Actor, id: string, dueDate: string, reason: string): Promise<ReviewEntity> {
    if (!reason.trim()) throw badField('reason', '理由を入力してください。');
    return this.changeOpen(actor, id, 'REVIEW_RESCHEDULED', reason, async (manager, review, today) => {
      await this.scheduler.moveDue(manager, review, dueDate, today);
    });
  }

  reassign(actor: Actor, id: string, assigneeId: string | null): Promise<ReviewEntity> {
    return this.changeOpen(actor, id, 'REVIEW_REASSIGNED', null, async (manager, review, today) => {
      review.assigneeId = assigneeId ? (await this.assignable(manager, actor, assigneeId)).id : null;
      await manager.update(ReviewEntity, { id: review.id, organizationId: actor.organizationId }, { assigneeId: review.assigneeId });
      await this.reminders.scheduled(manager, review, today);
    });
  }

  cancel(actor: Actor, id: string, reason: string): Promise<ReviewEntity> {
    if (!reason.trim()) throw badField('reason', '取消しの理由を入力してください。');
    return this.changeOpen(actor, id, 'REVIEW_CANCELLED', reason, async (manager, review) => {
      if (SCHEDULED_KINDS.includes(review.kind)) {
        const subject = await manager.findOneByOrFail(SubjectEntity, { id: review.subjectId });
        if (subject.status === SubjectStatus.ACTIVE) {
          throw conflict('有効な登録対象の定期確認は取り消せません（期日の変更はできます）。');
        }
      }
      review.status = ReviewStatus.CANCELLED;
      review.cancelReason = reason.trim();
      await manager.update(
        ReviewEntity,
        { id: review.id, organizationId: actor.organizationId },
        { status: review.status, cancelReason: review.cancelReason },
      );
      await this.reminders.closed(manager, review);
    });
  }

  /** One CAMPAIGN review for every ACTIVE subject of the kind (or of every kind). */
  async startCampaign(
    actor: Actor,
    input: { name: string; subjectKind?: SubjectKind | null; dueDate: string },
  ): Promise<ReviewCampaignEntity> {
    if (!input.name.trim()) throw badField('name', 'キャンペーン名を入力してください。');
    return this.database.transaction(async (manager) => {
      const today = todayIn(actor.timeZone);
      const campaign = await manager.save(
        manager.create(ReviewCampaignEntity, {
          organizationId: actor.organizationId,
          name: input.name.trim(),
          subjectKind: input.subjectKind ?? null,
          dueDate: input.dueDate,
          createdById: actor.userId,
        }),
      );
      const subjects = await manager.query<{ id: string; owner_id: string | null }[]>(
        `SELECT s.id, CASE WHEN u.active THEN s.owner_id END AS owner_id
           FROM subjects s LEFT JOIN users u ON u.id = s.owner_id
          WHERE s.organization_id = $1 AND s.status = 'ACTIVE' AND ($2::subject_kind IS NULL OR s.kind = $2::subject_kind)`,
        [actor.organizationId, input.subjectKind ?? null],
      );
      if (subjects.length > 0) {
        const inserted = await manager
          .createQueryBuilder()
          .insert()
          .into(ReviewEntity)
          .values(
            subjects.map((s) => ({
              organizationId: actor.organizationId,
              subjectId: s.id,
              kind: ReviewKind.CAMPAIGN,
              dueDate: input.dueDate,
              status: ReviewStatus.OPEN,
              assigneeId: s.owner_id,
              campaignId: campaign.id,
            })),
          )
          .returning('*')
          .execute();
        const reviews = await manager.findBy(ReviewEntity, {
          organizationId: actor.organizationId,
          id: In((inserted.identifiers as { id: string }[]).map((i) => i.id)),
        });
        for (const review of reviews) await this.reminders.scheduled(manager, review, today);
        await this.scheduler.refreshNextDue(
          manager,
          actor.organizationId,
          subjects.map((s) => s.id),
        );
      }
      await this.audit.record(manager, actor, {
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

  async campaigns(actor: Actor): Promise<CampaignFigures[]> {
    const today = todayIn(actor.timeZone);
    const campaigns = await scoped(this.database.manager, actor).find(ReviewCampaignEntity, {}, { createdAt: 'DESC', id: 'DESC' });
    if (campaigns.length === 0) return [];
    return this.campaignFigures(actor, campaigns, today);
  }

  async campaignsByIds(actor: Actor, ids: readonly string[]): Promise<(CampaignFigures | null)[]> {
    const campaigns = await scoped(this.database.manager, actor).find(ReviewCampaignEntity, { id: In([...ids]) });
    const figures = campaigns.length ? await this.campaignFigures(actor, campaigns) : [];
    return ids.map((id) => figures.find((f) => f.campaign.id === id) ?? null);
  }

  async campaignFigures(actor: Actor, campaigns: ReviewCampaignEntity[], today = todayIn(actor.timeZone)): Promise<CampaignFigures[]> {
    const counts = await this.database.manager.query<{ campaign_id: string; total: number; completed: number; overdue: number }[]>(
      `SELECT campaign_id, count(*)::int AS total,
              count(*) FILTER (WHERE status = 'COMPLETED')::int AS completed,
              count(*) FILTER (WHERE status = 'OPEN' AND due_date < $3::date)::int AS overdue
         FROM reviews WHERE organization_id = $1 AND campaign_id = ANY($2::uuid[]) GROUP BY campaign_id`,
      [actor.organizationId, campaigns.map((c) => c.id), today],
    );
    return campaigns.map((campaign) => {
      const row = counts.find((c) => c.campaign_id === campaign.id);
      return { campaign, total: row?.total ?? 0, completed: row?.completed ?? 0, overdue: row?.overdue ?? 0 };
    });
  }

  policy(actor: Actor): Promise<ReviewPolicyValues> {
    return policyOf(this.database.manager, actor.organizationId);
  }

  /** A policy change moves open INITIAL and PERIODIC reviews only where the new due date is earlier. */
  async updatePolicy(actor: Actor, changes: Partial<ReviewPolicyValues>): Promise<ReviewPolicyValues> {
    return this.database.transaction(async (manager) => {
      const today = todayIn(actor.timeZone);
      const before = await policyOf(manager, actor.organizationId);
      const after: ReviewPolicyValues = { ...before };
      for (const [key, value] of Object.entries(changes) as [keyof ReviewPolicyValues, never][]) {
        if (value !== undefined && value !== null) after[key] = value;
      }
      after.reminderDaysBefore = [...new Set(after.reminderDaysBefore)].sort((a, b) => b - a);
      await manager.upsert(ReviewPolicyEntity, { organizationId: actor.organizationId, ...after }, ['organizationId']);
      const open = await manager
        .createQueryBuilder(ReviewEntity, 'r')
        .innerJoin(SubjectEntity, 's', 's.id = r.subject_id AND s.organization_id = r.organization_id')
        .addSelect('s.risk_tier', 'risk_tier')
        .where(
          `r.organization_id = :organizationId AND r.status = 'OPEN' AND r.kind IN ('INITIAL', 'PERIODIC') AND r.scheduled_from IS NOT NULL`,
          {
            organizationId: actor.organizationId,
          },
        )
        .getRawAndEntities();
      const moved: string[] = [];
      for (const [index, review] of open.entities.entries()) {
        const tier = (open.raw[index] as { risk_tier: SubjectEntity['riskTier'] }).risk_tier;
        const due = rescheduledDue(after, tier, {
          kind: review.kind === ReviewKind.INITIAL ? 'INITIAL' : 'PERIODIC',
          dueDate: review.dueDate,
          scheduledFrom: review.scheduledFrom!,
        });
        if (due < review.dueDate) {
          await this.scheduler.moveDue(manager, review, due, today);
          moved.push(review.subjectId);
        }
      }
      if (after.reminderDaysBefore.join() !== before.reminderDaysBefore.join()) {
        const all = await manager.findBy(ReviewEntity, { organizationId: actor.organizationId, status: ReviewStatus.OPEN });
        for (const review of all) await this.reminders.scheduled(manager, review, today, after);
      }
      await this.scheduler.refreshNextDue(manager, actor.organizationId, moved);
      await this.audit.record(manager, actor, {
        action: 'REVIEW_POLICY_UPDATED',
        entityType: 'ReviewPolicy',
        entityId: actor.organizationId,
        changes: diff(before as unknown as Record<string, unknown>, after as unknown as Record<string, unknown>, Object.keys(after)),
      });
      return after;
    });
  }

  private async changeOpen(
    actor: Actor,
    id: string,
    action: string,
    reason: string | null,
    change: (manager: EntityManager, review: ReviewEntity, today: string) => Promise<void>,
  ): Promise<ReviewEntity> {
    return this.database.transaction(async (manager) => {
      const today = todayIn(actor.timeZone);
      const review = await scoped(manager, actor).get(ReviewEntity, id, '確認（レビュー）', true);
      if (review.status !== ReviewStatus.OPEN) throw conflict('完了又は取消し済みの確認は変更できません。');
      const before = { ...review };
      await change(manager, review, today);
      await this.scheduler.refreshNextDue(manager, actor.organizationId, [review.subjectId]);
      await this.audit.record(manager, actor, {
        action,
        entityType: 'Review',
        entityId: review.id,
        changes: { ...diff(before, { ...review }, AUDITED), ...(reason ? { reason: [null, reason.trim()] } : {}) },
      });
      return scoped(manager, actor).get(ReviewEntity, id, '確認（レビュー）');
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
  private async reopenGap(manager: EntityManager, actor: Actor, subjectId: string, requirementCode: string, note: string): Promise<void> {
    const current = await manager.findOne(EvidenceVersionEntity, {
      where: { organizationId: actor.organizationId, subjectId, requirementCode },
      order: { version: 'DESC' },
    });
    await manager.insert(EvidenceVersionEntity, {
      organizationId: actor.organizationId,
      subjectId,
      requirementCode,
      version: (current?.version ?? 0) + 1,
      state: EvidenceState.ABSENT,
      reference: current?.reference ?? null,
      documentUrl: current?.documentUrl ?? null,
      note,
      justification: null,
      recordedById: actor.userId,
      recordedAt: new Date(),
      decidedById: null,
      decidedAt: null,
      decisionComment: null,
    });
    await this.audit.record(manager, actor, {
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
  private async replaceScheduled(
    manager: EntityManager,
    actor: Actor,
    completed: ReviewEntity,
    subject: SubjectEntity,
    confirmed: boolean,
    today: string,
  ): Promise<void> {
    if (subject.status !== SubjectStatus.ACTIVE) return;
    const policy = await policyOf(manager, actor.organizationId);
    const open = await this.scheduler.openScheduled(manager, actor.organizationId, subject.id);
    if (!confirmed && open) return;
    if (open) {
      await manager.update(
        ReviewEntity,
        { id: open.id, organizationId: actor.organizationId },
        { status: ReviewStatus.CANCELLED, cancelReason: `確認 ${completed.id} の完了により次回の定期確認に置き換え` },
      );
      await this.reminders.closed(manager, open);
    }
    const next = confirmed
      ? nextPeriodicReview(policy, subject.riskTier, today)
      : { kind: 'PERIODIC' as const, dueDate: addDays(today, policy.initialReviewDays), scheduledFrom: today };
    const review = await manager.save(
      manager.create(ReviewEntity, {
        organizationId: actor.organizationId,
        subjectId: subject.id,
        kind: ReviewKind.PERIODIC,
        dueDate: next.dueDate,
        scheduledFrom: next.scheduledFrom,
        status: ReviewStatus.OPEN,
        assigneeId: confirmed ? await this.ownerIfActive(manager, subject) : null,
      }),
    );
    await this.reminders.scheduled(manager, review, today);
  }

  private async ownerIfActive(manager: EntityManager, subject: SubjectEntity): Promise<string | null> {
    if (!subject.ownerId) return null;
    const owner = await manager.findOneBy(UserEntity, { organizationId: subject.organizationId, id: subject.ownerId });
    return owner?.active ? owner.id : null;
  }

  private async assignable(manager: EntityManager, actor: Actor, userId: string): Promise<UserEntity> {
    const user = await scoped(manager, actor).get(UserEntity, userId, '担当者に指定した利用者');
    if (!user.active) throw badField('assigneeId', '無効化された利用者には割り当てられません。');
    return user;
  }
}
