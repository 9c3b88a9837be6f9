import fc from 'fast-check';
import { CursorValue, decodeCursor, encodeCursor } from './pagination';
import { AppError } from './errors';

const UUID = '3f1c2b9e-8d4a-4c6f-9b1e-2a7d5c8e0f13';
const KINDS: CursorValue[][] = [
  ['text', 'uuid'],
  ['timestamp', 'uuid'],
  ['date', 'uuid'],
];

/** What decodeCursor may hand to SQL: each value of the form its column's cast accepts. */
function safeForSql(value: string, kind: CursorValue): boolean {
  switch (kind) {
    case 'text':
      return !value.includes('\u0000') && Buffer.from(value, 'utf8').toString('utf8') === value;
    case 'uuid':
      return /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i.test(value);
    case 'timestamp':
      return /^(19|2\d)\d{2}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(value);
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(value) && Number(value.slice(0, 4)) >= 100;
  }
}

/** The one refusal of any cursor: BAD_USER_INPUT naming `after`, in Japanese. */
function refused(cursor: string, kinds: CursorValue[]): boolean {
  try {
    decodeCursor(cursor, kinds);
    return false;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', fieldErrors: [{ field: 'after', message: expect.stringMatching(/カーソル/) }] });
    return true;
  }
}

describe('cursors', () => {
  it('read back what the service wrote', () => {
    expect(decodeCursor(encodeCursor(['株式会社テスト', UUID]), ['text', 'uuid'])).toEqual(['株式会社テスト', UUID]);
    expect(decodeCursor(encodeCursor(['2026-04-01T00:00:00.000Z', UUID]), ['timestamp', 'uuid'])).toEqual([
      '2026-04-01T00:00:00.000Z',
      UUID,
    ]);
    expect(decodeCursor(encodeCursor(['2026-04-01', UUID]), ['date', 'uuid'])).toEqual(['2026-04-01', UUID]);
  });

  it.each([
    ['the largest instant JavaScript holds', ['+275760-09-13T00:00:00.000Z', UUID], ['timestamp', 'uuid']],
    ['year 0', ['0000-01-01T00:00:00.000Z', UUID], ['timestamp', 'uuid']],
    ['year 9999', ['9999-12-31T00:00:00.000Z', UUID], ['timestamp', 'uuid']],
    ['a lone surrogate', ['x\ud800', UUID], ['text', 'uuid']],
    ['a NUL', ['x\u0000', UUID], ['text', 'uuid']],
    ['a date with no year 0', ['0000-01-01', UUID], ['date', 'uuid']],
  ])('refuse %s as BAD_USER_INPUT', (_case, values, kinds) => {
    expect(refused(encodeCursor(values), kinds as CursorValue[])).toBe(true);
  });

  it('hand SQL only what its casts accept, and refuse anything else as BAD_USER_INPUT, whatever the cursor holds', () => {
    const scalar = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.string(),
      fc.constantFrom(UUID, '2026-04-01T00:00:00.000Z', '+275760-09-13T00:00:00.000Z', '0000-01-01', '2026-04-01', 'x\ud800', '\udfff'),
      fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
    );
    const content = fc.oneof(
      fc.array(scalar, { maxLength: 3 }).map((values) => encodeCursor(values as string[])),
      fc.anything().map((value) => Buffer.from(JSON.stringify(value) ?? '', 'utf8').toString('base64url')),
      fc.string(),
    );
    fc.assert(
      fc.property(content, fc.constantFrom(...KINDS), (cursor, kinds) => {
        if (refused(cursor, kinds)) return;
        const values = decodeCursor(cursor, kinds);
        expect(values.every((value, i) => safeForSql(value, kinds[i]))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
