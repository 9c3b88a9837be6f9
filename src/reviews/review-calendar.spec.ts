import { RiskTier } from '../domain/subject.enums';
import {
  addDays,
  addMonths,
  DEFAULT_REVIEW_POLICY,
  escalationDate,
  firstReview,
  intervalMonths,
  isOverdue,
  nextPeriodicReview,
  reminderDates,
  renewalIsDue,
  renewalOpensOn,
  rescheduledDue,
  ReviewPolicyValues,
} from './review-calendar';

const policy: ReviewPolicyValues = { ...DEFAULT_REVIEW_POLICY, reminderDaysBefore: [14, 3] };

describe('calendar arithmetic', () => {
  it.each([
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2026-03-31', 1, '2026-04-30'],
    ['2026-08-31', 6, '2027-02-28'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2024-02-29', 48, '2028-02-29'],
    ['2026-11-30', 2, '2027-01-30'],
    ['2026-12-15', 1, '2027-01-15'],
    ['2026-05-31', -3, '2026-02-28'],
    ['2026-04-01', 24, '2028-04-01'],
  ])('%s + %i months = %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it.each([
    ['2026-12-31', 1, '2027-01-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2026-02-28', 1, '2026-03-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-04-01', 30, '2026-05-01'],
    ['2026-01-01', -60, '2025-11-02'],
  ])('%s + %i days = %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });

  it('is overdue from the day after the due date', () => {
    expect(isOverdue('2026-04-30', '2026-04-30')).toBe(false);
    expect(isOverdue('2026-04-30', '2026-05-01')).toBe(true);
    expect(isOverdue('2026-04-30', '2026-04-29')).toBe(false);
  });
});

describe('scheduling', () => {
  it('uses the interval of the risk tier', () => {
    expect(intervalMonths(policy, RiskTier.HIGH)).toBe(6);
    expect(intervalMonths(policy, RiskTier.MEDIUM)).toBe(12);
    expect(intervalMonths(policy, RiskTier.LOW)).toBe(24);
  });

  it('schedules an INITIAL review 30 days after registration', () => {
    expect(firstReview(policy, RiskTier.HIGH, '2026-04-01', null)).toEqual({
      kind: 'INITIAL',
      dueDate: '2026-05-01',
      scheduledFrom: '2026-04-01',
    });
  });

  it('schedules PERIODIC one interval after a review done before registration, even when that is already past', () => {
    expect(firstReview(policy, RiskTier.MEDIUM, '2026-11-25', '2024-11-25')).toEqual({
      kind: 'PERIODIC',
      dueDate: '2025-11-25',
      scheduledFrom: '2024-11-25',
    });
    expect(firstReview(policy, RiskTier.HIGH, '2026-11-25', '2026-08-31')).toEqual({
      kind: 'PERIODIC',
      dueDate: '2027-02-28',
      scheduledFrom: '2026-08-31',
    });
  });

  it('schedules the next PERIODIC review one interval after completion', () => {
    expect(nextPeriodicReview(policy, RiskTier.LOW, '2026-01-31')).toEqual({
      kind: 'PERIODIC',
      dueDate: '2028-01-31',
      scheduledFrom: '2026-01-31',
    });
    expect(nextPeriodicReview(policy, RiskTier.HIGH, '2026-08-31')).toEqual({
      kind: 'PERIODIC',
      dueDate: '2027-02-28',
      scheduledFrom: '2026-08-31',
    });
  });

  it('brings a PERIODIC review forward when the tier rises, never back when it falls', () => {
    const review = { kind: 'PERIODIC' as const, dueDate: '2028-04-01', scheduledFrom: '2026-04-01' };
    expect(rescheduledDue(policy, RiskTier.HIGH, review)).toBe('2026-10-01');
    expect(rescheduledDue(policy, RiskTier.MEDIUM, review)).toBe('2027-04-01');
    expect(rescheduledDue(policy, RiskTier.LOW, { ...review, dueDate: '2026-10-01' })).toBe('2026-10-01');
  });

  it('moves an INITIAL review only when initialReviewDays shrinks', () => {
    const review = { kind: 'INITIAL' as const, dueDate: '2026-05-01', scheduledFrom: '2026-04-01' };
    expect(rescheduledDue({ ...policy, initialReviewDays: 14 }, RiskTier.LOW, review)).toBe('2026-04-15');
    expect(rescheduledDue({ ...policy, initialReviewDays: 60 }, RiskTier.LOW, review)).toBe('2026-05-01');
    expect(rescheduledDue(policy, RiskTier.HIGH, review)).toBe('2026-05-01');
  });

  it('opens a RENEWAL review 60 days before the end date', () => {
    expect(renewalOpensOn(policy, '2027-03-31')).toBe('2027-01-30');
    expect(renewalIsDue(policy, '2027-03-31', '2027-01-29')).toBe(false);
    expect(renewalIsDue(policy, '2027-03-31', '2027-01-30')).toBe(true);
    expect(renewalIsDue(policy, '2027-03-31', '2027-05-01')).toBe(true);
    expect(renewalIsDue(policy, null, '2027-05-01')).toBe(false);
  });

  it('reminds 14 and 3 days before the due date, and escalates 7 days after it', () => {
    expect(reminderDates(policy, '2026-05-01')).toEqual([
      { daysBefore: 14, on: '2026-04-17' },
      { daysBefore: 3, on: '2026-04-28' },
    ]);
    expect(reminderDates({ ...policy, reminderDaysBefore: [3, 14, 3] }, '2026-05-01').map((r) => r.daysBefore)).toEqual([14, 3]);
    expect(escalationDate(policy, '2026-12-28')).toBe('2027-01-04');
  });
});
