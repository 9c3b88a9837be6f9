import { DEFAULT_REVIEW_POLICY, ReviewPolicyValues } from './review-calendar';
import { calendarDayIn, noticeApplies, noticeJobId, planReviewNotices, ReviewNoticeJob, zonedInstant } from './review-notice-plan';

const policy: ReviewPolicyValues = { ...DEFAULT_REVIEW_POLICY, reminderDaysBefore: [14, 3] };
const TOKYO = 'Asia/Tokyo';

/** 2026-05-01 at the given Tokyo wall-clock time. */
const tokyo = (date: string, time: string): Date => new Date(`${date}T${time}:00+09:00`);

function plan(dueDate: string, now: Date, overrides: Partial<Parameters<typeof planReviewNotices>[0]> = {}) {
  return planReviewNotices({ dueDate, assigned: true, policy, timeZone: TOKYO, now, ...overrides }).map((n) => ({
    notice: n.notice,
    on: n.on,
    daysBefore: n.daysBefore,
    at: n.startAfter.toISOString(),
  }));
}

describe('zonedInstant and calendarDayIn', () => {
  it('09:00 in Tokyo is midnight UTC', () => {
    expect(zonedInstant('2026-05-01', 9, TOKYO).toISOString()).toBe('2026-05-01T00:00:00.000Z');
  });

  it('follows daylight saving time', () => {
    expect(zonedInstant('2026-01-15', 9, 'America/New_York').toISOString()).toBe('2026-01-15T14:00:00.000Z');
    expect(zonedInstant('2026-07-15', 9, 'America/New_York').toISOString()).toBe('2026-07-15T13:00:00.000Z');
    // The day the clocks go forward (2 a.m. on 8 March 2026): 09:00 is already summer time.
    expect(zonedInstant('2026-03-08', 9, 'America/New_York').toISOString()).toBe('2026-03-08T13:00:00.000Z');
    expect(zonedInstant('2026-10-25', 9, 'Europe/London').toISOString()).toBe('2026-10-25T09:00:00.000Z');
  });

  it('reads the calendar day in the zone, not in UTC', () => {
    expect(calendarDayIn(TOKYO, new Date('2026-04-30T15:00:00Z'))).toBe('2026-05-01');
    expect(calendarDayIn(TOKYO, new Date('2026-04-30T14:59:59Z'))).toBe('2026-04-30');
  });
});

describe('planReviewNotices', () => {
  it('plans every notice at 09:00 on its day when all lie ahead', () => {
    expect(plan('2026-06-30', tokyo('2026-05-01', '12:00'))).toEqual([
      { notice: 'DUE_SOON', on: '2026-06-16', daysBefore: 14, at: '2026-06-16T00:00:00.000Z' },
      { notice: 'DUE_SOON', on: '2026-06-27', daysBefore: 3, at: '2026-06-27T00:00:00.000Z' },
      { notice: 'OVERDUE', on: '2026-07-01', daysBefore: undefined, at: '2026-07-01T00:00:00.000Z' },
      { notice: 'ESCALATED', on: '2026-07-07', daysBefore: undefined, at: '2026-07-07T00:00:00.000Z' },
    ]);
  });

  it('sends only the latest passed reminder at once, never the stale ones before it', () => {
    const now = tokyo('2026-05-01', '12:00');
    expect(plan('2026-05-03', now)).toEqual([
      { notice: 'DUE_SOON', on: '2026-04-30', daysBefore: 3, at: now.toISOString() },
      { notice: 'OVERDUE', on: '2026-05-04', daysBefore: undefined, at: '2026-05-04T00:00:00.000Z' },
      { notice: 'ESCALATED', on: '2026-05-10', daysBefore: undefined, at: '2026-05-10T00:00:00.000Z' },
    ]);
  });

  it('sends a reminder whose day is today at once after 09:00, and at 09:00 before', () => {
    expect(plan('2026-05-04', tokyo('2026-05-01', '09:30'))[0]).toMatchObject({
      notice: 'DUE_SOON',
      daysBefore: 3,
      at: tokyo('2026-05-01', '09:30').toISOString(),
    });
    // Before 09:00 the 14-day reminder has passed, but the 3-day one comes later the same day: only that one.
    expect(plan('2026-05-04', tokyo('2026-05-01', '08:00'))).toEqual([
      { notice: 'DUE_SOON', on: '2026-05-01', daysBefore: 3, at: '2026-05-01T00:00:00.000Z' },
      { notice: 'OVERDUE', on: '2026-05-05', daysBefore: undefined, at: '2026-05-05T00:00:00.000Z' },
      { notice: 'ESCALATED', on: '2026-05-11', daysBefore: undefined, at: '2026-05-11T00:00:00.000Z' },
    ]);
  });

  it('a reminder still applies on the due date itself', () => {
    const now = tokyo('2026-05-03', '15:00');
    expect(plan('2026-05-03', now)[0]).toEqual({ notice: 'DUE_SOON', on: '2026-04-30', daysBefore: 3, at: now.toISOString() });
  });

  it('an overdue review gets the overdue notice at once, no reminder, and its escalation when that day has come', () => {
    const now = tokyo('2026-05-01', '12:00');
    expect(plan('2026-04-29', now)).toEqual([
      { notice: 'OVERDUE', on: '2026-04-30', daysBefore: undefined, at: now.toISOString() },
      { notice: 'ESCALATED', on: '2026-05-06', daysBefore: undefined, at: '2026-05-06T00:00:00.000Z' },
    ]);
    expect(plan('2024-05-01', now)).toEqual([
      { notice: 'OVERDUE', on: '2024-05-02', daysBefore: undefined, at: now.toISOString() },
      { notice: 'ESCALATED', on: '2024-05-08', daysBefore: undefined, at: now.toISOString() },
    ]);
  });

  it('the morning after the due date, before 09:00: neither the stale reminder nor yet the overdue notice', () => {
    expect(plan('2026-04-30', tokyo('2026-05-01', '08:00'))).toEqual([
      { notice: 'OVERDUE', on: '2026-05-01', daysBefore: undefined, at: '2026-05-01T00:00:00.000Z' },
      { notice: 'ESCALATED', on: '2026-05-07', daysBefore: undefined, at: '2026-05-07T00:00:00.000Z' },
    ]);
  });

  it('with nobody assigned only the escalation is planned', () => {
    expect(plan('2026-06-30', tokyo('2026-05-01', '12:00'), { assigned: false })).toEqual([
      { notice: 'ESCALATED', on: '2026-07-07', daysBefore: undefined, at: '2026-07-07T00:00:00.000Z' },
    ]);
  });

  it('follows the policy: other reminder days, no reminders, another escalation delay', () => {
    const now = tokyo('2026-05-01', '12:00');
    const custom = { ...policy, reminderDaysBefore: [7, 30, 7], escalateAfterDays: 2 };
    expect(plan('2026-06-30', now, { policy: custom }).map((n) => `${n.notice}:${n.on}`)).toEqual([
      'DUE_SOON:2026-05-31',
      'DUE_SOON:2026-06-23',
      'OVERDUE:2026-07-01',
      'ESCALATED:2026-07-02',
    ]);
    expect(plan('2026-06-30', now, { policy: { ...policy, reminderDaysBefore: [] } }).map((n) => n.notice)).toEqual([
      'OVERDUE',
      'ESCALATED',
    ]);
  });

  it('uses the organization time zone for 09:00', () => {
    const [first] = planReviewNotices({
      dueDate: '2026-07-15',
      assigned: true,
      policy,
      timeZone: 'America/New_York',
      now: new Date('2026-05-01T00:00:00Z'),
    });
    expect(first.startAfter.toISOString()).toBe('2026-07-01T13:00:00.000Z');
  });
});

