import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { In } from 'typeorm';
import { byKeys, LoaderRegistry } from '../common/loaders';
import { Database } from '../database/database';
import { scoped } from '../database/tenant-scope';
import { DepartmentEntity } from './department.entity';

@Injectable()
export class DepartmentLoader {
  constructor(private readonly database: Database) {}

  load(loaders: LoaderRegistry, organizationId: string, id: string): Promise<DepartmentEntity | null> {
    return loaders
      .get(
        `department:${organizationId}`,
        () =>
          new DataLoader<string, DepartmentEntity | null>(async (ids) => {
            const rows = await scoped(this.database.manager, { organizationId }).find(DepartmentEntity, { id: In([...ids]) });
            return byKeys(ids, rows, (row) => row.id);
          }),
      )
      .load(id);
  }
}
