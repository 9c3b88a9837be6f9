import { AppError, conflict } from '../common/errors';

/**
 * SQLSTATEs of a transaction PostgreSQL rolled back because it met another one: deadlock_detected
 * and serialization_failure. Nothing of it was saved, and the same request sent again normally
 * succeeds: the client is told so (CONFLICT), not given an internal error.
 */
const CONFLICT_STATES = new Set(['40P01', '40001']);

export function isWriteConflict(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, driverError } = error as { code?: unknown; driverError?: { code?: unknown } };
  return (
    (typeof code === 'string' && CONFLICT_STATES.has(code)) ||
    (typeof driverError?.code === 'string' && CONFLICT_STATES.has(driverError.code))
  );
}

export const writeConflict = (): AppError =>
  conflict('同時に行われた別の処理と競合したため、何も保存しませんでした。もう一度やり直してください。');
