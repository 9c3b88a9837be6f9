import { Injectable } from '@nestjs/common';
import { Context } from '../common/context';
import { badField } from '../common/errors';
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

  /** The owner must be an active user of the organization who holds some role other than AUDITOR. */
  async assertValidOwner(ctx: Context, ownerId: string, field = 'ownerId'): Promise<UserEntity> {
    const owner = await this.users.get(ctx, ownerId, '責任者に指定した利用者');
    if (!owner.active) throw badField(field, '無効化された利用者は責任者にできません。');
    if (owner.roles.every((role) => role === Role.AUDITOR)) throw badField(field, '監査担当（AUDITOR）のみの利用者は責任者にできません。');
    return owner;
  }

  async assertDepartment(ctx: Context, departmentId: string | null | undefined): Promise<void> {
    if (departmentId) await this.organizations.department(ctx, departmentId);
  }

  vendor(ctx: Context, vendorId: string): Promise<VendorEntity> {
    return this.vendors.get(ctx, vendorId);
  }
}
