import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import type { Response } from 'express';
import { AppError, ErrorCode, FieldError, RETRY_AFTER_SECONDS, serviceUnavailable } from '../common/errors';
import { describeError, JsonLogger } from '../common/json-logger';
import { isDatabaseUnavailable, outageLogEntry } from '../database/database-outage';
import { isWriteConflict, writeConflict } from '../database/write-conflict';
import { DownloadAborted } from './ledger-output';
import { MAX_UPLOAD_MIB } from './upload-limits';

const STATUS_OF: Record<ErrorCode, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_MANY_REQUESTS: 429,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL_SERVER_ERROR: 500,
};

interface ErrorAnswer {
  status: number;
  code: ErrorCode;
  message: string;
  fieldErrors?: FieldError[];
}

/** Nest's own HTTP errors (multer's size limit, a malformed multipart body) in the contract's codes. */
function fromHttpException(exception: HttpException): ErrorAnswer {
  const status = exception.getStatus();
  switch (status) {
    case 413:
      return {
        status,
        code: 'BAD_USER_INPUT',
        message: `ファイルが大きすぎます（上限 ${MAX_UPLOAD_MIB} MiB）。`,
        fieldErrors: [{ field: 'file', message: `上限 ${MAX_UPLOAD_MIB} MiB` }],
      };
    case 401:
      return { status, code: 'UNAUTHENTICATED', message: '認証が必要です。サインインしてください。' };
    case 403:
      return { status, code: 'FORBIDDEN', message: 'この操作を行う権限がありません。' };
    case 404:
      return { status, code: 'NOT_FOUND', message: '見つかりません。' };
    default:
      if (status >= 400 && status < 500) {
        return {
          status: 400,
          code: 'BAD_USER_INPUT',
          message: `リクエストを読めません（multipart/form-data の file 欄にファイルを付けてください）: ${exception.message}`,
        };
      }
      return { status: 500, code: 'INTERNAL_SERVER_ERROR', message: 'サーバー内部でエラーが発生しました。' };
  }
}

/**
 * The ledger endpoints answer failures as `{ "error": { "code", "message" } }` with the matching
 * HTTP status, the same codes as the GraphQL errors. Anything unexpected is logged in full and
 * answered INTERNAL_SERVER_ERROR with no internals. A failure in the middle of a streamed export
 * can no longer change the status: the connection is cut, so the client sees an incomplete file.
 */
@Catch()
export class LedgerExceptionFilter implements ExceptionFilter {
  constructor(private readonly logger: JsonLogger) {}

  catch(thrown: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    let exception = thrown;
    let answer: ErrorAnswer;
    if (!(exception instanceof AppError) && isDatabaseUnavailable(exception)) {
      this.logger.write('error', outageLogEntry(exception), 'Ledgers');
      exception = serviceUnavailable();
    }
    if (!(exception instanceof AppError) && isWriteConflict(exception)) {
      this.logger.write(
        'warn',
        { msg: 'transaction rolled back on a conflict with another; answered CONFLICT', ...describeError(exception) },
        'Ledgers',
      );
      exception = writeConflict();
    }
    if (exception instanceof AppError) {
      answer = { status: STATUS_OF[exception.code], code: exception.code, message: exception.message, fieldErrors: exception.fieldErrors };
    } else if (exception instanceof HttpException) {
      answer = fromHttpException(exception);
    } else if (exception instanceof DownloadAborted) {
      response.destroy();
      return;
    } else {
      const { error: msg, ...details } = describeError(exception);
      this.logger.write('error', { msg, ...details }, 'Ledgers');
      answer = { status: 500, code: 'INTERNAL_SERVER_ERROR', message: 'サーバー内部でエラーが発生しました。' };
    }
    if (response.headersSent) {
      response.destroy();
      return;
    }
    const { status, ...error } = answer;
    if (answer.code === 'SERVICE_UNAVAILABLE') response.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    response.status(status).json({ error: Object.fromEntries(Object.entries(error).filter(([, value]) => value !== undefined)) });
  }
}
