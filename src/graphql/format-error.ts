import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { AppError, FieldError, serviceUnavailable } from '../common/errors';
import { describeError, JsonLogger } from '../common/json-logger';
import { isDatabaseUnavailable, outageLogEntry } from '../database/database-outage';
import { isWriteConflict, writeConflict } from '../database/write-conflict';
import { BudgetSpent } from '../common/request-budget';
import { translateGraphQLError } from './graphql-messages';

/**
 * Codes that GraphQL and Apollo themselves produce for documents, variables and request shapes
 * (BAD_REQUEST: a batched array, a CSRF-suspect or malformed request), safe to pass on.
 */
const PROTOCOL_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * A literal our scalars refuse (Date "2026-02-30") fails GraphQL validation, and Apollo labels every
 * validation error GRAPHQL_VALIDATION_FAILED; it is the same bad value as in a variable: BAD_USER_INPUT.
 */
function isRefusedScalarValue(error: unknown): boolean {
  const cause = error instanceof GraphQLError ? error.originalError : undefined;
  return cause instanceof GraphQLError && cause.extensions?.code === 'BAD_USER_INPUT';
}

/**
 * graphql-js stops coercing the variables after Apollo's limit of errors (a list of hundreds of bad
 * values) and adds this one, which carries no code: it is the same bad input as the errors before it.
 */
function isTooManyBadVariables(error: unknown): boolean {
  return error instanceof GraphQLError && /^Too many errors processing variables\b/.test(error.message);
}

/** The message of the error a GraphQL error wraps (a variable's refused value, a literal a scalar refused), if it wraps one. */
function innerMessage(error: unknown): string | undefined {
  const cause = error instanceof GraphQLError ? error.originalError : undefined;
  return cause && cause !== error ? cause.message : undefined;
}

/**
 * Every error a client sees passes through here: our own errors keep their code and message,
 * GraphQL's protocol errors keep their code and are said in Japanese, a database outage is
 * SERVICE_UNAVAILABLE (HTTP 503, see serviceUnavailablePlugin), a transaction rolled back on a deadlock
 * or serialization failure is CONFLICT (try again), and everything else is logged in full
 * and answered as INTERNAL_SERVER_ERROR with no internals, whatever NODE_ENV says.
 */
export function formatError(logger: JsonLogger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    let original = unwrapResolverError(error);
    const base = { locations: formatted.locations, path: formatted.path };
    if (!(original instanceof AppError) && isDatabaseUnavailable(original)) {
      logger.write('error', outageLogEntry(original), 'GraphQL');
      original = serviceUnavailable();
    }
    if (!(original instanceof AppError) && isWriteConflict(original)) {
      logger.write(
        'warn',
        { msg: 'transaction rolled back on a conflict with another; answered CONFLICT', ...describeError(original) },
        'GraphQL',
      );
      original = writeConflict();
    }
    if (original instanceof AppError) {
      return {
        ...base,
        message: original.message,
        extensions: {
          code: original.code,
          ...(original.fieldErrors ? { fieldErrors: original.fieldErrors } : {}),
          ...(original.retryAfterSeconds !== undefined ? { retryAfter: original.retryAfterSeconds } : {}),
        },
      };
    }
    if (original instanceof BudgetSpent) {
      // A query stopped for its size or time; the limits plugin answers with this one error and no data.
      return { ...base, message: original.message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } };
    }
    const code = isRefusedScalarValue(original) || isTooManyBadVariables(original) ? 'BAD_USER_INPUT' : formatted.extensions?.code;
    if (typeof code === 'string' && PROTOCOL_CODES.has(code)) {
      const translated = translateGraphQLError(code, formatted.message, innerMessage(original));
      const extensions: Record<string, unknown> = { code };
      if (code === 'BAD_USER_INPUT') extensions.fieldErrors = [translated.fieldError ?? { field: 'input', message: translated.message }];
      return { ...base, message: translated.message, extensions };
    }
    const { error: message, ...details } = describeError(original);
    logger.write('error', message, 'GraphQL', undefined, { ...details, path: formatted.path?.join('.') });
    return { ...base, message: 'サーバー内部でエラーが発生しました。', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}

/**
 * graphql-js refuses each bad value of the variables as its own error. When nothing ran (no data),
 * they become one BAD_USER_INPUT whose fieldErrors list every bad field, the same answer as
 * class-validator's: a client reads errors[0] and has them all.
 */
export function oneAnswerForBadVariables(
  errors: readonly GraphQLFormattedError[] | undefined,
  data: unknown,
): readonly GraphQLFormattedError[] | undefined {
  if (!errors || errors.length < 2 || data !== undefined) return errors;
  if (!errors.every((error) => error.extensions?.code === 'BAD_USER_INPUT')) return errors;
  const locations = errors.flatMap((error) => error.locations ?? []);
  const distinct = locations.filter((at, i) => locations.findIndex((other) => other.line === at.line && other.column === at.column) === i);
  return [
    {
      message: errors.map((error) => error.message).join(' '),
      ...(distinct.length ? { locations: distinct } : {}),
      extensions: {
        code: 'BAD_USER_INPUT',
        fieldErrors: errors.flatMap((error) => (error.extensions?.fieldErrors as FieldError[] | undefined) ?? []),
      },
    },
  ];
}
