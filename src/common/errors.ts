export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'CONFLICT'
  | 'TOO_MANY_REQUESTS'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR';

export interface FieldError {
  field: string;
  message: string;
}

import { IntrinsicException } from '@nestjs/common';

/**
 * An error whose code and message are meant for the client; anything else is masked. Intrinsic:
 * an expected answer, so Nest does not log it as a failure.
 */
export class AppError extends IntrinsicException {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fieldErrors?: FieldError[],
    /** TOO_MANY_REQUESTS: the seconds to wait, sent as Retry-After and extensions.retryAfter. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export const unauthenticated = (): AppError => new AppError('UNAUTHENTICATED', '認証が必要です。サインインしてください。');

export const forbidden = (message = 'この操作を行う権限がありません。'): AppError => new AppError('FORBIDDEN', message);

/** The same answer for an unknown id and another organization's id. */
export const notFound = (what: string): AppError => new AppError('NOT_FOUND', `${what}が見つかりません。`);

/** Seconds a client is told to wait (Retry-After) when the service cannot answer for now. */
export const RETRY_AFTER_SECONDS = 5;

/** The database cannot be reached (down, restarting): answered with HTTP 503 and Retry-After. */
export const serviceUnavailable = (): AppError =>
  new AppError(
    'SERVICE_UNAVAILABLE',
    `データベースに接続できないため、処理できませんでした。${RETRY_AFTER_SECONDS}秒ほど待ってからやり直してください。`,
  );

export const conflict = (message: string): AppError => new AppError('CONFLICT', message);

export const staleVersion = (): AppError => conflict('他の利用者が先に更新しました。最新の内容を読み込んでからやり直してください。');

export const badInput = (fieldErrors: FieldError[]): AppError =>
  new AppError('BAD_USER_INPUT', fieldErrors.map((e) => `${e.field}: ${e.message}`).join('; '), fieldErrors);

export const badField = (field: string, message: string): AppError => badInput([{ field, message }]);

const UNIQUE_VIOLATION = '23505';

/** Turns a PostgreSQL unique violation into CONFLICT; anything else is rethrown as it is. */
export function conflictOnDuplicate(error: unknown, message: string): never {
  const pgError = error as { code?: string; driverError?: { code?: string } };
  if (pgError.code === UNIQUE_VIOLATION || pgError.driverError?.code === UNIQUE_VIOLATION) throw conflict(message);
  throw error;
}
