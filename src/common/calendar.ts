const formatters = new Map<string, { formatter: Intl.DateTimeFormat; minute: number; day: string }>();

/** Today's date (YYYY-MM-DD) on the calendar of the given IANA time zone. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  // A formatter costs far more to build than to use: one per time zone, kept.
  let zone = formatters.get(timeZone);
  if (!zone) {
    // en-CA formats as YYYY-MM-DD.
    zone = {
      formatter: new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }),
      minute: NaN,
      day: '',
    };
    formatters.set(timeZone, zone);
  }
  // Every time zone's day starts on a whole minute: within one minute the answer is the same.
  const minute = Math.floor(now.getTime() / 60_000);
  if (minute !== zone.minute) {
    zone.day = zone.formatter.format(now);
    zone.minute = minute;
  }
  return zone.day;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** 2026-05-01 → 2026年5月1日 */
export function japaneseDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD (no 2026-02-30). */
export function isCalendarDate(value: string): boolean {
  const match = DATE_PATTERN.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * The days the service accepts, in every Date and DateTime input, every cursor and every imported
 * cell. Far outside them is a typing error (9999-12-31 for "never"), and dates computed from them
 * (reminders, the next review) would leave what PostgreSQL and ISO 8601 text can hold.
 */
export const EARLIEST_DATE = '1900-01-01';
export const LATEST_DATE = '2999-12-31';

/** A YYYY-MM-DD date within EARLIEST_DATE..LATEST_DATE. */
export function isDateInRange(date: string): boolean {
  return date >= EARLIEST_DATE && date <= LATEST_DATE;
}

const EARLIEST_INSTANT = Date.parse(`${EARLIEST_DATE}T00:00:00Z`);
const END_OF_LATEST_DATE = Date.parse(`${LATEST_DATE}T00:00:00Z`) + 86_400_000;

/** An instant whose UTC day is within EARLIEST_DATE..LATEST_DATE. */
export function isInstantInRange(time: number): boolean {
  return time >= EARLIEST_INSTANT && time < END_OF_LATEST_DATE;
}
