import { bearerToken, expiresAt, hashToken, newToken } from './tokens';

describe('tokens', () => {
  it('expires the given number of hours after issue', () => {
    const issuedAt = new Date('2026-04-01T00:00:00.000Z');
    expect(expiresAt(issuedAt, 8)).toEqual(new Date('2026-04-01T08:00:00.000Z'));
    expect(expiresAt(issuedAt, 24 * 30)).toEqual(new Date('2026-05-01T00:00:00.000Z'));
    expect(expiresAt(new Date('2026-03-31T20:30:15.250Z'), 8)).toEqual(new Date('2026-04-01T04:30:15.250Z'));
  });

  it('issues a different URL-safe token each time and stores only its SHA-256', () => {
    const a = newToken();
    const b = newToken();
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hashToken(a)).toHaveLength(32);
    expect(hashToken(a).equals(hashToken(a))).toBe(true);
    expect(hashToken(a).equals(hashToken(b))).toBe(false);
  });

  it('reads the token from a Bearer header', () => {
    const token = newToken();
    expect(bearerToken(`Bearer ${token}`)).toBe(token);
    expect(bearerToken(`bearer ${token}`)).toBe(token);
    expect(bearerToken(`  Bearer   ${token}  `)).toBe(token);
    expect(bearerToken([`Bearer ${token}`])).toBe(token);
  });

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['Bearer with no token', 'Bearer '],
    ['another scheme', `Basic ${Buffer.from('user:password').toString('base64')}`],
    ['a token without a scheme', 'abcdefghijklmnopqrstuvwxyz0123456789'],
    ['a token with characters outside base64url', 'Bearer abcdefghijklmnopqrstuvwxyz+/=='],
    ['a token that is too short', 'Bearer abc'],
    ['two tokens', 'Bearer abcdefghijklmnopqrstuvwxyz abcdefghijklmnopqrstuvwxyz'],
    ['a token far too long', `Bearer ${'a'.repeat(201)}`],
  ])('reads no token from %s', (_case, header) => {
    expect(bearerToken(header)).toBeUndefined();
  });
});
