import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { SubjectKind } from '../domain/subject.enums';
import { AppliesWhen } from './applicability';

/**
 * A security clause or measure. Built-in ones (the catalog, loaded by a migration) have no
 * organization; an organization's own ones carry its id and its code as prefix. Codes never change.
 */
@Entity('requirements')
@Index(['organizationId', 'subjectKind'])
export class RequirementEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  code: string;

  @Column({ type: 'uuid', nullable: true })
  organizationId: string | null;

  @Column({ type: 'enum', enum: SubjectKind, enumName: 'subject_kind' })
  subjectKind: SubjectKind;

  @Column({ type: 'varchar', length: 500 })
  titleJa: string;

  @Column({ type: 'varchar', length: 500 })
  titleEn: string;

  @Column({ type: 'jsonb' })
  appliesWhen: AppliesWhen;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  source: string | null;

  @Column({ type: 'boolean' })
  builtIn: boolean;

  /** The catalog order: built-in codes sort by it, an organization's own come after. */
  @Column({ type: 'int' })
  position: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** An organization's choice to deactivate (or reactivate) a requirement, with the reason. */
@Entity('requirement_settings')
export class RequirementSettingEntity {
  @PrimaryColumn({ type: 'uuid' })
  organizationId: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  requirementCode: string;

  @Column({ type: 'boolean' })
  active: boolean;

  @Column({ type: 'varchar', length: 1000 })
  reason: string;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
