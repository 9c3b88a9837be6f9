import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { sameOrganization } from '../database/tenant-reference';
import { NotificationEntity } from './notification.entity';

export enum EmailStatus {
  PENDING = 'PENDING',
  SENT = 'SENT',
  FAILED = 'FAILED',
}

/**
 * The e-mail of a notification, written in the notification's transaction together with its delivery
 * job: a committed notification always has its e-mail and a job to send it, a rolled-back one neither.
 */
@Entity('email_outbox')
@Index(['organizationId', 'status', 'createdAt'])
export class EmailOutboxEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  organizationId: string;

  /** One e-mail per notification. */
  @Column({ type: 'uuid', unique: true })
  notificationId: string;

  @ManyToOne(() => NotificationEntity, { onDelete: 'CASCADE' })
  @JoinColumn(sameOrganization('notification_id'))
  notification?: Relation<NotificationEntity>;

  @Column({ type: 'varchar', length: 254 })
  toAddress: string;

  @Column({ type: 'varchar', length: 500 })
  subject: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'enum', enum: EmailStatus, enumName: 'email_status', default: EmailStatus.PENDING })
  status: EmailStatus;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  lastError: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
