import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Append-only: triggers in the migration refuse UPDATE, DELETE and TRUNCATE.
 * organization_id is null only for a failed sign-in that named no existing organization.
 */
@Entity('audit_events')
@Index(['organizationId', 'at', 'id'])
@Index(['organizationId', 'entityId'])
export class AuditEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', nullable: true })
  organizationId: string | null;

  /** Millisecond precision, so that a JavaScript Date in a page cursor holds the exact value. */
  @Column({ type: 'timestamptz', precision: 3, default: () => 'clock_timestamp()' })
  at: Date;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ type: 'varchar', length: 64 })
  entityType: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  entityId: string | null;

  @Column({ type: 'jsonb', nullable: true })
  changes: Record<string, [unknown, unknown]> | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  requestId: string | null;
}
