import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { hashPassword } from '../auth/passwords';
import { Role } from '../auth/role.enum';
import { badField, conflictOnDuplicate } from '../common/errors';
import { isValidTimeZone } from '../common/calendar';
import { UserEntity } from '../users/user.entity';
import { OrganizationEntity } from './organization.entity';

export const ORGANIZATION_CODE = /^[a-z0-9][a-z0-9-]{1,31}$/;

export interface NewOrganization {
  code: string;
  name: string;
  timeZone?: string;
}

export interface NewAdmin {
  email: string;
  displayName: string;
  password: string;
  mustChangePassword: boolean;
}

/** An operator's act (CLI or demo seed): the tenant and its first administrator, audited, in the caller's transaction. */
export async function provisionOrganization(
  manager: EntityManager,
  organization: NewOrganization,
  admin: NewAdmin,
): Promise<{ organization: OrganizationEntity; admin: UserEntity }> {
  if (!ORGANIZATION_CODE.test(organization.code)) {
    throw badField('code', '組織コードは英小文字・数字・ハイフンの2〜32文字で、英小文字か数字で始めてください。');
  }
  if (!organization.name.trim()) throw badField('name', '組織名を入力してください。');
  const timeZone = organization.timeZone ?? 'Asia/Tokyo';
  if (!isValidTimeZone(timeZone)) throw badField('timeZone', `タイムゾーン ${timeZone} を認識できません。`);
  if (!/^[^\s@]+@[^\s@]+$/.test(admin.email)) throw badField('adminEmail', 'メールアドレスの形式が正しくありません。');

  const audit = new AuditService();
  const created = manager.create(OrganizationEntity, { code: organization.code, name: organization.name.trim(), timeZone });
  await manager
    .save(created)
    .catch((error: unknown) => conflictOnDuplicate(error, `組織コード ${organization.code} は既に使われています。`));
  const user = manager.create(UserEntity, {
    organizationId: created.id,
    email: admin.email.trim().toLowerCase(),
    displayName: admin.displayName,
    passwordHash: await hashPassword(admin.password),
    roles: [Role.ADMIN],
    departmentId: null,
    active: true,
    mustChangePassword: admin.mustChangePassword,
  });
  await manager.save(user);
  await audit.record(manager, null, {
    organizationId: created.id,
    action: 'ORGANIZATION_CREATED',
    entityType: 'Organization',
    entityId: created.id,
    changes: { code: [null, created.code], name: [null, created.name], timeZone: [null, created.timeZone] },
  });
  await audit.record(manager, null, {
    organizationId: created.id,
    action: 'USER_CREATED',
    entityType: 'User',
    entityId: user.id,
    changes: { email: [null, user.email], roles: [null, user.roles], mustChangePassword: [null, user.mustChangePassword] },
  });
  return { organization: created, admin: user };
}
