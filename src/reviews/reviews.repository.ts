import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { In } from 'typeorm';
import { Context } from '../common/context';
import { badField } from '../common/errors';
import { DEFAULT_PAGE_SIZE, Page } from '../common/pagination';
import { Database } from '../database/database';
import { keysetPage } from '../database/keyset-page';
import { isUuid, ROW_LOCK, scoped } from '../database/tenant-scope';
import { DEFAULT_REVIEW_POLICY, ReviewPolicyValues } from './review-calendar';
import { ReviewCampaignEntity, ReviewEntity, ReviewPolicyEntity } from './review.entity';
import { ReviewKind, ReviewStatus } from './review.enums';

/** The kinds that make up a subject's one scheduled review. */
export const SCHEDULED_KINDS = [ReviewKind.INITIAL, ReviewKind.PERIODIC];

const REVIEW = '確認（レビュー）';

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

/** A new review's own columns; the repository adds the organization. */
export type NewReview = Pick<ReviewEntity, 'subjectId' | 'kind' | 'dueDate' | 'status' | 'assigneeId'> &
  Partial<Pick<ReviewEntity, 'scheduledFrom' | 'comment' | 'campaignId'>>;

/** Which OPEN reviews to move to another assignee. */
export interface OpenReviewSelection {
  subjectIds?: string[];
  fromAssignee?: string | null;
  includeUnassigned?: boolean;
  onlyUnassigned?: boolean;
}

/** An ACTIVE contract whose RENEWAL review is due to open: its window has opened and no review exists for its end date. */
export interface RenewalCandidate {
  subjectId: string;
  endDate: string;
  /** The owner, when active: the assignee of the new review. */
  ownerId: string | null;
}

export interface CampaignCounts {
  total: number;
  completed: number;
  overdue: number;
}

/** Reviews, review campaigns and the organization's review policy, each query filtered on the context's organization. */
@Injectable()
export class ReviewsRepository {
  constructor(private readonly database: Database) {}

  /** One review, or NOT_FOUND; `forUpdate` locks it to the end of the transaction. */
  get(ctx: Context, id: string, forUpdate = false): Promise<ReviewEntity> {
    return scoped(this.database.manager(ctx), ctx).get(ReviewEntity, id, REVIEW, forUpdate);
  }

  /** One review under a shared lock (a completion in progress is waited for and seen), or null. */
  lockShared(ctx: Context, id: string): Promise<ReviewEntity | null> {
    return this.database.manager(ctx).findOne(ReviewEntity, {
      where: { organizationId: ctx.organizationId, id },
      lock: { mode: 'pessimistic_read' },
    });
  }

