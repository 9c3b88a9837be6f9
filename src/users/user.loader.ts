import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { In } from 'typeorm';
import { byKeys, LoaderRegistry } from '../common/loaders';
import { Database } from '../database/database';
import { scoped } from '../database/tenant-scope';
import { UserEntity } from './user.entity';

@Injectable()
export class UserLoader {
  constructor(private readonly database: Database) {}

  load(loaders: LoaderRegistry, organizationId: string, id: string): Promise<UserEntity | null> {
    return loaders
      .get(
        `user:${organizationId}`,
        () =>
          new DataLoader<string, UserEntity | null>(async (ids) => {
            const rows = await scoped(this.database.manager, { organizationId }).find(UserEntity, { id: In([...ids]) });
            return byKeys(ids, rows, (row) => row.id);
          }),
      )
      .load(id);
  }
}
