import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { sameOrganization } from '../database/tenant-reference';
import { OrganizationEntity } from '../organizations/organization.entity';
import { UserEntity } from '../users/user.entity';

/** QUEUED → RUNNING → DONE, FAILED or CANCELLED (a RUNNING job goes back to QUEUED when it is retried). */
export type ImportJobPhase = 'QUEUED' | 'RUNNING' | 'DONE' | 'FAILED' | 'CANCELLED';

export const FINISHED_PHASES: readonly ImportJobPhase[] = ['DONE', 'FAILED', 'CANCELLED'];

/**
 * A ledger import too large for one HTTP request, run by a job worker (`LedgerImportWorker`): the
 * uploaded file (kept until the job ends), what was asked, the progress and, once DONE, the answer
 * the synchronous import would have given. Deleted IMPORT_JOB_RETENTION_DAYS after it finished.
 */
@Entity('ledger_imports')
@Index(['organizationId', 'createdAt'])
@Index(['finishedAt'])
export class LedgerImportJobEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  organizationId: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'RESTRICT' })
  organization?: Relation<OrganizationEntity>;

  /** Who posted the file: the import runs as this user, with the roles they hold when it runs. */
  @Column({ type: 'uuid' })
  requestedById: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn(sameOrganization('requested_by_id'))
  requestedBy?: Relation<UserEntity>;

  @Column({ type: 'varchar', length: 32 })
  kind: string;

  @Column({ type: 'boolean' })
  dryRun: boolean;

  @Column({ type: 'varchar', length: 255, nullable: true })
  fileName: string | null;

  /** The uploaded bytes; null once the job has ended. */
  @Column({ type: 'bytea', nullable: true })
  file: Buffer | null;

  @Column({ type: 'varchar', length: 16 })
  phase: ImportJobPhase;

  @Column({ type: 'integer', default: 0 })
  rowsDone: number;

  @Column({ type: 'integer' })
  rowsTotal: number;

  /** DONE: the answer of the import (`ImportAnswer`). */
  @Column({ type: 'jsonb', nullable: true })
  result: object | null;

  /** FAILED: why, in Japanese. */
  @Column({ type: 'varchar', length: 2000, nullable: true })
  failure: string | null;

  /** Runs started (a run cut short by a crash or an error is retried up to a limit). */
  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'timestamptz', precision: 3, default: () => 'clock_timestamp()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  startedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  finishedAt: Date | null;
}
