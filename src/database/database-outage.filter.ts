import { ArgumentsHost, Catch } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { Response } from 'express';
import { AppError, RETRY_AFTER_SECONDS, serviceUnavailable } from '../common/errors';
import { JsonLogger } from '../common/json-logger';
import { isDatabaseUnavailable, outageLogEntry } from './database-outage';

/**
 * A database outage wherever it is met: in a resolver or a guard (GraphQL), or in an HTTP route
 * without a filter of its own. It is logged once per interval with a count, not by Nest once per
 * request, and answered SERVICE_UNAVAILABLE: through formatError for GraphQL (HTTP 503 there too),
 * as `{ error: { code, message } }` with 503 and Retry-After for HTTP. Every other error goes on
 * to Nest's own handling, unchanged.
 */
@Catch()
export class DatabaseOutageFilter extends BaseExceptionFilter {
  constructor(private readonly logger: JsonLogger) {
    super();
  }

  override catch(exception: unknown, host: ArgumentsHost): unknown {
    const outage = !(exception instanceof AppError) && isDatabaseUnavailable(exception);
    if (host.getType() === 'http') {
      if (!outage) return super.catch(exception, host);
      this.logger.write('error', outageLogEntry(exception), 'Database');
      const response = host.switchToHttp().getResponse<Response>();
      if (response.headersSent) {
        response.destroy();
        return undefined;
      }
      const { code, message } = serviceUnavailable();
      response.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
      response.status(503).json({ error: { code, message } });
      return undefined;
    }
    if (!outage) return undefined; // not handled here: Nest rethrows it to Apollo
    this.logger.write('error', outageLogEntry(exception), 'Database');
    // Returned, not thrown: what a filter returns is the resolver's result, which graphql-js raises as its error.
    return serviceUnavailable();
  }
}
