import { registerEnumType } from '@nestjs/graphql';

export enum Role {
  ADMIN = 'ADMIN',
  SECURITY_OFFICER = 'SECURITY_OFFICER',
  PROCUREMENT_OFFICER = 'PROCUREMENT_OFFICER',
  STAFF = 'STAFF',
  AUDITOR = 'AUDITOR',
}

registerEnumType(Role, { name: 'Role' });

export const ALL_ROLES: readonly Role[] = Object.values(Role);
