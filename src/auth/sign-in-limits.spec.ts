import { DEFAULT_SIGN_IN_LIMITS, failureLimit, maskEmail, minuteOf, normaliseAddress, secondsUntil } from './sign-in-limits';

describe('sign-in limits', () => {
  it('slows a source long before the account-wide limit', () => {
    expect(DEFAULT_SIGN_IN_LIMITS).toEqual({
      addressAttemptsPerMinute: 60,
      accountAddressFailures: 5,
      addressFailures: 30,
      accountFailures: 100,
    });
    expect(failureLimit(DEFAULT_SIGN_IN_LIMITS, 'ACCOUNT_ADDRESS')).toBe(5);
    expect(failureLimit(DEFAULT_SIGN_IN_LIMITS, 'ADDRESS_FAILURES')).toBe(30);
    expect(failureLimit(DEFAULT_SIGN_IN_LIMITS, 'ACCOUNT')).toBe(100);
  });

  it('masks a typed e-mail, keeping a little of each part', () => {
    expect(maskEmail('tanaka@example.jp')).toBe('ta***@ex***.jp');
    expect(maskEmail(' Tanaka.Hanako@Example.LG.jp ')).toBe('ta***@ex***.jp');
    expect(maskEmail('abc@x.com')).toBe('a***@***.com');
    expect(maskEmail('my secret password')).toBe('my***');
    expect(maskEmail('a')).toBe('***');
    expect(maskEmail('')).toBe('***');
  });

  it('gives whole seconds to wait, at least one', () => {
    const now = new Date('2026-04-01T00:00:00.000Z');
    expect(secondsUntil(new Date(now.getTime() + 1500), now)).toBe(2);
    expect(secondsUntil(new Date(now.getTime() - 5000), now)).toBe(1);
    expect(minuteOf(new Date('2026-04-01T00:01:59.999Z'))).toEqual(new Date('2026-04-01T00:01:00.000Z'));
  });

  it('writes IPv4 plainly', () => {
    expect(normaliseAddress('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(normaliseAddress('2001:db8::1')).toBe('2001:db8::1');
    expect(normaliseAddress(undefined)).toBe('unknown');
  });
});
