import { AuditEventEntity } from '../audit/audit-event.entity';
import { SessionEntity } from '../auth/session.entity';
import { DepartmentEntity } from '../organizations/department.entity';
import { OrganizationEntity } from '../organizations/organization.entity';
import { UserEntity } from '../users/user.entity';
import { VendorCertificationEntity } from '../vendors/vendor-certification.entity';
import { VendorEntity } from '../vendors/vendor.entity';

export const ENTITIES = [
  OrganizationEntity,
  DepartmentEntity,
  UserEntity,
  SessionEntity,
  VendorEntity,
  VendorCertificationEntity,
  AuditEventEntity,
];
