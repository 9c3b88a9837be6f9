import { Injectable } from '@nestjs/common';
import { Context } from '../common/context';
import { badInput, FieldError } from '../common/errors';
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
    const owner = await this.users.get(ctx, ownerId, '責任者に指定した利用者');
    if (!owner.active) return [{ field, message: '無効化された利用者は責任者にできません。' }];
    if (owner.roles.every((role) => role === Role.AUDITOR))
      return [{ field, message: '監査担当（AUDITOR）のみの利用者は責任者にできません。' }];
    return [];
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
}
