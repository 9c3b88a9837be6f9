import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { sameOrganization } from '../database/tenant-reference';
import { OrganizationEntity } from '../organizations/organization.entity';
import { CertificationType } from './certification-type.enum';
import { VendorEntity } from './vendor.entity';

@Entity('vendor_certifications')
@Index(['organizationId', 'vendorId', 'type'])
export class VendorCertificationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  organizationId: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'RESTRICT' })
  organization?: Relation<OrganizationEntity>;

  @Column({ type: 'uuid' })
  vendorId: string;

  @ManyToOne(() => VendorEntity, (vendor) => vendor.certifications, { onDelete: 'CASCADE' })
  @JoinColumn(sameOrganization('vendor_id'))
  vendor?: Relation<VendorEntity>;

  @Column({ type: 'enum', enum: CertificationType, enumName: 'certification_type' })
  type: CertificationType;

  @Column({ type: 'varchar', length: 200, nullable: true })
  identifier: string | null;

  /** Calendar date; read back as a YYYY-MM-DD string (see the date type parser). */
  @Column({ type: 'date', nullable: true })
  validUntil: string | null;

  @Column({ type: 'int' })
  position: number;
}
