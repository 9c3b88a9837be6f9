export const MAX_FAILED_ATTEMPTS = 5;
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;
export const LOCK_DURATION_MS = 15 * 60 * 1000;

export interface LoginFailureState {
  failedLoginCount: number;
  failedLoginWindowStart: Date | null;
  lockedUntil: Date | null;
}

export function isLocked(state: LoginFailureState, now: Date): boolean {
  return state.lockedUntil !== null && state.lockedUntil.getTime() > now.getTime();
}

/**
 * The state after one more failed attempt: attempts count within a 15-minute window that opens at
 * the first failure; the fifth failure inside it locks the account for 15 minutes.
 */
export function afterFailedAttempt(state: LoginFailureState, now: Date): LoginFailureState & { lockedNow: boolean } {
  const windowOpen =
    state.failedLoginWindowStart !== null && now.getTime() - state.failedLoginWindowStart.getTime() < FAILURE_WINDOW_MS;
  const count = windowOpen ? state.failedLoginCount + 1 : 1;
  const windowStart = windowOpen ? state.failedLoginWindowStart : now;
  if (count >= MAX_FAILED_ATTEMPTS) {
    return {
      failedLoginCount: 0,
      failedLoginWindowStart: null,
      lockedUntil: new Date(now.getTime() + LOCK_DURATION_MS),
      lockedNow: true,
    };
  }
  return { failedLoginCount: count, failedLoginWindowStart: windowStart, lockedUntil: state.lockedUntil, lockedNow: false };
}

export const AFTER_SUCCESS: LoginFailureState = { failedLoginCount: 0, failedLoginWindowStart: null, lockedUntil: null };
