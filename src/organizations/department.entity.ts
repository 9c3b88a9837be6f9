import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn, Relation, Unique } from 'typeorm';
import { OrganizationEntity } from './organization.entity';

@Entity('departments')
@Unique('UQ_departments_tenant_key', ['organizationId', 'id'])
@Index(['organizationId', 'name'], { unique: true })
export class DepartmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  organizationId: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'RESTRICT' })
  organization?: Relation<OrganizationEntity>;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
