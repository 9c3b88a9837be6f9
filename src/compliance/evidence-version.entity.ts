import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation, Unique } from 'typeorm';
import { sameOrganization } from '../database/tenant-reference';
import { SubjectEntity } from '../subjects/subject.entity';
import { EvidenceState } from '../domain/compliance.enums';

/**
 * One version of a requirement's evidence for a subject. Every action (record, waiver request,
 * decision, a review's ISSUE_FOUND) appends a version carrying the whole state; the newest is current.
 */
@Entity('evidence_versions')
@Unique('UQ_evidence_versions_tenant_key', ['organizationId', 'id'])
@Index(['organizationId', 'subjectId', 'requirementCode', 'version'], { unique: true })
// The longest history in an organization is its highest version: one index probe for the cost of `history` lists.
@Index(['organizationId', 'version'])
export class EvidenceVersionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  organizationId: string;

  @Column({ type: 'uuid' })
  subjectId: string;

  @ManyToOne(() => SubjectEntity, { onDelete: 'CASCADE' })
  @JoinColumn(sameOrganization('subject_id'))
  subject?: Relation<SubjectEntity>;

  @Column({ type: 'varchar', length: 64 })
  requirementCode: string;

  @Column({ type: 'int' })
  version: number;

  @Column({ type: 'enum', enum: EvidenceState, enumName: 'evidence_state' })
  state: EvidenceState;

  @Column({ type: 'varchar', length: 500, nullable: true })
  reference: string | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  documentUrl: string | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'text', nullable: true })
  justification: string | null;

  @Column({ type: 'uuid', nullable: true })
  recordedById: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  recordedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  decidedById: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  decisionComment: string | null;
}
