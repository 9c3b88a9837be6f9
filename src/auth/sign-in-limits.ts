/**
 * The sign-in limits, kept in PostgreSQL so that every instance counts the same attempts
 * (sign_in_throttles). Failures slow the source that makes them, not the account for everybody:
 *
 * - ADDRESS: every attempt from one client address, per minute (a flood is refused before any hashing);
 * - ACCOUNT_ADDRESS: failures for one account from one address within the window (a guesser's own lock);
 * - ADDRESS_FAILURES: failures from one address, whatever the account (spraying many accounts);
 * - ACCOUNT: failures for one account from every address together, set high; an address the account
 *   signed in from successfully within KNOWN_ADDRESS_MS is not held by it, so the owner still gets in.
 */
export type ThrottleScope = 'ADDRESS' | 'ACCOUNT_ADDRESS' | 'ADDRESS_FAILURES' | 'ACCOUNT';

import type { SignInLimits } from '../config/config';

export { DEFAULT_SIGN_IN_LIMITS, type SignInLimits } from '../config/config';

export const ATTEMPT_WINDOW_MS = 60 * 1000;
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;
export const BLOCK_MS = 15 * 60 * 1000;
export const KNOWN_ADDRESS_MS = 30 * 24 * 60 * 60 * 1000;

export function failureLimit(limits: SignInLimits, scope: Exclude<ThrottleScope, 'ADDRESS'>): number {
  switch (scope) {
    case 'ACCOUNT_ADDRESS':
      return limits.accountAddressFailures;
    case 'ADDRESS_FAILURES':
      return limits.addressFailures;
    case 'ACCOUNT':
      return limits.accountFailures;
  }
}

/** Whole seconds until `until`, at least 1: the Retry-After a refused client is given. */
export function secondsUntil(until: Date, now: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
}

/** The start of the minute `at` falls in: failures are audited once per account, address and minute. */
export function minuteOf(at: Date): Date {
  return new Date(Math.floor(at.getTime() / 60_000) * 60_000);
}

/**
 * What may be kept of a typed e-mail that names no account: enough to recognise a typo
 * (ta***@ex***.jp), never the text (which may be a password typed into the wrong field).
 */
export function maskEmail(typed: string): string {
  const text = typed.trim().toLowerCase();
  const keep = (part: string): string => `${[...part].slice(0, part.length >= 4 ? 2 : part.length >= 2 ? 1 : 0).join('')}***`;
  const at = text.lastIndexOf('@');
  if (at < 0) return keep(text);
  const domain = text.slice(at + 1);
  const labels = domain.split('.');
  const tld = labels.length > 1 ? `.${[...labels[labels.length - 1]].slice(0, 10).join('')}` : '';
  return `${keep(text.slice(0, at))}@${keep(labels[0])}${tld}`;
}

/** The client address as logged and counted: IPv4 written plainly even when the socket speaks IPv6 (::ffff:10.0.0.1). */
export function normaliseAddress(address: string | undefined): string {
  if (!address) return 'unknown';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
