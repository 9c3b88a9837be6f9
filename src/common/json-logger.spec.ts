import { describeError, JsonLogger } from './json-logger';
import { requestContext } from './request-context';

describe('JsonLogger', () => {
  let written: Record<string, unknown>[];
  let stdout: jest.SpyInstance;

  beforeEach(() => {
    jest.useFakeTimers();
    written = [];
    stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      return true;
    });
  });
  afterEach(() => {
    stdout.mockRestore();
    jest.useRealTimers();
  });

  describe('repeated errors', () => {
    it('writes the first at once, then one line per interval with the count of the others, until they stop', () => {
      const logger = new JsonLogger('info', 10);
      for (let i = 0; i < 5; i++)
        logger.repeated('down', 'error', { msg: 'database unavailable', attempt: i }, 'Database', { stack: 'at x' });
      expect(written).toEqual([
        expect.objectContaining({ level: 'error', context: 'Database', msg: 'database unavailable', attempt: 0, stack: 'at x' }),
      ]);

      jest.advanceTimersByTime(10_000);
      expect(written).toHaveLength(2);
      // The last one's fields with the count; the stack was in the first line.
      expect(written[1]).toEqual(
        expect.objectContaining({ msg: 'database unavailable', attempt: 4, repeated: 4, repeatedWithinSeconds: 10 }),
      );
      expect(written[1].stack).toBeUndefined();

      logger.repeated('down', 'error', { msg: 'database unavailable', attempt: 5 }, 'Database');
      logger.repeated('down', 'error', { msg: 'database unavailable', attempt: 6 }, 'Database');
      jest.advanceTimersByTime(10_000);
      expect(written.slice(2)).toEqual([expect.objectContaining({ attempt: 6, repeated: 2 })]);

      // A quiet interval ends the burst: the next one is written at once again.
      jest.advanceTimersByTime(10_000);
      expect(written).toHaveLength(3);
      jest.advanceTimersByTime(10_000);
      logger.repeated('down', 'error', { msg: 'database unavailable', attempt: 7 }, 'Database');
      expect(written.slice(3)).toEqual([expect.objectContaining({ attempt: 7 })]);
      expect(written[3].repeated).toBeUndefined();
    });

    it('counts each key on its own, and through a repeatKey in the message (Nest Logger calls)', () => {
      const logger = new JsonLogger('info', 10);
      logger.error({ msg: 'pg-boss error', error: 'a', repeatKey: 'a' }, undefined, 'JobQueue');
      logger.error({ msg: 'pg-boss error', error: 'a', repeatKey: 'a' }, undefined, 'JobQueue');
      logger.error({ msg: 'pg-boss error', error: 'b', repeatKey: 'b' }, undefined, 'JobQueue');
      expect(written.map((line) => line.error)).toEqual(['a', 'b']);
      expect(written[0].repeatKey).toBeUndefined();
      logger.flushRepeated();
      expect(written.slice(2)).toEqual([expect.objectContaining({ error: 'a', repeated: 1, context: 'JobQueue' })]);
    });

    it('writes the count outside the request that came first, and nothing below the level', () => {
      const logger = new JsonLogger('warn', 10);
      requestContext.run({ requestId: 'first-request', statements: 0 }, () => {
        logger.repeated('k', 'error', 'down', 'Database');
        logger.repeated('k', 'error', 'down', 'Database');
        logger.repeated('quiet', 'info', 'not written', 'Database');
      });
      expect(written).toEqual([expect.objectContaining({ msg: 'down', requestId: 'first-request' })]);
      jest.advanceTimersByTime(10_000);
      expect(written[1]).toEqual(expect.objectContaining({ msg: 'down', repeated: 1 }));
      expect(written[1].requestId).toBeUndefined();
    });
  });

  it('writes an error and an error inside the fields with message and stack, never as {} or [object Object]', () => {
    const logger = new JsonLogger('info');
    const error = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    logger.write('error', error, 'Test');
    logger.write('warn', 'job failed', 'Test', undefined, { cause: error });
    expect(written[0]).toEqual(
      expect.objectContaining({
        msg: 'connect ECONNREFUSED 127.0.0.1:5432',
        code: 'ECONNREFUSED',
        stack: expect.stringContaining('Error: connect'),
      }),
    );
    expect(written[1].cause).toEqual(
      expect.objectContaining({ error: 'connect ECONNREFUSED 127.0.0.1:5432', stack: expect.any(String), code: 'ECONNREFUSED' }),
    );
  });
});

describe('describeError', () => {
  it('reads an Error, with its code', () => {
    const error = Object.assign(new Error('the database system is starting up'), { code: '57P03' });
    expect(describeError(error)).toEqual({ error: 'the database system is starting up', stack: error.stack, code: '57P03' });
  });

  it('reads the plain object pg-boss emits for a worker error (its fields spread from an Error)', () => {
    const cause = new Error('Connection terminated unexpectedly');
    const emitted = { ...cause, message: cause.message, stack: cause.stack, queue: 'email-delivery', worker: 'w1' };
    expect(Object.prototype.toString.call(emitted)).toBe('[object Object]'); // what String(error) printed
    expect(describeError(emitted)).toEqual({ error: 'Connection terminated unexpectedly', stack: cause.stack });
  });

  it('reads an AggregateError by its inner errors (a refused connection to localhost: both addresses)', () => {
    const aggregate = Object.assign(
      new AggregateError([new Error('connect ECONNREFUSED ::1:5432'), new Error('connect ECONNREFUSED 127.0.0.1:5432')]),
      {
        code: 'ECONNREFUSED',
      },
    );
    expect(describeError(aggregate)).toMatchObject({
      error: 'connect ECONNREFUSED ::1:5432; connect ECONNREFUSED 127.0.0.1:5432',
      code: 'ECONNREFUSED',
    });
  });

  it('reads anything else as text', () => {
    expect(describeError('plain text')).toEqual({ error: 'plain text' });
    expect(describeError(undefined)).toEqual({ error: 'undefined' });
    expect(describeError({ reason: 'no message' })).toEqual({ error: '{"reason":"no message"}' });
  });
});
