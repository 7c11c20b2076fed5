import { describe, expect, it } from 'vitest';
import { DEFAULT_SCRYPT, hashPassword, needsRehash, passwordProblem, verifyPassword } from '../../../src/review/auth/password.ts';

const FAST = { N: 1024, r: 8, p: 1 };

describe('scrypt passwords', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const h = await hashPassword('kata sandi panjang', FAST);
    expect(h).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(await verifyPassword('kata sandi panjang', h)).toBe(true);
    expect(await verifyPassword('kata sandi panjanG', h)).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same password!', FAST)).not.toBe(await hashPassword('same password!', FAST));
  });

  it('refuses malformed hashes instead of throwing', async () => {
    for (const bad of ['', 'plain', 'scrypt$1000$8$1$abc$def', 'bcrypt$2$x']) expect(await verifyPassword('x', bad)).toBe(false);
  });

  it("asks for a rehash when the stored cost is lower than the default, which is OWASP's N = 2^17, r = 8, p = 1", async () => {
    expect(DEFAULT_SCRYPT).toEqual({ N: 131072, r: 8, p: 1 });
    expect(needsRehash(await hashPassword('kata sandi panjang', FAST))).toBe(true);
    // The previous default (N = 2^15) is raised on the next login.
    expect(needsRehash('scrypt$32768$8$1$AAAA$AAAA')).toBe(true);
    expect(needsRehash('scrypt$131072$8$1$AAAA$AAAA')).toBe(false);
  });

  it('refuses short passwords', () => {
    expect(passwordProblem('pendek')).toMatch(/at least 12/);
    expect(passwordProblem(' kata sandi panjang')).toMatch(/white space/);
    expect(passwordProblem('kata sandi panjang')).toBeNull();
  });
});
