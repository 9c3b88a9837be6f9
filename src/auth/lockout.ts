export const MAX_FAILED_ATTEMPTS = 5;
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;
export const LOCK_DURATION_MS = 15 * 60 * 1000;

export interface LoginFailureState {
  /** The times of the latest failed attempts (at most MAX_FAILED_ATTEMPTS), oldest first. */
  recentFailedLogins: Date[];
  lockedUntil: Date | null;
}

export function isLocked(state: Pick<LoginFailureState, 'lockedUntil'>, now: Date): boolean {
  return state.lockedUntil !== null && state.lockedUntil.getTime() > now.getTime();
}

/**
 * The state after one more failed attempt. The window slides: the account locks for 15 minutes as
 * soon as 5 failures fall within any 15 minutes, however they straddle a clock boundary.
 */
export function afterFailedAttempt(state: LoginFailureState, now: Date): LoginFailureState & { lockedNow: boolean } {
  const recent = [...state.recentFailedLogins.filter((at) => now.getTime() - at.getTime() < FAILURE_WINDOW_MS), now].slice(
    -MAX_FAILED_ATTEMPTS,
  );
  if (recent.length >= MAX_FAILED_ATTEMPTS) {
    return { recentFailedLogins: [], lockedUntil: new Date(now.getTime() + LOCK_DURATION_MS), lockedNow: true };
  }
  return { recentFailedLogins: recent, lockedUntil: state.lockedUntil, lockedNow: false };
}

export const AFTER_SUCCESS: LoginFailureState = { recentFailedLogins: [], lockedUntil: null };