  /** The reviews of the given ids that exist in the organization, in no particular order. */
  byIds(ctx: Context, ids: readonly string[]): Promise<ReviewEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.database.manager(ctx).findBy(ReviewEntity, { organizationId: ctx.organizationId, id: In([...ids]) });
  }

  /** The reviews of the given subjects, by due date then id. */
  ofSubjects(ctx: Context, subjectIds: readonly string[]): Promise<ReviewEntity[]> {
    if (subjectIds.length === 0) return Promise.resolve([]);
    return this.database.manager(ctx).find(ReviewEntity, {
      where: { organizationId: ctx.organizationId, subjectId: In([...subjectIds]) },
      order: { dueDate: 'ASC', id: 'ASC' },
    });
  }

  /** Reviews by due date then id, filtered; overdue as of the organization's today. */
  page(ctx: Context, filter: ReviewFilterValues = {}, first = DEFAULT_PAGE_SIZE, after?: string): Promise<Page<ReviewEntity>> {
    const query = scoped(this.database.manager(ctx), ctx).select(ReviewEntity, 'r');
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
    if (filter.mine) query.andWhere('r.assignee_id = :me', { me: ctx.userId });
    if (filter.unassigned !== undefined && filter.unassigned !== null) {
      // "No active assignee": nobody, or a user deactivated since.
      const noActive = `(r.assignee_id IS NULL OR NOT EXISTS (SELECT 1 FROM users u WHERE u.id = r.assignee_id AND u.active))`;
      query.andWhere(filter.unassigned ? noActive : `NOT ${noActive}`);
    }
    if (filter.status) query.andWhere('r.status = :status', { status: filter.status });
    if (filter.overdue !== undefined && filter.overdue !== null) {
      query.andWhere(filter.overdue ? `(r.status = 'OPEN' AND r.due_date < :today)` : `NOT (r.status = 'OPEN' AND r.due_date < :today)`, {
        today: ctx.today(),
      });
    }
    if (filter.dueBefore) query.andWhere('r.due_date < :dueBefore', { dueBefore: filter.dueBefore });
    return keysetPage(
      query,
      {
        columns: [
          { sql: 'r.due_date', kind: 'date', of: (r) => r.dueDate },
          { sql: 'r.id', kind: 'uuid', of: (r) => r.id },
        ],
        direction: 'ASC',
      },
      first,
      after,
    );
  }

  /** The subject's OPEN scheduled review (INITIAL or PERIODIC), locked to the end of the transaction. */
  openScheduled(ctx: Context, subjectId: string): Promise<ReviewEntity | null> {
    return this.database.manager(ctx).findOne(ReviewEntity, {
      where: { organizationId: ctx.organizationId, subjectId, status: ReviewStatus.OPEN, kind: In(SCHEDULED_KINDS) },
      lock: ROW_LOCK,
    });
  }

  /** Every OPEN scheduled review that counts from a date: what a policy change can bring forward. */
  openScheduledWithStart(ctx: Context): Promise<ReviewEntity[]> {
    return this.database
      .manager(ctx)
      .createQueryBuilder(ReviewEntity, 'r')
      .where(
        `r.organization_id = :organizationId AND r.status = 'OPEN' AND r.kind IN ('INITIAL', 'PERIODIC') AND r.scheduled_from IS NOT NULL`,
        {
          organizationId: ctx.organizationId,
        },
      )
      .getMany();
  }

  /** Every OPEN review of the organization. */
  allOpen(ctx: Context): Promise<ReviewEntity[]> {
    return this.database.manager(ctx).findBy(ReviewEntity, { organizationId: ctx.organizationId, status: ReviewStatus.OPEN });
  }

  /** The subject's OPEN reviews of the given kinds. */
  openOfSubject(ctx: Context, subjectId: string, kinds: readonly ReviewKind[]): Promise<ReviewEntity[]> {
    return this.database.manager(ctx).find(ReviewEntity, {
      where: { organizationId: ctx.organizationId, subjectId, status: ReviewStatus.OPEN, kind: In([...kinds]) },
    });
  }

  /** OPEN reviews by subject and assignee: those a reassignment moves. */
  openSelected(ctx: Context, which: OpenReviewSelection): Promise<ReviewEntity[]> {
    const query = this.database
      .manager(ctx)
      .createQueryBuilder(ReviewEntity, 'r')
      .where('r.organization_id = :organizationId AND r.status = :open', { organizationId: ctx.organizationId, open: ReviewStatus.OPEN });
    if (which.subjectIds) query.andWhere('r.subject_id IN (:...subjectIds)', { subjectIds: which.subjectIds });
    if (which.onlyUnassigned) query.andWhere('r.assignee_id IS NULL');
    else if (which.fromAssignee !== undefined && which.fromAssignee !== null) {
      query.andWhere(which.includeUnassigned ? '(r.assignee_id = :from OR r.assignee_id IS NULL)' : 'r.assignee_id = :from', {
        from: which.fromAssignee,
      });
    }
    return query.getMany();
  }

  async insert(ctx: Context, review: NewReview): Promise<ReviewEntity> {
    const manager = this.database.manager(ctx);
    return manager.save(manager.create(ReviewEntity, { ...review, organizationId: ctx.organizationId }));
  }

  /** Many new reviews in one statement; returns them as stored. */
  async insertMany(ctx: Context, reviews: readonly NewReview[]): Promise<ReviewEntity[]> {
    if (reviews.length === 0) return [];
    const manager = this.database.manager(ctx);
    const inserted = await manager
      .createQueryBuilder()
      .insert()
      .into(ReviewEntity)
      .values(reviews.map((review) => ({ ...review, organizationId: ctx.organizationId })))
      .returning('*')
      .execute();
    return manager.findBy(ReviewEntity, {
      organizationId: ctx.organizationId,
      id: In((inserted.identifiers as { id: string }[]).map((i) => i.id)),
    });
  }

  /**
   * Many new reviews (of new subjects, of contracts coming up for renewal) in one statement, each
   * column sent as one array; returns them as the entities they now are, ids included (no read back).
   */
  async insertEach(ctx: Context, reviews: readonly NewReview[]): Promise<ReviewEntity[]> {
    if (reviews.length === 0) return [];
    const manager = this.database.manager(ctx);
    const organizationId = ctx.organizationId;
    const entities = reviews.map((review) =>
      manager.create(ReviewEntity, {
        ...review,
        id: randomUUID(),
        organizationId,
        scheduledFrom: review.scheduledFrom ?? null,
        comment: review.comment ?? null,
        campaignId: review.campaignId ?? null,
        completedById: null,
        completedAt: null,
        ownerConfirmed: null,
        outcome: null,
        cancelReason: null,
        answers: [],
      }),
    );
    const column = <T>(of: (review: ReviewEntity) => T): T[] => entities.map(of);
    const [{ now }] = await manager.query<{ now: Date }[]>(
      `WITH inserted AS (
         INSERT INTO reviews (id, organization_id, subject_id, kind, due_date, scheduled_from, status, assignee_id, comment, campaign_id)
         SELECT u.id, $1, u.subject_id, u.kind::review_kind, u.due_date, u.scheduled_from, u.status::review_status, u.assignee_id, u.comment,
                u.campaign_id
           FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::date[], $6::date[], $7::text[], $8::uuid[], $9::text[], $10::uuid[])
             AS u(id, subject_id, kind, due_date, scheduled_from, status, assignee_id, comment, campaign_id)
         RETURNING 1)
       SELECT now() AS now, (SELECT count(*) FROM inserted) AS count`,
      [
        organizationId,
        column((r) => r.id),
        column((r) => r.subjectId),
        column((r) => r.kind),
        column((r) => r.dueDate),
        column((r) => r.scheduledFrom),
        column((r) => r.status),
        column((r) => r.assigneeId),
        column((r) => r.comment),
        column((r) => r.campaignId),
      ],
    );
    for (const entity of entities) entity.createdAt = entity.updatedAt = now;
    return entities;
  }

  /** Writes a review's columns (a completion). */
  async save(ctx: Context, review: ReviewEntity): Promise<void> {
    if (review.organizationId !== ctx.organizationId) throw new Error('a review is saved in its own organization');
    await this.database.manager(ctx).save(review);
  }

  async setDueDate(ctx: Context, id: string, dueDate: string): Promise<void> {
    await this.database.manager(ctx).update(ReviewEntity, { id, organizationId: ctx.organizationId }, { dueDate });
  }

  async setAssignee(ctx: Context, ids: readonly string[], assigneeId: string | null): Promise<void> {
    if (ids.length === 0) return;
    await this.database.manager(ctx).update(ReviewEntity, { organizationId: ctx.organizationId, id: In([...ids]) }, { assigneeId });
  }

  /** The subject's OPEN reviews lose their assignee (the owner gave the subject up). */
  async unassignOpenOfSubject(ctx: Context, subjectId: string): Promise<void> {
    await this.database
      .manager(ctx)
      .update(ReviewEntity, { organizationId: ctx.organizationId, subjectId, status: ReviewStatus.OPEN }, { assigneeId: null });
  }

  async cancel(ctx: Context, ids: readonly string[], reason: string): Promise<void> {
    if (ids.length === 0) return;
    await this.database
      .manager(ctx)
      .update(
        ReviewEntity,
        { organizationId: ctx.organizationId, id: In([...ids]) },
        { status: ReviewStatus.CANCELLED, cancelReason: reason },
      );
  }

  /** When each subject's latest completed review was completed (subjects without one are absent). */
  async lastCompletedAt(ctx: Context, subjectIds: readonly string[]): Promise<Map<string, Date>> {
    if (subjectIds.length === 0) return new Map();
    const rows = await this.database
      .manager(ctx)
      .createQueryBuilder(ReviewEntity, 'r')
      .select('r.subject_id', 'subjectId')
      .addSelect('max(r.completed_at)', 'completedAt')
      .where('r.organization_id = :organizationId', { organizationId: ctx.organizationId })
      .andWhere('r.subject_id IN (:...ids)', { ids: [...subjectIds] })
      .andWhere('r.status = :status', { status: ReviewStatus.COMPLETED })
      .groupBy('r.subject_id')
      .getRawMany<{ subjectId: string; completedAt: Date }>();
    return new Map(rows.map((row) => [row.subjectId, new Date(row.completedAt)]));
  }

  /** The earliest due date of each subject's OPEN reviews; a subject without one is absent. */
  async earliestOpenDue(ctx: Context, subjectIds: readonly string[]): Promise<Map<string, string>> {
    if (subjectIds.length === 0) return new Map();
    const rows = await this.database.manager(ctx).query<{ subject_id: string; due: string }[]>(
      `SELECT subject_id, to_char(MIN(due_date), 'YYYY-MM-DD') AS due FROM reviews
        WHERE organization_id = $1 AND subject_id = ANY($2::uuid[]) AND status = 'OPEN'
        GROUP BY subject_id`,
      [ctx.organizationId, [...new Set(subjectIds)]],
    );
    return new Map(rows.map((row) => [row.subject_id, row.due]));
  }

  /**
   * The ACTIVE contracts whose RENEWAL window (`leadDays` before the end date) has opened by `today`
   * and that have no RENEWAL review for their end date yet. One statement over contracts, subjects,
   * users and reviews, on purpose: it runs on every contract write in a window (a ledger import makes
   * thousands), and only the few still missing their review may come back.
   */
  async renewalCandidates(ctx: Context, leadDays: number, today: string): Promise<RenewalCandidate[]> {
    const rows = await this.database.manager(ctx).query<{ subject_id: string; end_date: string; owner_id: string | null }[]>(
      `SELECT c.subject_id, c.end_date, CASE WHEN u.active THEN s.owner_id END AS owner_id
         FROM outsourcing_contracts c
         JOIN subjects s ON s.id = c.subject_id AND s.organization_id = c.organization_id
         LEFT JOIN users u ON u.id = s.owner_id
        WHERE c.organization_id = $1 AND s.status = 'ACTIVE' AND c.end_date IS NOT NULL
          AND c.end_date - $2::int <= $3::date
          AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.organization_id = c.organization_id AND r.subject_id = c.subject_id
                            AND r.kind = 'RENEWAL' AND r.due_date = c.end_date)`,
      [ctx.organizationId, leadDays, today],
    );
    return rows.map((row) => ({ subjectId: row.subject_id, endDate: row.end_date, ownerId: row.owner_id }));
  }

  /** The organization's review policy; the defaults when it has none. */
  async policy(ctx: Context): Promise<ReviewPolicyValues> {
    const stored = await this.database.manager(ctx).findOneBy(ReviewPolicyEntity, { organizationId: ctx.organizationId });
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

  async savePolicy(ctx: Context, values: ReviewPolicyValues): Promise<void> {
    await this.database.manager(ctx).upsert(ReviewPolicyEntity, { organizationId: ctx.organizationId, ...values }, ['organizationId']);
  }

  async insertCampaign(
    ctx: Context,
    campaign: Pick<ReviewCampaignEntity, 'name' | 'subjectKind' | 'dueDate' | 'createdById'>,
  ): Promise<ReviewCampaignEntity> {
    const manager = this.database.manager(ctx);
    return manager.save(manager.create(ReviewCampaignEntity, { ...campaign, organizationId: ctx.organizationId }));
  }

  /** Every campaign, newest first. */
  campaigns(ctx: Context): Promise<ReviewCampaignEntity[]> {
    return scoped(this.database.manager(ctx), ctx).find(ReviewCampaignEntity, {}, { createdAt: 'DESC', id: 'DESC' });
  }

  campaignsByIds(ctx: Context, ids: readonly string[]): Promise<ReviewCampaignEntity[]> {
    return scoped(this.database.manager(ctx), ctx).find(ReviewCampaignEntity, { id: In([...ids]) });
  }

  /** Each campaign's reviews: all, completed, and OPEN past their due date on `today`. */
  async campaignCounts(ctx: Context, campaignIds: readonly string[], today: string): Promise<Map<string, CampaignCounts>> {
    const rows = await this.database.manager(ctx).query<{ campaign_id: string; total: number; completed: number; overdue: number }[]>(
      `SELECT campaign_id, count(*)::int AS total,
              count(*) FILTER (WHERE status = 'COMPLETED')::int AS completed,
              count(*) FILTER (WHERE status = 'OPEN' AND due_date < $3::date)::int AS overdue
         FROM reviews WHERE organization_id = $1 AND campaign_id = ANY($2::uuid[]) GROUP BY campaign_id`,
      [ctx.organizationId, [...campaignIds], today],
    );
    return new Map(rows.map((row) => [row.campaign_id, { total: row.total, completed: row.completed, overdue: row.overdue }]));
  }
}
