import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { JsonLogger } from './json-logger';
import { requestContext } from './request-context';

const ACCEPTED_ID = /^[A-Za-z0-9._-]{1,100}$/;

/** Gives every request an id (the caller's X-Request-Id when it is sane), echoes it and logs the request's end. */
export function requestIdMiddleware(logger: JsonLogger, exposeStatementCount = false) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const offered = req.header('x-request-id');
    const requestId = offered && ACCEPTED_ID.test(offered) ? offered : randomUUID();
    res.setHeader('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    // Read now and from originalUrl: a router mounted on a path (Apollo on /graphql) rewrites req.url to
    // what follows its mount point, so req.path reads "/" by the time the response finishes.
    const path = req.originalUrl.split('?', 1)[0];
    const context = { requestId, statements: 0 };
    if (exposeStatementCount) {
      // Test and diagnostic aid: how many SQL statements answered this request (see the statement budget tests).
      const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => Response;
      res.writeHead = ((...args: unknown[]) => {
        if (!res.headersSent) res.setHeader('X-SQL-Statements', String(context.statements));
        return writeHead(...args);
      }) as typeof res.writeHead;
    }
    requestContext.run(context, () => {
      res.on('finish', () => {
        const operationName = (req.body as { operationName?: unknown } | undefined)?.operationName;
        logger.write('info', 'request finished', 'HTTP', undefined, {
          requestId,
          method: req.method,
          path,
          status: res.statusCode,
          durationMs: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
          sqlStatements: context.statements,
          ...(typeof operationName === 'string' ? { operationName } : {}),
        });
      });
      next();
    });
  };
}
