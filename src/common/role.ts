/** What a user may do; a user may hold several. Registered as a GraphQL enum in src/graphql/enums.ts. */
export enum Role {
  ADMIN = 'ADMIN',
  SECURITY_OFFICER = 'SECURITY_OFFICER',
  PROCUREMENT_OFFICER = 'PROCUREMENT_OFFICER',
  STAFF = 'STAFF',
  AUDITOR = 'AUDITOR',
}

export const ALL_ROLES: readonly Role[] = Object.values(Role);
