import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation, Unique } from 'typeorm';
import { sameOrganization } from '../database/tenant-reference';
import { SubjectEntity } from '../subjects/subject.entity';
import { UserEntity } from '../users/user.entity';
import { NotificationKind } from './notification-messages';

/**
 * One inbox notification. The unique key (organization, recipient, kind, dedupe key) is what makes a
 * notice exactly-once however many instances and jobs try to write it: the dedupe key names the
 * review or the evidence decision, the due date it was about and, for reminders, how many days before
 * it (see `dedupeKey`).
 */
@Entity('notifications')
@Unique('UQ_notifications_tenant_key', ['organizationId', 'id'])
@Index('UQ_notifications_once', ['organizationId', 'recipientId', 'kind', 'dedupeKey'], { unique: true })
@Index(['organizationId', 'recipientId', 'createdAt', 'id'])
@Index(['organizationId', 'reviewId'])
export class NotificationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  organizationId: string;

  @Column({ type: 'uuid' })
  recipientId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn(sameOrganization('recipient_id'))
  recipient?: Relation<UserEntity>;

  @Column({ type: 'varchar', length: 32 })
  kind: NotificationKind;

  @Column({ type: 'varchar', length: 2000 })
  message: string;

  @Column({ type: 'uuid', nullable: true })
  subjectId: string | null;

  @ManyToOne(() => SubjectEntity, { onDelete: 'CASCADE' })
  @JoinColumn(sameOrganization('subject_id'))
  subject?: Relation<SubjectEntity> | null;

  @Column({ type: 'uuid', nullable: true })
  reviewId: string | null;

  /** Named, not imported: the inbox is generic, and reviews (which write review notices) depend on it, not the reverse. */
  @ManyToOne('ReviewEntity', { onDelete: 'CASCADE' })
  @JoinColumn(sameOrganization('review_id'))
  review?: object | null;

  /** EVIDENCE_DECIDED: the evidence version the decision created. */
  @Column({ type: 'uuid', nullable: true })
  evidenceVersionId: string | null;

  /** Named, not imported, like `review`: compliance (which writes EVIDENCE_DECIDED) depends on the inbox. */
  @ManyToOne('EvidenceVersionEntity', { onDelete: 'CASCADE' })
  @JoinColumn(sameOrganization('evidence_version_id'))
  evidenceVersion?: object | null;

  /** The review's due date the notice was about. */
  @Column({ type: 'date', nullable: true })
  dueDate: string | null;

  @Column({ type: 'varchar', length: 200 })
  dedupeKey: string;

  /** Millisecond precision, so that a JavaScript Date in a page cursor holds the exact value. */
  @Column({ type: 'timestamptz', precision: 3, default: () => 'clock_timestamp()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  readAt: Date | null;
}

/** What tells two notices of one kind to one recipient apart: the review or evidence decision, the due date, the reminder. */
export function dedupeKey(about: {
  reviewId?: string | null;
  evidenceVersionId?: string | null;
  dueDate?: string | null;
  daysBefore?: number | null;
}): string {
  const parts = [about.reviewId ?? about.evidenceVersionId ?? '-', about.dueDate ?? '-'];
  if (about.daysBefore !== undefined && about.daysBefore !== null) parts.push(`${about.daysBefore}d`);
  return parts.join('/');
}
