import { hash, verify } from '@node-rs/argon2';
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

// @node-rs/argon2 exports Algorithm as a const enum, which transpilers cannot inline; 2 is Argon2id.
const ARGON2ID = 2;
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash of nothing anyone knows: verified against when the account does not exist, so timing tells nothing. */
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword(randomBytes(24).toString('base64url'));
  return decoyHash;
}

/** A one-time or generated password: 16 characters from an alphabet without look-alikes. */
export function generatePassword(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  return Array.from({ length: 16 }, () => alphabet[randomInt(alphabet.length)]).join('');
}

/** Who the password is for: it may contain neither the e-mail's local part nor the organization code. */
export interface PasswordOwner {
  email?: string;
  organizationCode?: string;
}

/** Parts shorter than this are too common inside ordinary words to refuse (an e-mail "ai@…"). */
const MIN_PERSONAL_PART = 3;

/**
 * What is wrong with a new password, in Japanese, or undefined. Length first, then a single repeated
 * character, then the owner's e-mail local part or organization code anywhere in it (any case), then
 * the bundled list of common passwords, alone or padded with digits and symbols ("password1234").
 */
export function passwordProblem(password: string, owner: PasswordOwner = {}): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return `パスワードは${MIN_PASSWORD_LENGTH}文字以上にしてください。`;
  if (password.length > MAX_PASSWORD_LENGTH) return `パスワードは${MAX_PASSWORD_LENGTH}文字以下にしてください。`;
  if (/^(.)\1*$/su.test(password)) return '同じ文字だけを繰り返したパスワードは使えません。';
  const lower = password.toLowerCase();
  const localPart = owner.email?.trim().toLowerCase().split('@', 1)[0] ?? '';
  if (localPart.length >= MIN_PERSONAL_PART && lower.includes(localPart)) {
    return 'メールアドレスの@より前の部分を含むパスワードは使えません。';
  }
  const code = owner.organizationCode?.trim().toLowerCase() ?? '';
  if (code.length >= MIN_PERSONAL_PART && lower.includes(code)) return '組織コードを含むパスワードは使えません。';
  if (isCommonPassword(lower)) return 'よく使われていて推測されやすいパスワードです。別のパスワードにしてください。';
  return undefined;
}

let commonPasswords: ReadonlySet<string> | undefined;

/** assets/common-passwords.txt, read once from the project root (beside package.json), both from src/ and dist/src/. */
function loadCommonPasswords(): ReadonlySet<string> {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    if (dirname(dir) === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = dirname(dir);
  }
  const lines = readFileSync(join(dir, 'assets', 'common-passwords.txt'), 'utf8').split('\n');
  return new Set(lines.filter((line) => line && !line.startsWith('#')));
}

/** On the list as it is, or once the digits and symbols around it are taken off ("password1234", "!dragon2026"). */
export function isCommonPassword(lowerCased: string): boolean {
  commonPasswords ??= loadCommonPasswords();
  if (commonPasswords.has(lowerCased)) return true;
  const core = lowerCased.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
  return core.length > 0 && core !== lowerCased && commonPasswords.has(core);
}
