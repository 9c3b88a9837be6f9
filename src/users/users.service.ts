import { Injectable } from '@nestjs/common';
import { AuditService, diff } from '../audit/audit.service';
import { hashPassword, passwordProblem } from './passwords';
import { Context } from '../common/context';
import { badField, conflict } from '../common/errors';
import { DEFAULT_PAGE_SIZE, Page } from '../common/pagination';
import { Database } from '../database/database';
import { OrganizationsRepository } from '../organizations/organizations.repository';
import { CreateUserInput, UpdateUserInput } from './dto/user.inputs';
import { UserHooks } from './user-hooks';
import { UserEntity } from './user.entity';
import { UserChanges, UsersRepository } from './users.repository';

const AUDITED_FIELDS = ['email', 'displayName', 'roles', 'departmentId', 'active', 'mustChangePassword'] as const;

@Injectable()
export class UsersService {
  constructor(
    private readonly database: Database,
    private readonly users: UsersRepository,
    private readonly organizations: OrganizationsRepository,
    private readonly audit: AuditService,
    private readonly hooks: UserHooks,
  ) {}

  me(ctx: Context): Promise<UserEntity> {
    return this.users.get(ctx, ctx.caller.userId);
  }

  get(ctx: Context, id: string): Promise<UserEntity> {
    return this.users.get(ctx, id);
  }

  /** Users by e-mail then id. */
  list(ctx: Context, first = DEFAULT_PAGE_SIZE, after?: string): Promise<Page<UserEntity>> {
    return this.users.page(ctx, first, after);
  }

  async create(ctx: Context, input: CreateUserInput): Promise<UserEntity> {
    const organization = await this.organizations.get(ctx);
    const problem = passwordProblem(input.password, { email: input.email, organizationCode: organization.code });
    if (problem) throw badField('password', problem);
    const passwordHash = await hashPassword(input.password);
    return this.database.transaction(ctx, async (ctx) => {
      if (input.departmentId) await this.organizations.department(ctx, input.departmentId);
      const user = await this.users.insert(
        ctx,
        {
          email: input.email.trim().toLowerCase(),
          displayName: input.displayName.trim(),
          passwordHash,
          roles: unique(input.roles),
          departmentId: input.departmentId ?? null,
          active: true,
          mustChangePassword: false,
        },
        'このメールアドレスの利用者は既に登録されています。',
      );
      await this.audit.record(ctx, {
        action: 'USER_CREATED',
        entityType: 'User',
        entityId: user.id,
        changes: diff(null, { ...user }, AUDITED_FIELDS),
      });
      return user;
    });
  }

  async update(ctx: Context, id: string, input: UpdateUserInput): Promise<UserEntity> {
    return this.database.transaction(ctx, async (ctx) => {
      // One role or activity change per organization at a time: without it, two admins demoting
      // each other at once both see the other still ADMIN and the organization is left with none.
      await this.organizations.lock(ctx);
      const user = await this.users.get(ctx, id, '利用者', { forUpdate: true });
      const before = { ...user };
      const changes: UserChanges = {};
      // null leaves a field that cannot be empty as it is, as the other updates do; only a department can be removed.
      if (input.displayName != null) changes.displayName = input.displayName.trim();
      if (input.roles != null) changes.roles = unique(input.roles);
      if (input.departmentId !== undefined) {
        if (input.departmentId !== null) await this.organizations.department(ctx, input.departmentId);
        changes.departmentId = input.departmentId;
      }
      if (input.active != null) changes.active = input.active;
      Object.assign(user, changes);
      if (ctx.userId === user.id && !user.active) throw badField('active', '自分自身を無効にすることはできません。');
      await this.users.update(ctx, user.id, changes);
      await this.assertAnActiveAdminRemains(ctx);
      if (before.active !== user.active) await this.hooks.activityChanged.run(ctx, user.id, user.active);
      const audited = diff(before, { ...user }, AUDITED_FIELDS);
      if (Object.keys(audited).length > 0) {
        await this.audit.record(ctx, {
          action: before.active && !user.active ? 'USER_DEACTIVATED' : !before.active && user.active ? 'USER_REACTIVATED' : 'USER_UPDATED',
          entityType: 'User',
          entityId: user.id,
          changes: audited,
        });
      }
      return user;
    });
  }

  /** An organization must keep one active ADMIN, or nobody could manage it. */
  private async assertAnActiveAdminRemains(ctx: Context): Promise<void> {
    if ((await this.users.activeAdminCount(ctx)) === 0) {
      throw conflict('有効な管理者（ADMIN）が一人もいなくなるため、この変更はできません。');
    }
  }
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
