import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService, diff } from '../audit/audit.service';
import { Actor } from '../auth/actor';
import { AuthService } from '../auth/auth.service';
import { generatePassword, hashPassword, passwordProblem, verifyPassword } from '../auth/passwords';
import { Role } from '../auth/role.enum';
import { badField, conflict, conflictOnDuplicate } from '../common/errors';
import { decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor, Page, countRows } from '../common/pagination';
import { ComplianceService } from '../compliance/compliance.service';
import { todayIn } from '../common/calendar';
import { ReviewScheduler } from '../reviews/review-scheduler';
import { Database } from '../database/database';
import { SubjectEntity } from '../subjects/subject.entity';
import { scoped } from '../database/tenant-scope';
import { DepartmentEntity } from '../organizations/department.entity';
import { OrganizationEntity } from '../organizations/organization.entity';
import { ChangePasswordInput, CreateUserInput, UpdateUserInput } from './dto/user.inputs';
import { UserEntity } from './user.entity';

const AUDITED_FIELDS = ['email', 'displayName', 'roles', 'departmentId', 'active', 'mustChangePassword'] as const;

@Injectable()
export class UsersService {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditService,
    private readonly auth: AuthService,
    private readonly compliance: ComplianceService,
    private readonly reviews: ReviewScheduler,
  ) {}

  me(actor: Actor): Promise<UserEntity> {
    return scoped(this.database.manager, actor).get(UserEntity, actor.userId, '利用者');
  }

  get(actor: Actor, id: string): Promise<UserEntity> {
    return scoped(this.database.manager, actor).get(UserEntity, id, '利用者');
  }

  /** Users by e-mail then id. */
  async list(actor: Actor, first = DEFAULT_PAGE_SIZE, after?: string): Promise<Page<UserEntity>> {
    const scope = scoped(this.database.manager, actor);
    const query = scope.select(UserEntity, 'u');
    // Cloned now: the keyset condition added below must not narrow the count.
    const counting = query.clone();
    const totalCount = (): Promise<number> => countRows(counting);
    if (after) {
      const [email, id] = decodeCursor(after, ['text', 'uuid']);
      query.andWhere('(u.email, u.id) > (:email, :id)', { email, id });
    }
    const rows = await query
      .orderBy('u.email', 'ASC')
      .addOrderBy('u.id', 'ASC')
      .limit(first + 1)
      .getMany();
    return {
      nodes: rows.slice(0, first),
      totalCount,
      hasNextPage: rows.length > first,
      cursorOf: (user) => encodeCursor([user.email, user.id]),
    };
  }

  async create(actor: Actor, input: CreateUserInput): Promise<UserEntity> {
    const passwordHash = await hashPassword(input.password);
    return this.database.transaction(async (manager) => {
      const scope = scoped(manager, actor);
      if (input.departmentId) await scope.get(DepartmentEntity, input.departmentId, '部署');
      const user = manager.create(UserEntity, {
        organizationId: actor.organizationId,
        email: input.email.trim().toLowerCase(),
        displayName: input.displayName.trim(),
        passwordHash,
        roles: unique(input.roles),
        departmentId: input.departmentId ?? null,
        active: true,
        mustChangePassword: false,
      });
      await manager.save(user).catch((error: unknown) => conflictOnDuplicate(error, 'このメールアドレスの利用者は既に登録されています。'));
      await this.audit.record(manager, actor, {
        action: 'USER_CREATED',
        entityType: 'User',
        entityId: user.id,
        changes: diff(null, { ...user }, AUDITED_FIELDS),
      });
      return user;
    });
  }

  async update(actor: Actor, id: string, input: UpdateUserInput): Promise<UserEntity> {
    return this.database.transaction(async (manager) => {
      // One role or activity change per organization at a time: without it, two admins demoting
      // each other at once both see the other still ADMIN and the organization is left with none.
      await manager.findOne(OrganizationEntity, { where: { id: actor.organizationId }, lock: { mode: 'for_no_key_update' } });
      const scope = scoped(manager, actor);
      const user = await scope.get(UserEntity, id, '利用者', true);
      const before = { ...user };
      if (input.displayName !== undefined) user.displayName = input.displayName.trim();
      if (input.roles !== undefined) user.roles = unique(input.roles);
      if (input.departmentId !== undefined) {
        if (input.departmentId !== null) await scope.get(DepartmentEntity, input.departmentId, '部署');
        user.departmentId = input.departmentId;
      }
      if (input.active !== undefined) user.active = input.active;
      if (actor.userId === user.id && !user.active) throw badField('active', '自分自身を無効にすることはできません。');
      await manager.save(user);
      await this.assertAnActiveAdminRemains(manager, actor);
      if (before.active && !user.active) await this.auth.revokeSessions(manager, actor.organizationId, user.id);
      if (before.active !== user.active) {
        // A deactivated user owns nothing: their subjects show OWNER_MISSING from this commit on.
        const owned = await manager.find(SubjectEntity, {
          select: { id: true },
          where: { organizationId: actor.organizationId, ownerId: user.id },
        });
        await this.compliance.refresh(
          manager,
          actor.organizationId,
          owned.map((s) => s.id),
        );
        await this.reviews.userActivityChanged(manager, actor.organizationId, user.id, user.active, todayIn(actor.timeZone));
      }
      const changes = diff(before, { ...user }, AUDITED_FIELDS);
      if (Object.keys(changes).length > 0) {
        await this.audit.record(manager, actor, {
          action: before.active && !user.active ? 'USER_DEACTIVATED' : !before.active && user.active ? 'USER_REACTIVATED' : 'USER_UPDATED',
          entityType: 'User',
          entityId: user.id,
          changes,
        });
      }
      return user;
    });
  }

  /** An organization must keep one active ADMIN, or nobody could manage it. */
  private async assertAnActiveAdminRemains(manager: EntityManager, actor: Actor): Promise<void> {
    const admins = await scoped(manager, actor)
      .select(UserEntity, 'u')
      .andWhere('u.active AND :admin = ANY(u.roles)', { admin: Role.ADMIN })
      .getCount();
    if (admins === 0) throw conflict('有効な管理者（ADMIN）が一人もいなくなるため、この変更はできません。');
  }

  async changePassword(actor: Actor, input: ChangePasswordInput): Promise<boolean> {
    const problem = passwordProblem(input.newPassword);
    if (problem) throw badField('newPassword', problem);
    const user = await this.me(actor);
    if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
      // Guessing through a stolen session counts like guessing at sign-in; a lock ends every session.
      await this.database.transaction(async (manager) => {
        const locked = await scoped(manager, actor).get(UserEntity, actor.userId, '利用者', true);
        if (await this.auth.countFailure(manager, locked, new Date(), 'PASSWORD_CHANGE_FAILED', 'WRONG_CURRENT_PASSWORD')) {
          await this.auth.revokeSessions(manager, actor.organizationId, locked.id);
        }
      });
      throw badField('currentPassword', '現在のパスワードが正しくありません。');
    }
    if (input.newPassword === input.currentPassword) {
      throw badField('newPassword', '現在のパスワードと異なるパスワードにしてください。');
    }
    const passwordHash = await hashPassword(input.newPassword);
    await this.database.transaction(async (manager) => {
      await manager.update(UserEntity, { id: user.id, organizationId: actor.organizationId }, { passwordHash, mustChangePassword: false });
      // Other sessions may have been opened with the old password: end them, keep this one.
      await this.auth.revokeSessions(manager, actor.organizationId, user.id, actor.sessionId);
      await this.audit.record(manager, actor, {
        action: 'PASSWORD_CHANGED',
        entityType: 'User',
        entityId: user.id,
        changes: user.mustChangePassword ? { mustChangePassword: [true, false] } : null,
      });
    });
    return true;
  }

  /** A one-time password the user must replace at the next sign-in; their sessions end. */
  async resetPassword(actor: Actor, id: string): Promise<string> {
    const oneTimePassword = generatePassword();
    const passwordHash = await hashPassword(oneTimePassword);
    await this.database.transaction(async (manager) => {
      const user = await scoped(manager, actor).get(UserEntity, id, '利用者', true);
      await manager.update(
        UserEntity,
        { id: user.id, organizationId: actor.organizationId },
        {
          passwordHash,
          mustChangePassword: true,
          recentFailedLogins: [],
          lockedUntil: null,
        },
      );
      await this.auth.revokeSessions(manager, actor.organizationId, user.id);
      await this.audit.record(manager, actor, {
        action: 'PASSWORD_RESET',
        entityType: 'User',
        entityId: user.id,
        changes: { mustChangePassword: [user.mustChangePassword, true] },
      });
    });
    return oneTimePassword;
  }
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
