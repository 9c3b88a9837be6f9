import {
  AFTER_SUCCESS,
  afterFailedAttempt,
  FAILURE_WINDOW_MS,
  isLocked,
  LOCK_DURATION_MS,
  LoginFailureState,
  MAX_FAILED_ATTEMPTS,
} from './lockout';

const T0 = new Date('2026-04-01T00:00:00.000Z');
const at = (ms: number): Date => new Date(T0.getTime() + ms);
const MINUTE = 60 * 1000;

/** The state after failures at the given offsets (ms after T0), starting clean. */
function failuresAt(offsets: number[], start: LoginFailureState = AFTER_SUCCESS): ReturnType<typeof afterFailedAttempt> {
  let state: ReturnType<typeof afterFailedAttempt> = { ...start, lockedNow: false };
  for (const offset of offsets) state = afterFailedAttempt(state, at(offset));
  return state;
}

describe('sign-in lockout', () => {
  it('allows five failures within 15 minutes and 15 minutes of lock', () => {
    expect(MAX_FAILED_ATTEMPTS).toBe(5);
    expect(FAILURE_WINDOW_MS).toBe(15 * MINUTE);
    expect(LOCK_DURATION_MS).toBe(15 * MINUTE);
  });

  it('opens the window at the first failure and counts within it', () => {
    const first = failuresAt([0]);
    expect(first).toEqual({ failedLoginCount: 1, failedLoginWindowStart: T0, lockedUntil: null, lockedNow: false });
    const fourth = failuresAt([0, 1 * MINUTE, 2 * MINUTE, 3 * MINUTE]);
    expect(fourth).toEqual({ failedLoginCount: 4, failedLoginWindowStart: T0, lockedUntil: null, lockedNow: false });
    expect(isLocked(fourth, at(3 * MINUTE))).toBe(false);
  });

  it('locks for 15 minutes on the fifth failure inside the window', () => {
    const fifth = failuresAt([0, 1 * MINUTE, 2 * MINUTE, 3 * MINUTE, 14 * MINUTE]);
    expect(fifth.lockedNow).toBe(true);
    expect(fifth.lockedUntil).toEqual(at(14 * MINUTE + 15 * MINUTE));
    // The count starts again once the lock ends.
    expect(fifth.failedLoginCount).toBe(0);
    expect(fifth.failedLoginWindowStart).toBeNull();
    expect(isLocked(fifth, at(14 * MINUTE))).toBe(true);
    expect(isLocked(fifth, at(29 * MINUTE - 1))).toBe(true);
    expect(isLocked(fifth, at(29 * MINUTE))).toBe(false);
  });

  it('starts a new window when the old one has expired, so five slow failures do not lock', () => {
    const fourInWindow = failuresAt([0, 1 * MINUTE, 2 * MINUTE, 3 * MINUTE]);
    const late = afterFailedAttempt(fourInWindow, at(FAILURE_WINDOW_MS));
    expect(late).toEqual({ failedLoginCount: 1, failedLoginWindowStart: at(FAILURE_WINDOW_MS), lockedUntil: null, lockedNow: false });
    const justInside = afterFailedAttempt(fourInWindow, at(FAILURE_WINDOW_MS - 1));
    expect(justInside.lockedNow).toBe(true);
  });

  it('counts failures after an expired lock from one', () => {
    const locked = failuresAt([0, 1, 2, 3, 4]);
    expect(locked.lockedNow).toBe(true);
    const afterLock = afterFailedAttempt(locked, at(LOCK_DURATION_MS + 10));
    expect(afterLock.failedLoginCount).toBe(1);
    expect(afterLock.lockedNow).toBe(false);
    expect(isLocked(afterLock, at(LOCK_DURATION_MS + 10))).toBe(false);
  });

  it('clears count, window and lock after a success', () => {
    expect(AFTER_SUCCESS).toEqual({ failedLoginCount: 0, failedLoginWindowStart: null, lockedUntil: null });
    expect(isLocked(AFTER_SUCCESS, T0)).toBe(false);
    const afterReset = failuresAt([0, 1, 2, 3], AFTER_SUCCESS);
    expect(afterReset.failedLoginCount).toBe(4);
    expect(afterReset.lockedNow).toBe(false);
  });
});
