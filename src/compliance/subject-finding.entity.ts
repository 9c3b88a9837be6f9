import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { sameOrganization } from '../database/tenant-reference';
import { SubjectEntity } from '../subjects/subject.entity';

/** The static findings of a subject as last computed: rewritten with every change that affects them. */
@Entity('subject_findings')
@Index(['organizationId', 'code', 'subjectId'])
@Index(['organizationId', 'subjectId'])
export class SubjectFindingEntity {
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
  code: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  requirementCode: string | null;

  @Column({ type: 'varchar', length: 1000 })
  message: string;
}
