import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { AppError, FieldError } from '../common/errors';
import { JsonLogger } from '../common/json-logger';

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
 * Every error a client sees passes through here: our own errors keep their code and message,
 * GraphQL's protocol errors keep theirs, and everything else is logged in full and answered as
 * INTERNAL_SERVER_ERROR with no internals, whatever NODE_ENV says.
 */
export function formatError(logger: JsonLogger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const base = { locations: formatted.locations, path: formatted.path };
    if (original instanceof AppError) {
      return {
        ...base,
        message: original.message,
        extensions: { code: original.code, ...(original.fieldErrors ? { fieldErrors: original.fieldErrors } : {}) },
      };
    }
    const code = isRefusedScalarValue(original) ? 'BAD_USER_INPUT' : formatted.extensions?.code;
    if (typeof code === 'string' && PROTOCOL_CODES.has(code)) {
      const extensions: Record<string, unknown> = { code };
      if (code === 'BAD_USER_INPUT') extensions.fieldErrors = [fieldErrorOf(formatted.message)];
      return { ...base, message: formatted.message, extensions };
    }
    logger.write('error', original instanceof Error ? original : String(original), 'GraphQL', undefined, {
      path: formatted.path?.join('.'),
    });
    return { ...base, message: 'サーバー内部でエラーが発生しました。', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}

/**
 * GraphQL's coercion messages name the variable and the path in it (`Variable "$input" got invalid
 * value … at "input.name"`); the field is that path inside the argument, as ValidationPipe reports it.
 */
export function fieldErrorOf(message: string): FieldError {
  const at = /at "([^"]+)"/.exec(message)?.[1];
  const inputField = /[Ff]ield "(?:[A-Za-z0-9_]+\.)?([A-Za-z0-9_]+)"/.exec(message)?.[1];
  const variable = /Variable "\$([^"]+)"/.exec(message)?.[1];
  // `input.certifications[0].validUntil` reads as ValidationPipe writes it: `certifications.0.validUntil`.
  const dotted = at?.replace(/\[(\d+)\]/g, '.$1');
  const path = dotted ? dotted.split('.').slice(1).join('.') || dotted : undefined;
  return { field: path || inputField || variable || 'input', message };
}
