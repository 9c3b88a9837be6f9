import { DateTimeScalar } from '../common/date-scalar';

/**
 * TypeScript types that GraphQL maps to our own scalars: a `Date` field is our DateTime, which
 * refuses what PostgreSQL cannot hold. Used by the app and by the schema generator alike.
 */
export const SCALARS_MAP = [{ type: Date, scalar: DateTimeScalar }];
