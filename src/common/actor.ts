import { Role } from './role';

/** Who is calling, for which organization: the first argument of every service method. */
export interface Actor {
  userId: string;
  organizationId: string;
  roles: readonly Role[];
  departmentId: string | null;
  timeZone: string;
  sessionId: string;
  mustChangePassword: boolean;
}

export function hasAnyRole(actor: Actor, roles: readonly Role[]): boolean {
  return actor.roles.some((role) => roles.includes(role));
}
