import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { sameOrganization } from '../database/tenant-reference';
import { VendorEntity } from '../vendors/vendor.entity';
import { CloudUsageType, NetworkSegment, SocialMediaPlatform } from '../domain/subject.enums';
import { SubjectEntity } from './subject.entity';

@Entity('outsourcing_contracts')
@Index(['organizationId', 'contractNumber'], { unique: true })
export class OutsourcingContractEntity {
  @PrimaryColumn({ type: 'uuid' })
  subjectId: string;

  /** One-to-one: `subject_id` is the primary key. Declared many-to-one so that TypeORM adds no second unique key. */
  @ManyToOne(() => SubjectEntity, { onDelete: 'CASCADE' })
  @JoinColumn(sameOrganization('subject_id'))
  subject?: Relation<SubjectEntity>;

  @Column({ type: 'uuid' })
  organizationId: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  contractNumber: string | null;

  @Column({ type: 'date' })
  startDate: string;

  @Column({ type: 'date', nullable: true })
  endDate: string | null;

  @Column({ type: 'enum', enum: NetworkSegment, enumName: 'network_segment' })
  networkSegment: NetworkSegment;

  @Column({ type: 'boolean' })
  handlesPersonalInformation: boolean;

  @Column({ type: 'boolean' })
  handlesMyNumber: boolean;

  @Column({ type: 'boolean' })
  subcontractingAllowed: boolean;

  @Column({ type: 'varchar', length: 500, nullable: true })
  workLocation: string | null;
}

@Entity('contract_subcontractors')
@Index(['organizationId', 'subjectId', 'vendorId'], { unique: true })
@Index(['organizationId', 'vendorId'])
export class ContractSubcontractorEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  organizationId: string;

  @Column({ type: 'uuid' })
  subjectId: string;

  @ManyToOne(() => SubjectEntity, { onDelete: 'CASCADE' })
  @JoinColumn(sameOrganization('subject_id'))
  subject?: Relation<SubjectEntity>;

  @Column({ type: 'uuid' })
  vendorId: string;

  @ManyToOne(() => VendorEntity, { onDelete: 'RESTRICT' })
  @JoinColumn(sameOrganization('vendor_id'))
  vendor?: Relation<VendorEntity>;

  @Column({ type: 'int' })
  position: number;
}

@Entity('cloud_services')
export class CloudServiceEntity {
  @PrimaryColumn({ type: 'uuid' })
  subjectId: string;

  /** One-to-one: `subject_id` is the primary key. Declared many-to-one so that TypeORM adds no second unique key. */
  @ManyToOne(() => SubjectEntity, { onDelete: 'CASCADE' })
  @JoinColumn(sameOrganization('subject_id'))
  subject?: Relation<SubjectEntity>;

  @Column({ type: 'uuid' })
  organizationId: string;

  @Column({ type: 'enum', enum: CloudUsageType, enumName: 'cloud_usage_type' })
  usageType: CloudUsageType;

  @Column({ type: 'varchar', length: 2000 })
  purpose: string;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  serviceUrl: string | null;

  /** ISO 3166-1 alpha-2 codes. */
  @Column({ type: 'varchar', length: 2, array: true, default: () => "'{}'" })
  dataLocations: string[];

  @Column({ type: 'enum', enum: NetworkSegment, enumName: 'network_segment' })
  networkSegment: NetworkSegment;

  @Column({ type: 'boolean' })
  handlesPersonalInformation: boolean;

  @Column({ type: 'boolean' })
  handlesMyNumber: boolean;
}

@Entity('social_media_accounts')
@Index(['organizationId', 'platform', 'accountName'], { unique: true })
export class SocialMediaAccountEntity {
  @PrimaryColumn({ type: 'uuid' })
  subjectId: string;

  /** One-to-one: `subject_id` is the primary key. Declared many-to-one so that TypeORM adds no second unique key. */
  @ManyToOne(() => SubjectEntity, { onDelete: 'CASCADE' })
  @JoinColumn(sameOrganization('subject_id'))
  subject?: Relation<SubjectEntity>;

  @Column({ type: 'uuid' })
  organizationId: string;

  @Column({ type: 'enum', enum: SocialMediaPlatform, enumName: 'social_media_platform' })
  platform: SocialMediaPlatform;

  @Column({ type: 'varchar', length: 200 })
  accountName: string;

  @Column({ type: 'varchar', length: 2000 })
  url: string;

  @Column({ type: 'varchar', length: 2000 })
  purpose: string;

  @Column({ type: 'text', nullable: true })
  postingPolicy: string | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  operatingProcedureUrl: string | null;
}
