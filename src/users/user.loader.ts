import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { Context } from '../common/context';
import { byKeys, LoaderRegistry } from '../common/loaders';
import { UserEntity } from './user.entity';
import { UsersRepository } from './users.repository';

/** Users by id, batched over a page (owners, assignees, audit actors). */
@Injectable()
export class UserLoader {
  constructor(private readonly users: UsersRepository) {}

  load(loaders: LoaderRegistry, ctx: Context, id: string): Promise<UserEntity | null> {
    return loaders
      .get(
        `user:${ctx.organizationId}`,
        () => new DataLoader<string, UserEntity | null>(async (ids) => byKeys(ids, await this.users.byIds(ctx, ids), (row) => row.id)),
      )
      .load(id);
  }
}
