import { Kind } from 'graphql';
import { DateScalar, isCalendarDate } from './date-scalar';

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
