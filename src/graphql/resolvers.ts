import { AuditResolver } from '../audit/audit.resolver';
import { AuthResolver } from '../auth/auth.resolver';
import { OrganizationsResolver } from '../organizations/organizations.resolver';
import { UsersResolver } from '../users/users.resolver';
import { VendorsResolver } from '../vendors/vendors.resolver';

/** Every resolver class: what graphql/schema.graphql is generated from (a test checks it matches the app). */
export const RESOLVERS = [AuthResolver, OrganizationsResolver, UsersResolver, VendorsResolver, AuditResolver];
