import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { JsonLogger } from './json-logger';
import { RequestContext, requestContext } from './request-context';

const ACCEPTED_ID = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * Gives every request an id (the caller's X-Request-Id when it is sane), echoes it and logs the
 * request's end: one line when the response has been sent, or one when the client went away first.
 */
export function requestIdMiddleware(logger: JsonLogger, exposeStatementCount = false) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const offered = req.header('x-request-id');
    const requestId = offered && ACCEPTED_ID.test(offered) ? offered : randomUUID();
    res.setHeader('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    // Read now and from originalUrl: a router mounted on a path (Apollo on /graphql) rewrites req.url to
    // what follows its mount point, so req.path reads "/" by the time the response finishes.
    const path = req.originalUrl.split('?', 1)[0];
    const context: RequestContext = { requestId, statements: 0 };
    if (exposeStatementCount) {
      // Test and diagnostic aid: how many SQL statements answered this request (see the statement budget tests).
      const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => Response;
      res.writeHead = ((...args: unknown[]) => {
        if (!res.headersSent) res.setHeader('X-SQL-Statements', String(context.statements));
        return writeHead(...args);
      }) as typeof res.writeHead;
    }
    const line = (): Record<string, unknown> => ({
      requestId,
      method: req.method,
      path,
      durationMs: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
      sqlStatements: context.statements,
      ...operationOf(req, context),
    });
    requestContext.run(context, () => {
      res.once('finish', () => {
        logger.write('info', 'request finished', 'HTTP', undefined, { ...line(), status: res.statusCode });
      });
      // 'close' without 'finish': the connection ended before the whole response was handed to it (the
      // client gave up, or a proxy cut it). The work may go on; this line says nobody got its answer.
      res.once('close', () => {
        if (res.writableFinished) return;
        logger.write('warn', 'request aborted by the client', 'HTTP', undefined, {
          ...line(),
          aborted: true,
          headersSent: res.headersSent,
          ...(res.headersSent ? { status: res.statusCode } : {}),
        });
      });
      next();
    });
  };
}

/** The GraphQL operation of the request: as Apollo resolved it, or as the client named it if Apollo never got that far. */
function operationOf(req: Request, context: RequestContext): Record<string, unknown> {
  if (context.graphql) {
    const { operationName, operationType, rootFields } = context.graphql;
    return { ...(operationName ? { operationName } : {}), operationType, rootFields };
  }
  const body = req.body as { operationName?: unknown } | undefined;
  const named = typeof body?.operationName === 'string' ? body.operationName : req.query?.operationName;
  return typeof named === 'string' && named ? { operationName: named.slice(0, 200) } : {};
}
