import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Password hashing with scrypt (RFC 7914). The cost parameters are stored with every hash,
 * so raising them later still verifies old hashes (and {@link needsRehash} says when to
 * re-hash on the next login).
 */
export interface ScryptParams {
  /** CPU/memory cost, a power of two. @default 131072 (2^17: 128 MiB with r = 8) */
  N: number;
  /** Block size. @default 8 */
  r: number;
  /** Parallelism. @default 1 */
  p: number;
}

/** OWASP's current recommendation for scrypt (Password Storage Cheat Sheet): N = 2^17, r = 8, p = 1. */
export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };
const KEY_LEN = 32;
const SALT_LEN = 16;

/** Shortest password accepted. */
export const MIN_PASSWORD_LENGTH = 12;

function scrypt(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const opts: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scryptCb(password.normalize('NFKC'), salt, KEY_LEN, opts, (e, key) => (e ? reject(e) : resolve(key))),
  );
}

/** Why a password is refused, or null when it is acceptable. */
export function passwordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `a password needs at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > 1024) return 'a password may have at most 1024 characters';
  if (/^\s|\s$/.test(password)) return 'a password must not start or end with white space';
  return null;
}

/** `scrypt$N$r$p$salt$hash` (base64) for a new password. */
export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  const salt = randomBytes(SALT_LEN);
  const key = await scrypt(password, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
}

function parse(stored: string): { params: ScryptParams; salt: Buffer; key: Buffer } | null {
  const m = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(stored);
  if (!m) return null;
  const [N, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!(N > 1 && (N & (N - 1)) === 0 && r > 0 && p > 0 && N <= 2 ** 20)) return null;
  return { params: { N, r, p }, salt: Buffer.from(m[4]!, 'base64'), key: Buffer.from(m[5]!, 'base64') };
}

/** True when `password` matches `stored`; constant-time comparison; false for a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const h = parse(stored);
  if (!h) return false;
  const key = await scrypt(password, h.salt, h.params);
  return key.length === h.key.length && timingSafeEqual(key, h.key);
}

/** True when `stored` was made with weaker parameters than `params`. */
export function needsRehash(stored: string, params: ScryptParams = DEFAULT_SCRYPT): boolean {
  const h = parse(stored);
  return !h || h.params.N < params.N || h.params.r < params.r || h.params.p < params.p;
}

/** A hash of a random password with `params`: spends the same time for unknown users as for known ones. */
const dummies = new Map<string, Promise<string>>();
export function dummyHash(params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  const key = `${params.N}/${params.r}/${params.p}`;
  let h = dummies.get(key);
  if (!h) dummies.set(key, (h = hashPassword(randomBytes(24).toString('base64'), params)));
  return h;
}
