import { createHash } from 'node:crypto';
import { todayIn } from '../common/calendar';
import { addDays, escalationDate, isOverdue, reminderDates, ReviewPolicyValues } from './review-calendar';

/**
 * Which review notices to plan, and whether a planned one still applies when its time comes. Pure:
 * dates are calendar dates in the organization's calendar, instants are computed from its time zone.
 */

/** The notices a review's calendar sends after REVIEW_ASSIGNED: reminders, the overdue notice, the escalation. */
export type ReviewNotice = 'DUE_SOON' | 'OVERDUE' | 'ESCALATED';

/** Notices go out at 09:00 on their day, the start of the working day in the organization's time zone. */
export const NOTICE_HOUR = 9;

export interface NoticePlanInput {
  dueDate: string;
  /** Whether the review has an active assignee: reminders and the overdue notice go to them only. */
  assigned: boolean;
  policy: ReviewPolicyValues;
  timeZone: string;
  now: Date;
  /** The organization's today, when the caller has it (otherwise the day of `now` in `timeZone`). */
  today?: string;
}

export interface PlannedNotice {
  notice: ReviewNotice;
  /** The calendar day it belongs to. */
  on: string;
  /** DUE_SOON only. */
  daysBefore?: number;
  /** When to send: 09:00 on `on`, or `now` for the one passed notice that still applies. */
  startAfter: Date;
}

/**
 * The notices to plan when a review is created, moved or reassigned. Those still ahead are planned
 * for 09:00 on their day. Of the assignee's notices whose time has already passed, only the latest is
 * sent, at once, and only while it still applies (a reminder before the due date, the overdue notice
 * after it) and the next one is not due later the same day: a review planned late never produces a
 * burst of stale reminders. The escalation, which
 * goes to other people, is sent at once when its day has passed.
 */
export function planReviewNotices(input: NoticePlanInput): PlannedNotice[] {
  const { dueDate, now, timeZone } = input;
  const today = input.today ?? calendarDayIn(timeZone, now);
  const at = (on: string): Date => zonedInstant(on, NOTICE_HOUR, timeZone);
  const ladder: Omit<PlannedNotice, 'startAfter'>[] = input.assigned
    ? [
        ...reminderDates(input.policy, dueDate).map((r) => ({
          notice: 'DUE_SOON' as const,
          on: r.on,
          daysBefore: r.daysBefore,
        })),
        { notice: 'OVERDUE' as const, on: addDays(dueDate, 1) },
      ]
    : [];
  const planned: PlannedNotice[] = [];
  const passed = ladder.filter((n) => at(n.on) <= now);
  for (const n of ladder) if (at(n.on) > now) planned.push({ ...n, startAfter: at(n.on) });
  const latest = passed[passed.length - 1];
  // Superseded when the next notice comes later today (planned between midnight and 09:00 on its day).
  const next = ladder[passed.length];
  if (latest && assigneeNoticeApplies(latest.notice, dueDate, today) && next?.on !== today) planned.unshift({ ...latest, startAfter: now });
  const escalation = { notice: 'ESCALATED' as const, on: escalationDate(input.policy, dueDate) };
  planned.push({ ...escalation, startAfter: at(escalation.on) > now ? at(escalation.on) : now });
  return planned;
}

function assigneeNoticeApplies(notice: ReviewNotice, dueDate: string, today: string): boolean {
  return notice === 'DUE_SOON' ? !isOverdue(dueDate, today) : isOverdue(dueDate, today);
}

/** What a planned notice job carries: the review as it was when the job was planned. */
export interface ReviewNoticeJob {
  organizationId: string;
  reviewId: string;
  notice: ReviewNotice;
  dueDate: string;
  assigneeId: string | null;
  daysBefore?: number;
  escalateAfterDays?: number;
}

export interface ReviewState {
  status: string;
  dueDate: string;
  assigneeId: string | null;
}

/**
 * Whether a notice job, now due, still applies: the review is OPEN with the due date and assignee it
 * had when the job was planned (a move or reassignment planned new jobs), the policy still has that
 * reminder or escalation delay, and the notice fits today (no "due soon" once overdue).
 */
export function noticeApplies(
  job: ReviewNoticeJob,
  review: ReviewState | null,
  policy: { reminderDaysBefore: readonly number[]; escalateAfterDays: number },
  today: string,
): boolean {
  if (!review || review.status !== 'OPEN') return false;
  if (review.dueDate !== job.dueDate || review.assigneeId !== job.assigneeId) return false;
  switch (job.notice) {
    case 'DUE_SOON':
      return (
        job.assigneeId !== null &&
        job.daysBefore !== undefined &&
        policy.reminderDaysBefore.includes(job.daysBefore) &&
        !isOverdue(job.dueDate, today)
      );
    case 'OVERDUE':
      return job.assigneeId !== null && isOverdue(job.dueDate, today);
    case 'ESCALATED':
      return policy.escalateAfterDays === job.escalateAfterDays && today >= addDays(job.dueDate, policy.escalateAfterDays);
  }
}

/**
 * The job id of a planned notice: derived from everything the job carries, so planning the same
 * notice twice (a policy update replanning every open review, two instances) inserts one job, and
 * closing the review can find the jobs of its current plan to delete them.
 */
export function noticeJobId(job: ReviewNoticeJob): string {
  const canonical = JSON.stringify([
    job.organizationId,
    job.reviewId,
    job.notice,
    job.dueDate,
    job.assigneeId,
    job.daysBefore ?? null,
    job.escalateAfterDays ?? null,
  ]);
  const hex = createHash('sha256').update(canonical).digest('hex');
  // Shaped as a version-8 (custom) RFC 9562 UUID.
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The calendar day (YYYY-MM-DD) of an instant in a time zone. */
export function calendarDayIn(timeZone: string, instant: Date): string {
  return todayIn(timeZone, instant);
}

/** The instant at which the clock in `timeZone` shows `hour`:00 on `date` (the later one when a clock change repeats it, the shifted one when it skips it). */
export function zonedInstant(date: string, hour: number, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  const wall = Date.UTC(y, m - 1, d, hour);
  // Two passes settle the offset across a daylight-saving change.
  let instant = wall - offsetMs(timeZone, new Date(wall));
  instant = wall - offsetMs(timeZone, new Date(instant));
  return new Date(instant);
}

/** One formatter per time zone: building one costs far more than using it (a ledger import plans thousands of notices). */
const wallClocks = new Map<string, Intl.DateTimeFormat>();

function wallClock(timeZone: string): Intl.DateTimeFormat {
  let format = wallClocks.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    wallClocks.set(timeZone, format);
  }
  return format;
}

/** How far the wall clock in `timeZone` is ahead of UTC at `instant`. */
function offsetMs(timeZone: string, instant: Date): number {
  const parts = wallClock(timeZone).formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)!.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(instant.getTime() / 1000) * 1000;
}
