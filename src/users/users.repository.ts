import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { Context } from '../common/context';
import { conflictOnDuplicate } from '../common/errors';
import { DEFAULT_PAGE_SIZE, Page } from '../common/pagination';
import { Role } from '../common/role';
import { Database } from '../database/database';
import { keysetPage } from '../database/keyset-page';
import { isUuid, ROW_LOCK, scoped } from '../database/tenant-scope';
import { UserEntity } from './user.entity';

export type NewUser = Pick<
  UserEntity,
  'email' | 'displayName' | 'passwordHash' | 'roles' | 'departmentId' | 'active' | 'mustChangePassword'
>;

/** What may change on a user row after it is created: its profile, its credentials and its lockout state. */
export type UserChanges = Partial<
  Pick<UserEntity, 'displayName' | 'roles' | 'departmentId' | 'active' | 'passwordHash' | 'mustChangePassword'>
>;

/** The users of an organization, their roles, credentials and sign-in lockout state (columns of the user row). */
@Injectable()
export class UsersRepository {
  constructor(private readonly database: Database) {}

  /** The user, or NOT_FOUND naming `what` for an unknown, malformed or foreign id; `forUpdate` locks the row to the end of the transaction. */
  get(ctx: Context, id: string, what = '利用者', options: { forUpdate?: boolean } = {}): Promise<UserEntity> {
    return scoped(this.database.manager(ctx), ctx).get(UserEntity, id, what, options.forUpdate ?? false);
  }

  /** The user, or null; `forUpdate` locks the row to the end of the transaction. */
  async find(ctx: Context, id: string, options: { forUpdate?: boolean } = {}): Promise<UserEntity | null> {
    if (!isUuid(id)) return null;
    return this.database.manager(ctx).findOne(UserEntity, {
      where: { id, organizationId: ctx.organizationId },
      ...(options.forUpdate ? { lock: ROW_LOCK } : {}),
    });
  }

  /** The user signing in with this e-mail address (stored lower-cased: the caller normalises it). */
  byEmail(ctx: Context, email: string): Promise<UserEntity | null> {
    return this.database.manager(ctx).findOneBy(UserEntity, { organizationId: ctx.organizationId, email });
  }

  /** The users among `ids`, in no particular order (a loader orders them). */
  async byIds(ctx: Context, ids: readonly string[]): Promise<UserEntity[]> {
    const valid = ids.filter(isUuid);
    if (valid.length === 0) return [];
    return scoped(this.database.manager(ctx), ctx).find(UserEntity, { id: In(valid) });
  }

  /** Every user of the organization (spreadsheets name owners and assignees; an import finds them by e-mail). */
  all(ctx: Context): Promise<UserEntity[]> {
    return scoped(this.database.manager(ctx), ctx).find(UserEntity);
  }

  /** Users by e-mail then id. */
  page(ctx: Context, first = DEFAULT_PAGE_SIZE, after?: string): Promise<Page<UserEntity>> {
    return keysetPage(
      scoped(this.database.manager(ctx), ctx).select(UserEntity, 'u'),
      {
        columns: [
          { sql: 'u.email', kind: 'text', of: (user) => user.email },
          { sql: 'u.id', kind: 'uuid', of: (user) => user.id },
        ],
        direction: 'ASC',
      },
      first,
      after,
    );
  }

  /** Which of `ids` are active users: an owner who is not has left, and their subjects show OWNER_MISSING. */
  async activeIds(ctx: Context, ids: readonly string[]): Promise<string[]> {
    const valid = ids.filter(isUuid);
    if (valid.length === 0) return [];
    const rows = await this.database.manager(ctx).find(UserEntity, {
      select: { id: true },
      where: { organizationId: ctx.organizationId, id: In(valid), active: true },
    });
    return rows.map((row) => row.id);
  }

  /** Every active SECURITY_OFFICER of the organization, by id. */
  async securityOfficerIds(ctx: Context): Promise<string[]> {
    const rows = await scoped(this.database.manager(ctx), ctx)
      .select(UserEntity, 'u')
      .select('u.id', 'id')
      .andWhere('u.active AND :officer = ANY(u.roles)', { officer: Role.SECURITY_OFFICER })
      .orderBy('u.id')
      .getRawMany<{ id: string }>();
    return rows.map((row) => row.id);
  }

  /** The active users holding ADMIN. */
  activeAdminCount(ctx: Context): Promise<number> {
    return scoped(this.database.manager(ctx), ctx)
      .select(UserEntity, 'u')
      .andWhere('u.active AND :admin = ANY(u.roles)', { admin: Role.ADMIN })
      .getCount();
  }

  /** Adds a user to the context's organization; a second user with the same e-mail address is CONFLICT with `duplicateMessage`. */
  async insert(ctx: Context, fields: NewUser, duplicateMessage: string): Promise<UserEntity> {
    const manager = this.database.manager(ctx);
    const user = manager.create(UserEntity, { ...fields, organizationId: ctx.organizationId });
    await manager.save(user).catch((error: unknown) => conflictOnDuplicate(error, duplicateMessage));
    return user;
  }

  async update(ctx: Context, id: string, changes: UserChanges): Promise<void> {
    if (Object.keys(changes).length === 0) return;
    await this.database.manager(ctx).update(UserEntity, { id, organizationId: ctx.organizationId }, changes);
  }
}
