import { createHash, randomBytes } from 'node:crypto';

/** A bearer token: 32 random bytes. The database keeps only its SHA-256. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

export function expiresAt(issuedAt: Date, ttlHours: number): Date {
  return new Date(issuedAt.getTime() + ttlHours * 3600 * 1000);
}

/** Reads `Authorization: Bearer <token>`; anything else is no token. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const match = value ? /^Bearer\s+([A-Za-z0-9_-]{20,200})$/i.exec(value.trim()) : null;
  return match ? match[1] : undefined;
}
