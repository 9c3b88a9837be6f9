import { Logger as TypeOrmLogger } from 'typeorm';
import { JsonLogger } from '../common/json-logger';
import { requestContext } from '../common/request-context';

/**
 * TypeORM's logger: counts the statements each request sends (the request log line carries the
 * count, so an N+1 shows in production logs) and reports slow ones. Failed statements surface as
 * errors through the error mapper; they are not printed here a second time.
 */
export class SqlLogger implements TypeOrmLogger {
  constructor(private readonly logger?: JsonLogger) {}

  logQuery(query: string): void {
    const context = requestContext.getStore();
    if (context) context.statements++;
    this.logger?.write('debug', 'sql', 'SQL', undefined, { query: query.slice(0, 2000) });
  }

  logQueryError(): void {}

  logQuerySlow(time: number, query: string): void {
    this.logger?.write('warn', 'slow sql statement', 'SQL', undefined, { durationMs: time, query: query.slice(0, 2000) });
  }

  logSchemaBuild(): void {}

  logMigration(message: string): void {
    this.logger?.write('info', message, 'Migration');
  }

  /** TypeORM's own messages; its warnings ("Postgres pool raised an error" when the server goes away) once per interval. */
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    const text = String(message);
    if (level === 'warn') this.logger?.repeated(`typeorm:${text}`, 'warn', text, 'TypeORM');
    else this.logger?.write('debug', text, 'TypeORM');
  }
}
