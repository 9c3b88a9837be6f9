import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Relation,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { sameOrganization } from '../database/tenant-reference';
import { SubjectEntity } from '../subjects/subject.entity';
import { SubjectKind } from '../domain/subject.enums';
import { ReviewAnswerResult, ReviewKind, ReviewOutcome, ReviewStatus } from './review.enums';

export interface StoredReviewAnswer {
  requirementCode: string;
  result: ReviewAnswerResult;
  note: string | null;
}

/** An organization's review cadence; absent means the defaults. */
@Entity('review_policies')
export class ReviewPolicyEntity {
  @PrimaryColumn({ type: 'uuid' })
  organizationId: string;

  @Column({ type: 'smallint' })
  highIntervalMonths: number;

  @Column({ type: 'smallint' })
  mediumIntervalMonths: number;

  @Column({ type: 'smallint' })
  lowIntervalMonths: number;

  @Column({ type: 'smallint' })
  initialReviewDays: number;

  @Column({ type: 'smallint' })
  renewalLeadDays: number;

  @Column({ type: 'smallint', array: true })
  reminderDaysBefore: number[];

  @Column({ type: 'smallint' })
  escalateAfterDays: number;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

@Entity('review_campaigns')
@Unique('UQ_review_campaigns_tenant_key', ['organizationId', 'id'])
@Index(['organizationId', 'createdAt'])
export class ReviewCampaignEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  organizationId: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'enum', enum: SubjectKind, enumName: 'subject_kind', nullable: true })
  subjectKind: SubjectKind | null;

  @Column({ type: 'date' })
  dueDate: string;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/**
 * A confirmation review. Every ACTIVE subject has exactly one OPEN scheduled review (INITIAL or
 * PERIODIC), enforced by a partial unique index, plus RENEWAL, CAMPAIGN and AD_HOC ones.
 */
@Entity('reviews')
@Unique('UQ_reviews_tenant_key', ['organizationId', 'id'])
@Index(['organizationId', 'status', 'dueDate', 'id'])
@Index(['organizationId', 'subjectId', 'status'])
@Index(['organizationId', 'assigneeId', 'status'])
@Index(['organizationId', 'campaignId'])
@Index('UQ_reviews_one_open_scheduled', { synchronize: false })
@Index('UQ_reviews_one_renewal_per_end_date', { synchronize: false })
export class ReviewEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  organizationId: string;

  @Column({ type: 'uuid' })
  subjectId: string;

  @ManyToOne(() => SubjectEntity, { onDelete: 'CASCADE' })
  @JoinColumn(sameOrganization('subject_id'))
  subject?: Relation<SubjectEntity>;

  @Column({ type: 'enum', enum: ReviewKind, enumName: 'review_kind' })
  kind: ReviewKind;

  @Column({ type: 'date' })
  dueDate: string;

  /** For INITIAL and PERIODIC: the date the due date counts from (registration, last review, last completion). */
  @Column({ type: 'date', nullable: true })
  scheduledFrom: string | null;

  @Column({ type: 'enum', enum: ReviewStatus, enumName: 'review_status', default: ReviewStatus.OPEN })
  status: ReviewStatus;

  @Column({ type: 'uuid', nullable: true })
  assigneeId: string | null;

  @Column({ type: 'uuid', nullable: true })
  completedById: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @Column({ type: 'boolean', nullable: true })
  ownerConfirmed: boolean | null;

  @Column({ type: 'enum', enum: ReviewOutcome, enumName: 'review_outcome', nullable: true })
  outcome: ReviewOutcome | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  answers: StoredReviewAnswer[];

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  cancelReason: string | null;

  @Column({ type: 'uuid', nullable: true })
  campaignId: string | null;

  @ManyToOne(() => ReviewCampaignEntity, { onDelete: 'RESTRICT' })
  @JoinColumn(sameOrganization('campaign_id'))
  campaign?: Relation<ReviewCampaignEntity> | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
