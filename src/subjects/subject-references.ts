import { Injectable } from '@nestjs/common';
import { Context } from '../common/context';
import { badInput, FieldError, notFound } from '../common/errors';
import { isUuid } from '../database/tenant-scope';
import { Role } from '../common/role';
import { OrganizationsRepository } from '../organizations/organizations.repository';
import { UserEntity } from '../users/user.entity';
import { UsersRepository } from '../users/users.repository';
import { VendorEntity } from '../vendors/vendor.entity';
import { VendorsRepository } from '../vendors/vendors.repository';

/** What a subject refers to in other features (its owner, department, vendor), checked through their repositories. */
@Injectable()
export class SubjectReferences {
  constructor(
    private readonly users: UsersRepository,
    private readonly organizations: OrganizationsRepository,
    private readonly vendors: VendorsRepository,
  ) {}

  user(ctx: Context, id: string, what: string): Promise<UserEntity> {
    return this.users.get(ctx, id, what);
  }

  /**
   * The owner must be an active user of the organization who holds some role other than AUDITOR: what
   * is wrong with the one given, to be reported with the other bad fields (an unknown id is NOT_FOUND at once).
   */
  async ownerProblems(ctx: Context, ownerId: string, field = 'ownerId'): Promise<FieldError[]> {
    return ownerProblemsOf(await this.users.get(ctx, ownerId, '責任者に指定した利用者'), field);
  }

  async assertValidOwner(ctx: Context, ownerId: string, field = 'ownerId'): Promise<void> {
    const problems = await this.ownerProblems(ctx, ownerId, field);
    if (problems.length > 0) throw badInput(problems);
  }

  async assertDepartment(ctx: Context, departmentId: string | null | undefined): Promise<void> {
    if (departmentId) await this.organizations.department(ctx, departmentId);
  }

  vendor(ctx: Context, vendorId: string): Promise<VendorEntity> {
    return this.vendors.get(ctx, vendorId);
  }

  /** The vendors of the given ids, by id, read at once; NOT_FOUND (as `vendor`) when one is not the organization's. */
  async vendorsByIds(ctx: Context, ids: readonly string[]): Promise<Map<string, VendorEntity>> {
    const wanted = [...new Set(ids)];
    const found = new Map((await this.vendors.byIds(ctx, wanted.filter(isUuid))).map((v) => [v.id, v as VendorEntity]));
    if (wanted.some((id) => !found.has(id))) throw notFound('取引先');
    return found;
  }

  /**
   * The rules of `assertValidOwner` and `assertDepartment` for many subjects, each user and department
   * read once: the first refusal is thrown (NOT_FOUND for an unknown one, BAD_USER_INPUT for an owner refused).
   */
  async assertOwnersAndDepartments(
    ctx: Context,
    items: readonly { ownerId?: string | null; departmentId?: string | null }[],
  ): Promise<void> {
    const ownerIds = [...new Set(items.map((i) => i.ownerId).filter((id): id is string => !!id))];
    const departmentIds = [...new Set(items.map((i) => i.departmentId).filter((id): id is string => !!id))];
    const owners = new Map((await this.users.byIds(ctx, ownerIds)).map((u) => [u.id, u]));
    for (const id of ownerIds) {
      const owner = owners.get(id);
      if (!owner) throw notFound('責任者に指定した利用者');
      const problems = ownerProblemsOf(owner, 'ownerId');
      if (problems.length > 0) throw badInput(problems);
    }
    const departments = new Set((await this.organizations.departmentsByIds(ctx, departmentIds)).map((d) => d.id));
    if (departmentIds.some((id) => !departments.has(id))) throw notFound('部署');
  }
}

function ownerProblemsOf(owner: UserEntity, field: string): FieldError[] {
  if (!owner.active) return [{ field, message: '無効化された利用者は責任者にできません。' }];
  if (owner.roles.every((role) => role === Role.AUDITOR))
    return [{ field, message: '監査担当（AUDITOR）のみの利用者は責任者にできません。' }];
  return [];
}
