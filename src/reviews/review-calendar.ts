import { RiskTier } from '../domain/subject.enums';

/**
 * The review calendar, free of I/O: calendar-date arithmetic (YYYY-MM-DD, no time zones: "today"
 * comes in already computed in the organization's calendar) and the scheduling rules.
 */
export interface ReviewPolicyValues {
  highIntervalMonths: number;
  mediumIntervalMonths: number;
  lowIntervalMonths: number;
  initialReviewDays: number;
  renewalLeadDays: number;
  reminderDaysBefore: number[];
  escalateAfterDays: number;
}

export const DEFAULT_REVIEW_POLICY: Readonly<ReviewPolicyValues> = Object.freeze({
  highIntervalMonths: 6,
  mediumIntervalMonths: 12,
  lowIntervalMonths: 24,
  initialReviewDays: 30,
  renewalLeadDays: 60,
  reminderDaysBefore: [14, 3],
  escalateAfterDays: 7,
});

function parts(date: string): [number, number, number] {
  const [y, m, d] = date.split('-').map(Number);
  return [y, m, d];
}

function format(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = parts(date);
  const shifted = new Date(Date.UTC(y, m - 1, d + days));
  return format(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate());
}

/** Calendar months: 31 Jan + 1 month = 28 Feb (29 in a leap year); the day never spills into the next month. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = parts(date);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return format(year, month, Math.min(d, lastDay));
}

export function intervalMonths(policy: ReviewPolicyValues, tier: RiskTier): number {
  switch (tier) {
    case RiskTier.HIGH:
      return policy.highIntervalMonths;
    case RiskTier.MEDIUM:
      return policy.mediumIntervalMonths;
    case RiskTier.LOW:
      return policy.lowIntervalMonths;
  }
}

export interface ScheduledReview {
  kind: 'INITIAL' | 'PERIODIC';
  dueDate: string;
  /** The date the due date counts from: registration, the last review before registration, or the last completion. */
  scheduledFrom: string;
}

/**
 * The review a new subject gets: INITIAL, due initialReviewDays after registration; or, when a
 * confirmation was done before registration, PERIODIC one interval after it (possibly already past).
 */
export function firstReview(
  policy: ReviewPolicyValues,
  tier: RiskTier,
  registeredOn: string,
  lastReviewedOn: string | null,
): ScheduledReview {
  if (lastReviewedOn !== null) {
    return { kind: 'PERIODIC', dueDate: addMonths(lastReviewedOn, intervalMonths(policy, tier)), scheduledFrom: lastReviewedOn };
  }
  return { kind: 'INITIAL', dueDate: addDays(registeredOn, policy.initialReviewDays), scheduledFrom: registeredOn };
}

/** After a completed confirmation: the next PERIODIC review, one interval after the completion date. */
export function nextPeriodicReview(policy: ReviewPolicyValues, tier: RiskTier, completedOn: string): ScheduledReview {
  return { kind: 'PERIODIC', dueDate: addMonths(completedOn, intervalMonths(policy, tier)), scheduledFrom: completedOn };
}

/**
 * The due date of an open scheduled review after a tier or policy change: the new interval from the
 * same starting date when that is earlier, otherwise unchanged (a change never postpones a review).
 * INITIAL reviews follow initialReviewDays.
 */
export function rescheduledDue(policy: ReviewPolicyValues, tier: RiskTier, review: ScheduledReview): string {
  const candidate =
    review.kind === 'INITIAL'
      ? addDays(review.scheduledFrom, policy.initialReviewDays)
      : addMonths(review.scheduledFrom, intervalMonths(policy, tier));
  return candidate < review.dueDate ? candidate : review.dueDate;
}

/** A RENEWAL review opens renewalLeadDays before a contract's end date and is due on it. */
export function renewalOpensOn(policy: ReviewPolicyValues, endDate: string): string {
  return addDays(endDate, -policy.renewalLeadDays);
}

export function renewalIsDue(policy: ReviewPolicyValues, endDate: string | null, today: string): boolean {
  return endDate !== null && today >= renewalOpensOn(policy, endDate);
}

/** The days on which an assignee is reminded: reminderDaysBefore days before the due date. */
export function reminderDates(policy: ReviewPolicyValues, dueDate: string): { daysBefore: number; on: string }[] {
  return [...new Set(policy.reminderDaysBefore)]
    .sort((a, b) => b - a)
    .map((daysBefore) => ({ daysBefore, on: addDays(dueDate, -daysBefore) }));
}

/** Overdue from the day after the due date. */
export function isOverdue(dueDate: string, today: string): boolean {
  return today > dueDate;
}

/** The day the security officers are told: escalateAfterDays after the due date. */
export function escalationDate(policy: ReviewPolicyValues, dueDate: string): string {
  return addDays(dueDate, policy.escalateAfterDays);
}
