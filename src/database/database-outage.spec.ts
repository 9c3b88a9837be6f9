import { isDatabaseUnavailable } from './database-outage';

/** An error as node-postgres builds it from a server message: the SQLSTATE in `code`. */
const pgError = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['a reset connection', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
    ['a connection the server ended', new Error('Connection terminated unexpectedly')],
    ['a client of a dead connection', new Error('Client has encountered a connection error and is not queryable')],
    ['the server killed', pgError('terminating connection due to unexpected postmaster exit', '57P01')],
    ['the server crashed', pgError('terminating connection because of crash of another server process', '57P02')],
    ['the server starting up', pgError('the database system is starting up', '57P03')],
    ['the server shutting down', pgError('the database system is shutting down', '57P03')],
    ['too many connections', pgError('sorry, too many clients already', '53300')],
    ['a connection exception', pgError('connection failure', '08006')],
  ])('is true for %s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it('looks through TypeORM’s wrapper, a cause and an AggregateError (every attempt refused)', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED ::1:5432'), { code: 'ECONNREFUSED' });
    expect(
      isDatabaseUnavailable({
        name: 'QueryFailedError',
        message: 'x',
        driverError: pgError('the database system is starting up', '57P03'),
      }),
    ).toBe(true);
    expect(isDatabaseUnavailable(new Error('wrapped', { cause: refused }))).toBe(true);
    expect(isDatabaseUnavailable(new AggregateError([refused, refused]))).toBe(true);
  });

  it.each([
    ['a unique violation', pgError('duplicate key value violates unique constraint', '23505')],
    ['a statement timeout', pgError('canceling statement due to statement timeout', '57014')],
    ['a syntax error', pgError('syntax error at or near "x"', '42601')],
    ['a plain error', new Error('something else')],
    [
      'an AggregateError with one refusal among other failures',
      new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), new Error('y')]),
    ],
    ['a non-error', 'ECONNREFUSED'],
    ['nothing', undefined],
  ])('is false for %s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
