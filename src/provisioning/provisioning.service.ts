import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { isValidTimeZone } from '../common/calendar';
import { Context } from '../common/context';
import { badField } from '../common/errors';
import { Role } from '../common/role';
import { Database } from '../database/database';
import { OrganizationEntity } from '../organizations/organization.entity';
import { OrganizationsRepository } from '../organizations/organizations.repository';
import { DEFAULT_TIME_ZONE, newOrganizationContext, ORGANIZATION_CODE } from '../organizations/organizations.service';
import { hashPassword, passwordProblem } from '../users/passwords';
import { UserEntity } from '../users/user.entity';
import { UsersRepository } from '../users/users.repository';

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

export interface ProvisionedOrganization {
  organization: OrganizationEntity;
  admin: UserEntity;
}

/** A new tenant with its first administrator: above organizations and users, which it both writes. */
@Injectable()
export class ProvisioningService {
  constructor(
    private readonly database: Database,
    private readonly organizations: OrganizationsRepository,
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
  ) {}

  /**
   * An operator's act (the CLI, the demo seed, the tests): the tenant and its first administrator,
   * audited with no actor. `ctx` is the new organization's own context (`newOrganizationContext`)
   * when the caller goes on writing in the same transaction: the organization takes its id and
   * time zone and joins its transaction. With null, the organization gets a fresh id and a
   * transaction of its own.
   */
  async provision(ctx: Context | null, organization: NewOrganization, admin: NewAdmin): Promise<ProvisionedOrganization> {
    if (!ORGANIZATION_CODE.test(organization.code)) {
      throw badField('code', '組織コードは英小文字・数字・ハイフンの2〜32文字で、英小文字か数字で始めてください。');
    }
    if (!organization.name.trim()) throw badField('name', '組織名を入力してください。');
    const timeZone = organization.timeZone ?? ctx?.timeZone ?? DEFAULT_TIME_ZONE;
    if (!isValidTimeZone(timeZone)) throw badField('timeZone', `タイムゾーン ${timeZone} を認識できません。`);
    if (!/^[^\s@]+@[^\s@]+$/.test(admin.email)) throw badField('adminEmail', 'メールアドレスの形式が正しくありません。');
    const problem = passwordProblem(admin.password, { email: admin.email, organizationCode: organization.code });
    if (problem) throw badField('adminPassword', problem);
    if (ctx && ctx.timeZone !== timeZone) {
      throw new Error(`the context's time zone ${ctx.timeZone} is not the new organization's ${timeZone}`);
    }

    const passwordHash = await hashPassword(admin.password);
    return this.database.transaction(ctx ?? newOrganizationContext(timeZone), async (ctx) => {
      const created = await this.organizations.insert(
        ctx,
        { code: organization.code, name: organization.name.trim(), timeZone },
        `組織コード ${organization.code} は既に使われています。`,
      );
      const user = await this.users.insert(
        ctx,
        {
          email: admin.email.trim().toLowerCase(),
          displayName: admin.displayName,
          passwordHash,
          roles: [Role.ADMIN],
          departmentId: null,
          active: true,
          mustChangePassword: admin.mustChangePassword,
        },
        'このメールアドレスの利用者は既に登録されています。',
      );
      await this.audit.record(ctx, {
        action: 'ORGANIZATION_CREATED',
        entityType: 'Organization',
        entityId: created.id,
        changes: { code: [null, created.code], name: [null, created.name], timeZone: [null, created.timeZone] },
      });
      await this.audit.record(ctx, {
        action: 'USER_CREATED',
        entityType: 'User',
        entityId: user.id,
        changes: { email: [null, user.email], roles: [null, user.roles], mustChangePassword: [null, user.mustChangePassword] },
      });
      return { organization: created, admin: user };
    });
  }
}
