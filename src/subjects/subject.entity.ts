import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Relation,
  Unique,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { sameOrganization } from '../database/tenant-reference';
import { OrganizationEntity } from '../organizations/organization.entity';
import { DepartmentEntity } from '../organizations/department.entity';
import { UserEntity } from '../users/user.entity';
import { VendorEntity } from '../vendors/vendor.entity';
import { RiskTier, SubjectKind, SubjectStatus } from '../domain/subject.enums';
import { ComplianceStatus } from '../domain/compliance.enums';

/**
 * What every register entry shares: an outsourcing contract, a cloud service or a social media
 * account (details in one table per kind). Evidence, findings and reviews refer to a subject.
 * Besides the entered columns it keeps what the compliance queries filter on: the derived risk tier,
 * the static compliance status (findings that depend only on stored facts) and the dated thresholds.
 */
@Entity('subjects')
@Unique('UQ_subjects_tenant_key', ['organizationId', 'id'])
@Index(['organizationId', 'status', 'name', 'id'])
@Index(['organizationId', 'kind', 'status', 'staticStatus'])
@Index(['organizationId', 'ownerId'])
@Index(['organizationId', 'departmentId'])
@Index(['organizationId', 'vendorId'])
@Index('IDX_subjects_search', { synchronize: false })
@Check('CHK_subjects_confidentiality', '"confidentiality" BETWEEN 1 AND 3')
@Check('CHK_subjects_integrity', '"integrity" BETWEEN 1 AND 2')
@Check('CHK_subjects_availability', '"availability" BETWEEN 1 AND 2')
export class SubjectEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  organizationId: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'RESTRICT' })
  organization?: Relation<OrganizationEntity>;

  @Column({ type: 'enum', enum: SubjectKind, enumName: 'subject_kind' })
  kind: SubjectKind;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** NFKC-normalised name, vendor name and account name: what `search` matches. */
  @Column({ type: 'text' })
  searchKey: string;

  @Column({ type: 'uuid', nullable: true })
  ownerId: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn(sameOrganization('owner_id'))
  owner?: Relation<UserEntity | null>;

  @Column({ type: 'uuid', nullable: true })
  departmentId: string | null;

  @ManyToOne(() => DepartmentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn(sameOrganization('department_id'))
  department?: Relation<DepartmentEntity | null>;

  /** The contractor or provider (contracts and cloud services). */
  @Column({ type: 'uuid', nullable: true })
  vendorId: string | null;

  @ManyToOne(() => VendorEntity, { onDelete: 'RESTRICT' })
  @JoinColumn(sameOrganization('vendor_id'))
  vendor?: Relation<VendorEntity | null>;

  @Column({ type: 'smallint' })
  confidentiality: number;

  @Column({ type: 'smallint' })
  integrity: number;

  @Column({ type: 'smallint' })
  availability: number;

  @Column({ type: 'enum', enum: RiskTier, enumName: 'risk_tier' })
  riskTier: RiskTier;

  @Column({ type: 'enum', enum: SubjectStatus, enumName: 'subject_status', default: SubjectStatus.ACTIVE })
  status: SubjectStatus;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  archiveReason: string | null;

  /** Compliance from the static findings only; dated findings are added in SQL against today. */
  @Column({ type: 'enum', enum: ComplianceStatus, enumName: 'compliance_status' })
  staticStatus: ComplianceStatus;

  /**
   * How many stored findings of each code (STORED_FINDING_CODES order) the subject has, written with
   * staticStatus by the compliance refresh (SubjectsRepository.setStaticStatuses) and summed by
   * complianceSummary. Never read or written through the entity.
   */
  @Column({ type: 'int', array: true, default: () => "'{}'", select: false, insert: false, update: false })
  staticFindingCounts?: number[];

  /** Dated threshold: a contract's end date (CONTRACT_ENDED holds from the day after). */
  @Column({ type: 'date', nullable: true })
  endsOn: string | null;

  /** Dated threshold: the earliest due date of the subject's OPEN reviews (REVIEW_OVERDUE from the day after). */
  @Column({ type: 'date', nullable: true })
  nextReviewDue: string | null;

  /** A confirmation done before registration (the review calendar starts from it). */
  @Column({ type: 'date', nullable: true })
  lastReviewedOn: string | null;

  @VersionColumn()
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
