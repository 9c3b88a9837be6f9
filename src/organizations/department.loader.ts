import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { Context } from '../common/context';
import { byKeys, LoaderRegistry } from '../common/loaders';
import { DepartmentEntity } from './department.entity';
import { OrganizationsRepository } from './organizations.repository';

/** Departments by id, batched over a page (of users, subjects). */
@Injectable()
export class DepartmentLoader {
  constructor(private readonly organizations: OrganizationsRepository) {}

  load(loaders: LoaderRegistry, ctx: Context, id: string): Promise<DepartmentEntity | null> {
    return loaders
      .get(
        `department:${ctx.organizationId}`,
        () =>
          new DataLoader<string, DepartmentEntity | null>(async (ids) =>
            byKeys(ids, await this.organizations.departmentsByIds(ctx, ids), (row) => row.id),
          ),
      )
      .load(id);
  }
}
