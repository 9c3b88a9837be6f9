import { LoggerService } from '@nestjs/common';
import { currentRequestId } from './request-context';

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
export type LogLevel = keyof typeof LEVELS;

/** One JSON object per line on stdout, with the request id when there is one. */
export class JsonLogger implements LoggerService {
  constructor(private readonly minimum: LogLevel = 'info') {}

  log(message: unknown, context?: string): void {
    this.write('info', message, context);
  }

  error(message: unknown, stackOrContext?: string, context?: string): void {
    const stack = context === undefined ? undefined : stackOrContext;
    this.write('error', message, context ?? (stack === undefined ? stackOrContext : undefined), stack);
  }

  warn(message: unknown, context?: string): void {
    this.write('warn', message, context);
  }

  debug(message: unknown, context?: string): void {
    this.write('debug', message, context);
  }

  verbose(message: unknown, context?: string): void {
    this.write('debug', message, context);
  }

  write(level: LogLevel, message: unknown, context?: string, stack?: string, fields: Record<string, unknown> = {}): void {
    if (LEVELS[level] < LEVELS[this.minimum]) return;
    const entry: Record<string, unknown> = { time: new Date().toISOString(), level };
    const requestId = currentRequestId();
    if (requestId) entry.requestId = requestId;
    if (context) entry.context = context;
    if (message instanceof Error) {
      entry.msg = message.message;
      entry.stack = message.stack;
    } else if (typeof message === 'object' && message !== null) {
      Object.assign(entry, message);
    } else {
      entry.msg = String(message);
    }
    if (stack) entry.stack = stack;
    Object.assign(entry, fields);
    process.stdout.write(`${JSON.stringify(entry)}\n`);
  }
}
