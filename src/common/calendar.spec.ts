import { isValidTimeZone, japaneseDate, todayIn } from './calendar';

describe('today in a time zone', () => {
  it('follows the Tokyo calendar around UTC midnight', () => {
    expect(todayIn('Asia/Tokyo', new Date('2026-03-31T14:59:59.999Z'))).toBe('2026-03-31');
    expect(todayIn('Asia/Tokyo', new Date('2026-03-31T15:00:00.000Z'))).toBe('2026-04-01');
    expect(todayIn('Asia/Tokyo', new Date('2026-03-31T15:30:00.000Z'))).toBe('2026-04-01');
    expect(todayIn('Asia/Tokyo', new Date('2026-04-01T00:30:00.000Z'))).toBe('2026-04-01');
  });

  it('crosses a year end on the organization calendar, not UTC', () => {
    expect(todayIn('Asia/Tokyo', new Date('2026-12-31T15:00:00.000Z'))).toBe('2027-01-01');
    expect(todayIn('UTC', new Date('2026-12-31T15:00:00.000Z'))).toBe('2026-12-31');
    expect(todayIn('America/Los_Angeles', new Date('2027-01-01T07:59:00.000Z'))).toBe('2026-12-31');
  });

  it('recognises IANA time zones only', () => {
    expect(isValidTimeZone('Asia/Tokyo')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Asia/Osaka')).toBe(false);
    expect(isValidTimeZone('JST+9 please')).toBe(false);
  });
});

describe('japaneseDate', () => {
  it('writes a calendar date the Japanese way', () => {
    expect(japaneseDate('2026-05-01')).toBe('2026年5月1日');
    expect(japaneseDate('2027-12-31')).toBe('2027年12月31日');
  });
});
