import { validate } from 'class-validator';
import { Kind } from 'graphql';
import { DateScalar, DateTimeScalar, IsCalendarDate, isCalendarDate } from './date-scalar';

describe('calendar dates', () => {
  it.each(['2026-04-01', '2026-02-28', '2024-02-29', '2000-02-29', '2026-12-31', '1999-01-01'])('accepts %s', (value) => {
    expect(isCalendarDate(value)).toBe(true);
  });

  it.each([
    ['a day past the month end', '2026-02-30'],
    ['29 February outside a leap year', '2026-02-29'],
    ['29 February in a century that is not a leap year', '1900-02-29'],
    ['31 April', '2026-04-31'],
    ['month 13', '2026-13-01'],
    ['month 0', '2026-00-10'],
    ['day 0', '2026-04-00'],
    ['unpadded parts', '2026-4-1'],
    ['an instant', '2026-04-01T00:00:00Z'],
    ['slashes', '2026/04/01'],
    ['nothing', ''],
  ])('rejects %s', (_case, value) => {
    expect(isCalendarDate(value)).toBe(false);
  });

  it('passes a valid date through the scalar unchanged, never as an instant', () => {
    expect(DateScalar.parseValue('2026-04-01')).toBe('2026-04-01');
    expect(DateScalar.parseLiteral({ kind: Kind.STRING, value: '2024-02-29' })).toBe('2024-02-29');
    expect(DateScalar.serialize('2026-04-01')).toBe('2026-04-01');
  });

  it('refuses an impossible date or a non-string as BAD_USER_INPUT', () => {
    expect(() => DateScalar.parseValue('2026-02-30')).toThrow(expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT' } }));
    expect(() => DateScalar.parseValue(20260401)).toThrow(expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT' } }));
    expect(() => DateScalar.parseLiteral({ kind: Kind.INT, value: '20260401' })).toThrow(/YYYY-MM-DD/);
    expect(() => DateScalar.serialize(new Date('2026-04-01T00:00:00Z'))).toThrow();
  });
});

describe('the range of dates', () => {
  const refusal = expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT' } });

  it.each(['1900-01-01', '2999-12-31', '2026-04-01'])('takes %s in the Date scalar', (value) => {
    expect(DateScalar.parseValue(value)).toBe(value);
  });

  it.each(['9999-12-31', '3000-01-01', '1899-12-31', '0100-01-01'])('refuses %s in the Date scalar, in Japanese', (value) => {
    expect(() => DateScalar.parseValue(value)).toThrow(refusal);
    expect(() => DateScalar.parseLiteral({ kind: Kind.STRING, value })).toThrow(/1900-01-01 から 2999-12-31 までの範囲/);
  });

  it('still serializes a stored date outside the range (written before the range was enforced)', () => {
    expect(DateScalar.serialize('9999-12-31')).toBe('9999-12-31');
  });

  it('holds the range in IsCalendarDate too, for values no scalar parsed (the ledger import)', async () => {
    class Holder {
      @IsCalendarDate() date?: string | null;
    }
    const failuresOf = async (date: string): Promise<string[]> =>
      (await validate(Object.assign(new Holder(), { date }))).flatMap((error) => Object.values(error.constraints ?? {}));
    expect(await failuresOf('2999-12-31')).toEqual([]);
    expect(await failuresOf('9999-12-31')).toEqual([expect.stringContaining('1900-01-01 から 2999-12-31 までの範囲')]);
    expect(await failuresOf('2026-02-30')).toEqual([expect.stringContaining('実在する日付')]);
  });
});

describe('the DateTime scalar', () => {
  const refusal = expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT' } });

  it.each([
    ['2026-04-01T09:00:00+09:00', '2026-04-01T00:00:00.000Z'],
    ['2026-04-01T00:00:00Z', '2026-04-01T00:00:00.000Z'],
    ['2026-04-01T00:00:00.123456Z', '2026-04-01T00:00:00.123Z'],
    ['2026-04-01', '2026-04-01T00:00:00.000Z'],
    ['1900-01-01T00:00:00Z', '1900-01-01T00:00:00.000Z'],
    ['2999-12-31T23:59:59.999Z', '2999-12-31T23:59:59.999Z'],
  ])('reads %s as the instant %s', (value, instant) => {
    expect(DateTimeScalar.parseValue(value).toISOString()).toBe(instant);
  });

  it.each([
    ['the largest instant JavaScript holds', '+275760-09-13T00:00:00.000Z'],
    ['year 9999', '9999-12-31T00:00:00Z'],
    ['year 0', '0000-01-01T00:00:00Z'],
    ['before 1900', '1899-12-31T23:59:59Z'],
    ['a day that does not exist', '2026-02-30T00:00:00Z'],
    ['an hour that does not exist', '2026-04-01T25:00:00Z'],
    ['words', 'yesterday'],
    ['a number of milliseconds', 1e15],
    ['nothing', null],
  ])('refuses %s as BAD_USER_INPUT', (_case, value) => {
    expect(() => DateTimeScalar.parseValue(value)).toThrow(refusal);
  });

  it('serializes an instant as ISO text', () => {
    expect(DateTimeScalar.serialize(new Date('2026-04-01T00:00:00Z'))).toBe('2026-04-01T00:00:00.000Z');
  });
});
