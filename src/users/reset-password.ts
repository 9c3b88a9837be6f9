import { EntityManager, IsNull } from 'typeorm';
import { AuditService, Changes } from '../audit/audit.service';
import { hashPassword, passwordProblem } from '../auth/passwords';
import { SessionEntity } from '../auth/session.entity';
import { badField, notFound } from '../common/errors';
import { OrganizationEntity } from '../organizations/organization.entity';
import { UserEntity } from './user.entity';

export interface OperatorPasswordReset {
  organizationCode: string;
  email: string;
  password: string;
  /** True for a generated (one-time) password: the user must replace it at the next sign-in. */
  mustChangePassword: boolean;
}

export interface OperatorPasswordResetResult {
  user: UserEntity;
  /** The user was locked out when the reset cleared the lock. */
  wasLocked: boolean;
}

/**
 * An operator's act (the CLI's reset-password), in the caller's transaction: a new password, the
 * sign-in lockout cleared, every session of the user ended, audited with no actor. It changes nothing
 * else: a deactivated user stays deactivated, roles stay as they are.
 */
export async function resetPasswordAsOperator(
  manager: EntityManager,
  reset: OperatorPasswordReset,
  now = new Date(),
): Promise<OperatorPasswordResetResult> {
  const problem = passwordProblem(reset.password);
  if (problem) throw badField('password', problem);
  const organization = await manager.findOne(OrganizationEntity, { where: { code: reset.organizationCode } });
  if (!organization) throw notFound(`組織コード ${reset.organizationCode} の組織`);
  const email = reset.email.trim().toLowerCase();
  const user = await manager.findOne(UserEntity, {
    where: { organizationId: organization.id, email },
    lock: { mode: 'pessimistic_write' },
  });
  if (!user) throw notFound(`組織 ${organization.code} に ${email} の利用者`);

  const wasLocked = user.lockedUntil !== null && user.lockedUntil.getTime() > now.getTime();
  const before = { mustChangePassword: user.mustChangePassword, lockedUntil: user.lockedUntil };
  const after = {
    passwordHash: await hashPassword(reset.password),
    mustChangePassword: reset.mustChangePassword,
    recentFailedLogins: [],
    lockedUntil: null,
  };
  await manager.update(UserEntity, { id: user.id, organizationId: organization.id }, after);
  await manager.update(SessionEntity, { organizationId: organization.id, userId: user.id, revokedAt: IsNull() }, { revokedAt: now });

  const changes: Changes = {};
  if (before.mustChangePassword !== after.mustChangePassword)
    changes.mustChangePassword = [before.mustChangePassword, after.mustChangePassword];
  if (before.lockedUntil !== null) changes.lockedUntil = [before.lockedUntil.toISOString(), null];
  await new AuditService().record(manager, null, {
    organizationId: organization.id,
    action: 'PASSWORD_RESET',
    entityType: 'User',
    entityId: user.id,
    changes: Object.keys(changes).length ? changes : null,
  });
  return { user: Object.assign(user, after), wasLocked };
}
