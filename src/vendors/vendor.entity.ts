import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  Relation,
  Unique,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { OrganizationEntity } from '../organizations/organization.entity';
import { VendorCertificationEntity } from './vendor-certification.entity';

@Entity('vendors')
@Unique('UQ_vendors_tenant_key', ['organizationId', 'id'])
@Index(['organizationId', 'corporateNumber'], { unique: true })
@Index(['organizationId', 'name', 'id'])
// Trigram index for substring search, created by hand in the migration (needs pg_trgm and btree_gin).
@Index('IDX_vendors_search', { synchronize: false })
export class VendorEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  organizationId: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'RESTRICT' })
  organization?: Relation<OrganizationEntity>;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** NFKC-normalised, lower-cased name: what `search` matches against. */
  @Column({ type: 'text' })
  searchKey: string;

  @Column({ type: 'char', length: 13, nullable: true })
  corporateNumber: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  address: string | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  websiteUrl: string | null;

  @OneToMany(() => VendorCertificationEntity, (certification) => certification.vendor)
  certifications?: Relation<VendorCertificationEntity[]>;

  /**
   * The last day on which every certification type still has a valid entry (null: nothing lapses).
   * Kept with every certification change; CERTIFICATION_EXPIRED compares it with today in SQL.
   */
  @Column({ type: 'date', nullable: true })
  certificationsValidThrough: string | null;

  @VersionColumn()
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
