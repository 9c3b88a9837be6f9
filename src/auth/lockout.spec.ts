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
const MINUTE = 60 * 1000;
const at = (ms: number): Date => new Date(T0.getTime() + ms);

/** The state after failures at the given offsets (ms after T0), starting clean. */
function failuresAt(offsets: number[], start: LoginFailureState = AFTER_SUCCESS): ReturnType<typeof afterFailedAttempt> {
  let state: ReturnType<typeof afterFailedAttempt> = { ...start, lockedNow: false };
  for (const offset of offsets) state = afterFailedAttempt(state, at(offset));
  return state;
}

describe('sign-in lockout', () => {
  it('allows five failures within 15 minutes and locks for 15 minutes', () => {
    expect(MAX_FAILED_ATTEMPTS).toBe(5);
    expect(FAILURE_WINDOW_MS).toBe(15 * MINUTE);
    expect(LOCK_DURATION_MS).toBe(15 * MINUTE);
  });

  it('remembers the failures inside the window', () => {
    const fourth = failuresAt([0, 1 * MINUTE, 2 * MINUTE, 3 * MINUTE]);
    expect(fourth).toEqual({
      recentFailedLogins: [at(0), at(MINUTE), at(2 * MINUTE), at(3 * MINUTE)],
      lockedUntil: null,
      lockedNow: false,
    });
    expect(isLocked(fourth, at(3 * MINUTE))).toBe(false);
  });

  it('locks for 15 minutes on the fifth failure within 15 minutes', () => {
    const fifth = failuresAt([0, 1 * MINUTE, 2 * MINUTE, 3 * MINUTE, 14 * MINUTE]);
    expect(fifth.lockedNow).toBe(true);
    expect(fifth.lockedUntil).toEqual(at(29 * MINUTE));
    expect(fifth.recentFailedLogins).toEqual([]);
    expect(isLocked(fifth, at(14 * MINUTE))).toBe(true);
    expect(isLocked(fifth, at(29 * MINUTE - 1))).toBe(true);
    expect(isLocked(fifth, at(29 * MINUTE))).toBe(false);
  });

  it('slides: five failures within any 15 minutes lock, even across an earlier window', () => {
    // Failures at 0, 10, 14, 16, 17 and 18 minutes: 14..18 and the one at 10 make five within 15 minutes at 18.
    const state = failuresAt([0, 10 * MINUTE, 14 * MINUTE, 16 * MINUTE, 17 * MINUTE]);
    expect(state.lockedNow).toBe(false);
    expect(afterFailedAttempt(state, at(18 * MINUTE)).lockedNow).toBe(true);
  });

  it('forgets failures older than 15 minutes, so slow failures never lock', () => {
    const slow = failuresAt([0, 4 * MINUTE, 8 * MINUTE, 12 * MINUTE, 16 * MINUTE, 20 * MINUTE, 24 * MINUTE]);
    expect(slow.lockedNow).toBe(false);
    expect(slow.recentFailedLogins).toEqual([at(12 * MINUTE), at(16 * MINUTE), at(20 * MINUTE), at(24 * MINUTE)]);
    const edge = failuresAt([0, 1, 2, 3]);
    expect(afterFailedAttempt(edge, at(FAILURE_WINDOW_MS)).lockedNow).toBe(false);
    expect(afterFailedAttempt(edge, at(FAILURE_WINDOW_MS - 1)).lockedNow).toBe(true);
  });

  it('counts again from one after a lock', () => {
    const locked = failuresAt([0, 1, 2, 3, 4]);
    const afterLock = afterFailedAttempt(locked, at(LOCK_DURATION_MS + 10));
    expect(afterLock.recentFailedLogins).toEqual([at(LOCK_DURATION_MS + 10)]);
    expect(afterLock.lockedNow).toBe(false);
    expect(isLocked(afterLock, at(LOCK_DURATION_MS + 10))).toBe(false);
  });

  it('clears failures and lock after a success', () => {
    expect(AFTER_SUCCESS).toEqual({ recentFailedLogins: [], lockedUntil: null });
    expect(isLocked(AFTER_SUCCESS, T0)).toBe(false);
  });
});
