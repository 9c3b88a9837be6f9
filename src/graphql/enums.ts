import { registerEnumType } from '@nestjs/graphql';
import { Role } from '../common/role';

/*
 * Enums are plain TypeScript beside the rules that use them; the GraphQL layer registers them here,
 * once, before any schema is built (imported by graphql-options.ts and generate-schema.ts).
 */
registerEnumType(Role, { name: 'Role' });
