import { LoggerService } from '@nestjs/common';
import { currentRequestId, requestContext } from './request-context';

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
export type LogLevel = keyof typeof LEVELS;

/** How long a repeated error is counted before its count is written (LOG_REPEAT_SECONDS). */
export const DEFAULT_REPEAT_SECONDS = 10;

interface RepeatWindow {
  /** Occurrences since the last line written for the key. */
  count: number;
  /** The last occurrence, written with the count. */
  last: { level: LogLevel; message: unknown; context?: string; fields: Record<string, unknown> };
  timer: NodeJS.Timeout;
}

/**
 * One JSON object per line on stdout, with the request id when there is one.
 *
 * Errors that repeat (the database is down, and every request and every job poll says so) are written
 * once, then counted: one line per interval carries `repeated` (how many more there were) until they
 * stop. A message object with a `repeatKey` field is counted under that key, so code that logs through
 * Nest's `Logger` can ask for it too.
 */
export class JsonLogger implements LoggerService {
  private readonly windows = new Map<string, RepeatWindow>();

  constructor(
    private readonly minimum: LogLevel = 'info',
    private readonly repeatSeconds: number = DEFAULT_REPEAT_SECONDS,
  ) {}

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
    if (isObject(message) && typeof message.repeatKey === 'string' && !(message instanceof Error)) {
      const { repeatKey, ...rest } = message;
      this.repeated(repeatKey, level, rest, context, { ...(stack ? { stack } : {}), ...fields });
      return;
    }
    const entry: Record<string, unknown> = { time: new Date().toISOString(), level };
    const requestId = currentRequestId();
    if (requestId) entry.requestId = requestId;
    if (context) entry.context = context;
    if (message instanceof Error) {
      const { error, ...details } = describeError(message);
      entry.msg = error;
      Object.assign(entry, details);
    } else if (isObject(message)) {
      Object.assign(entry, message);
    } else {
      entry.msg = String(message);
    }
    if (stack) entry.stack = stack;
    Object.assign(entry, fields);
    process.stdout.write(`${JSON.stringify(entry, errorsAsText)}\n`);
  }

  /**
   * Writes the first occurrence of `key` at once, then counts the next ones: at the end of each
   * interval in which more came, one line with `repeated` (their number) and the last one's fields.
   * An interval without any ends the burst; the next occurrence is written at once again.
   */
  repeated(key: string, level: LogLevel, message: unknown, context?: string, fields: Record<string, unknown> = {}): void {
    if (LEVELS[level] < LEVELS[this.minimum]) return;
    const window = this.windows.get(key);
    if (window) {
      window.count++;
      window.last = { level, message, context, fields };
      return;
    }
    this.write(level, message, context, undefined, fields);
    const opened: RepeatWindow = {
      count: 0,
      last: { level, message, context, fields },
      // Outside the request that happened to come first: the count is not that request's.
      timer: requestContext.exit(() => setInterval(() => this.endInterval(key), this.repeatSeconds * 1000).unref()),
    };
    this.windows.set(key, opened);
  }

  /** Writes the counts of the bursts still open (at shutdown). */
  flushRepeated(): void {
    for (const key of [...this.windows.keys()]) this.endInterval(key, true);
  }

  private endInterval(key: string, closing = false): void {
    const window = this.windows.get(key);
    if (!window) return;
    if (window.count === 0 || closing) {
      clearInterval(window.timer);
      this.windows.delete(key);
    }
    if (window.count === 0) return;
    // The last occurrence's message and fields with the count; its stack was in the first line.
    const { level, message, context, fields } = window.last;
    const withoutStack = (record: Record<string, unknown>): Record<string, unknown> =>
      Object.fromEntries(Object.entries(record).filter(([name]) => name !== 'stack'));
    const said = message instanceof Error ? { msg: describeError(message).error } : isObject(message) ? withoutStack(message) : message;
    this.write(level, said, context, undefined, {
      ...withoutStack(fields),
      repeated: window.count,
      repeatedWithinSeconds: this.repeatSeconds,
    });
    window.count = 0;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * What a log line says of a thrown value: its message, stack and codes. pg-boss emits plain objects
 * that copy an error's fields (`{ ...error, message, stack }`), Node's AggregateError (a refused
 * connection to `localhost`, both addresses) has an empty message of its own: the inner ones say it.
 */
export function describeError(error: unknown): { error: string; stack?: string; code?: string } {
  if (!isObject(error)) return { error: String(error) };
  const own = typeof error.message === 'string' ? error.message : '';
  const inner = Array.isArray(error.errors) ? (error.errors as unknown[]).map((e) => describeError(e).error) : [];
  const text = [own, inner.join('; ')].filter(Boolean).join(': ') || (error instanceof Error ? error.name : safeJson(error));
  const described: { error: string; stack?: string; code?: string } = { error: text };
  if (typeof error.stack === 'string') described.stack = error.stack;
  if (typeof error.code === 'string') described.code = error.code;
  return described;
}

function safeJson(value: object): string {
  try {
    return JSON.stringify(value, errorsAsText);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** JSON.stringify writes an Error as `{}`: fields holding one get its message, stack and code. */
function errorsAsText(this: unknown, _key: string, value: unknown): unknown {
  return value instanceof Error ? describeError(value) : value;
}
