import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../auth/actor';
import { conflictOnDuplicate, notFound } from '../common/errors';
import { Database } from '../database/database';
import { scoped } from '../database/tenant-scope';
import { DepartmentEntity } from './department.entity';
import { OrganizationEntity } from './organization.entity';

@Injectable()
export class OrganizationsService {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditService,
  ) {}

  async current(actor: Actor): Promise<OrganizationEntity> {
    const organization = await this.database.manager.findOneBy(OrganizationEntity, { id: actor.organizationId });
    if (!organization) throw notFound('組織');
    return organization;
  }

  departments(actor: Actor): Promise<DepartmentEntity[]> {
    return scoped(this.database.manager, actor).find(DepartmentEntity, {}, { name: 'ASC', id: 'ASC' });
  }

  createDepartment(actor: Actor, name: string): Promise<DepartmentEntity> {
    return this.database.transaction(async (manager) => {
      const department = manager.create(DepartmentEntity, { organizationId: actor.organizationId, name: name.trim() });
      await manager.save(department).catch((error: unknown) => conflictOnDuplicate(error, 'この名前の部署は既に登録されています。'));
      await this.audit.record(manager, actor, {
        action: 'DEPARTMENT_CREATED',
        entityType: 'Department',
        entityId: department.id,
        changes: { name: [null, department.name] },
      });
      return department;
    });
  }
}