describe('noticeApplies', () => {
  const job = (overrides: Partial<ReviewNoticeJob> = {}): ReviewNoticeJob => ({
    organizationId: 'o',
    reviewId: 'r',
    notice: 'DUE_SOON',
    dueDate: '2026-05-10',
    assigneeId: 'u1',
    daysBefore: 3,
    ...overrides,
  });
  const open = { status: 'OPEN', dueDate: '2026-05-10', assigneeId: 'u1' };

  it('a reminder applies to the open review it was planned for, until the due date', () => {
    expect(noticeApplies(job(), open, policy, '2026-05-07')).toBe(true);
    expect(noticeApplies(job(), open, policy, '2026-05-10')).toBe(true);
    expect(noticeApplies(job(), open, policy, '2026-05-11')).toBe(false);
  });

  it('is dropped once the review is closed, moved or reassigned, or missing', () => {
    expect(noticeApplies(job(), { ...open, status: 'COMPLETED' }, policy, '2026-05-07')).toBe(false);
    expect(noticeApplies(job(), { ...open, status: 'CANCELLED' }, policy, '2026-05-07')).toBe(false);
    expect(noticeApplies(job(), { ...open, dueDate: '2026-05-20' }, policy, '2026-05-07')).toBe(false);
    expect(noticeApplies(job(), { ...open, assigneeId: 'u2' }, policy, '2026-05-07')).toBe(false);
    expect(noticeApplies(job(), { ...open, assigneeId: null }, policy, '2026-05-07')).toBe(false);
    expect(noticeApplies(job(), null, policy, '2026-05-07')).toBe(false);
  });

  it('a reminder the policy no longer has is dropped', () => {
    expect(noticeApplies(job(), open, { ...policy, reminderDaysBefore: [7] }, '2026-05-07')).toBe(false);
  });

  it('the overdue notice applies from the day after the due date', () => {
    expect(noticeApplies(job({ notice: 'OVERDUE', daysBefore: undefined }), open, policy, '2026-05-10')).toBe(false);
    expect(noticeApplies(job({ notice: 'OVERDUE', daysBefore: undefined }), open, policy, '2026-05-11')).toBe(true);
  });

  it('the escalation applies from its day with the delay it was planned with, assigned or not', () => {
    const escalation = job({ notice: 'ESCALATED', daysBefore: undefined, escalateAfterDays: 7, assigneeId: null });
    const unassigned = { ...open, assigneeId: null };
    expect(noticeApplies(escalation, unassigned, policy, '2026-05-16')).toBe(false);
    expect(noticeApplies(escalation, unassigned, policy, '2026-05-17')).toBe(true);
    expect(noticeApplies(escalation, unassigned, { ...policy, escalateAfterDays: 10 }, '2026-05-30')).toBe(false);
  });
});

describe('noticeJobId', () => {
  it('is a UUID determined by everything the job carries', () => {
    const base: ReviewNoticeJob = {
      organizationId: 'o',
      reviewId: 'r',
      notice: 'DUE_SOON',
      dueDate: '2026-05-10',
      assigneeId: 'u1',
      daysBefore: 3,
    };
    expect(noticeJobId(base)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(noticeJobId({ ...base })).toBe(noticeJobId(base));
    const others = [
      { ...base, daysBefore: 14 },
      { ...base, dueDate: '2026-05-11' },
      { ...base, assigneeId: 'u2' },
      { ...base, notice: 'OVERDUE' as const },
    ];
    expect(new Set([base, ...others].map(noticeJobId)).size).toBe(5);
  });
});
