import { describeError } from '../common/json-logger';

/**
 * Whether a thrown value says the database cannot be reached (down, restarting, refusing or cutting
 * connections), as opposed to a statement that failed on a database that works. Such a request is
 * answered SERVICE_UNAVAILABLE with Retry-After: trying again shortly is the right thing to do.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  return unavailable(error, 0);
}

/** Socket errors of a connection that could not be opened or was cut. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs of a server that is going away or not accepting sessions: class 08 (connection
 * exception), admin_shutdown, crash_shutdown, cannot_connect_now (starting up, shutting down, in
 * recovery) and too_many_connections.
 */
const UNAVAILABLE_STATES = /^(08...|57P01|57P02|57P03|53300)$/;

/** What node-postgres and its pool say when the connection went away under them. */
const DRIVER_MESSAGES = [
  /^Connection terminated/,
  /not queryable/,
  /^timeout exceeded when trying to connect/,
  /^Cannot use a pool after calling end on the pool/,
];

function unavailable(error: unknown, depth: number): boolean {
  if (typeof error !== 'object' || error === null || depth > 4) return false;
  const { code, message, driverError, cause, errors } = error as {
    code?: unknown;
    message?: unknown;
    driverError?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof code === 'string' && (SOCKET_CODES.has(code) || UNAVAILABLE_STATES.test(code))) return true;
  if (typeof message === 'string' && DRIVER_MESSAGES.some((pattern) => pattern.test(message))) return true;
  // TypeORM wraps the driver's error; Node wraps the attempts at several addresses in an AggregateError.
  if (unavailable(driverError, depth + 1) || unavailable(cause, depth + 1)) return true;
  return Array.isArray(errors) && errors.length > 0 && errors.every((inner) => unavailable(inner, depth + 1));
}

/** The one log key of "the database cannot be reached", whoever notices it (GraphQL, REST, jobs). */
export const DATABASE_UNAVAILABLE_LOG = 'database-unavailable';

/**
 * The log entry of a request that failed on an outage: written once, then counted per interval
 * (every request fails the same way until it is over; see JsonLogger.repeated).
 */
export function outageLogEntry(error: unknown): Record<string, unknown> {
  return {
    msg: 'database unavailable: requests are answered SERVICE_UNAVAILABLE',
    repeatKey: DATABASE_UNAVAILABLE_LOG,
    ...describeError(error),
  };
}
