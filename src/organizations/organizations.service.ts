import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditService } from '../audit/audit.service';
import { Context } from '../common/context';
import { Database } from '../database/database';
import { DepartmentEntity } from './department.entity';
import { OrganizationEntity } from './organization.entity';
import { OrganizationsRepository } from './organizations.repository';

export const ORGANIZATION_CODE = /^[a-z0-9][a-z0-9-]{1,31}$/;
export const DEFAULT_TIME_ZONE = 'Asia/Tokyo';

/**
 * The system context of an organization about to be provisioned: its id is chosen now, so that a
 * caller can open the transaction first and go on writing in it after `provision` (the demo seed).
 */
export function newOrganizationContext(timeZone = DEFAULT_TIME_ZONE): Context {
  return Context.system({ id: randomUUID(), timeZone });
}

@Injectable()
export class OrganizationsService {
  constructor(
    private readonly database: Database,
    private readonly organizations: OrganizationsRepository,
    private readonly audit: AuditService,
  ) {}

  current(ctx: Context): Promise<OrganizationEntity> {
    return this.organizations.get(ctx);
  }

  departments(ctx: Context): Promise<DepartmentEntity[]> {
    return this.organizations.departments(ctx);
  }

  createDepartment(ctx: Context, name: string): Promise<DepartmentEntity> {
    return this.database.transaction(ctx, async (ctx) => {
      const department = await this.organizations.insertDepartment(ctx, name.trim(), 'この名前の部署は既に登録されています。');
      await this.audit.record(ctx, {
        action: 'DEPARTMENT_CREATED',
        entityType: 'Department',
        entityId: department.id,
        changes: { name: [null, department.name] },
      });
      return department;
    });
  }
}
