import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/db/connect.ts';
import { verifyPassword } from '../../../src/review/auth/password.ts';
import { findUserForLogin } from '../../../src/repositories/users.repository.ts';
import { auditHistory } from '../../../src/repositories/audit.repository.ts';
import { runCli } from '../../helpers/run-cli.ts';

describe('netra users', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'netra-users-'));
    env = { NETRA_DATA_DIR: dir, NETRA_DATABASE_URL: '' };
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('adds, refuses duplicates and weak passwords, changes passwords, disables, lists', async () => {
    const add = await runCli(['users', 'add', 'admin', '--role', 'admin', '--name', 'Admin Bawaslu', '--password-stdin'], {
      env,
      input: 'rahasia-sekali-2024\n',
    });
    expect(add.stderr).toBe('');
    expect(add.stdout).toBe('created user admin (admin)\n');
    expect(add.code).toBe(0);

    const dup = await runCli(['users', 'add', 'admin', '--role', 'analyst', '--password-stdin'], { env, input: 'rahasia-sekali-2024\n' });
    expect(dup.code).toBe(1);
    expect(dup.stderr).toMatch(/user "admin" already exists/);

    const weak = await runCli(['users', 'passwd', 'admin', '--password-stdin'], { env, input: 'pendek\n' });
    expect(weak.code).toBe(1);
    expect(weak.stderr).toMatch(/at least 12 characters/);

    const noTty = await runCli(['users', 'add', 'sari', '--role', 'analyst'], { env });
    expect(noTty.code).toBe(1);
    expect(noTty.stderr).toMatch(/--password-stdin/);

    const badRole = await runCli(['users', 'add', 'sari', '--role', 'boss', '--password-stdin'], { env, input: 'rahasia-sekali-2024\n' });
    expect(badRole.stderr).toMatch(/--role "boss" is not a role/);

    expect((await runCli(['users', 'passwd', 'admin', '--password-stdin'], { env, input: 'sandi-baru-yang-panjang\n' })).code).toBe(0);
    expect((await runCli(['users', 'disable', 'admin'], { env })).stdout).toBe('admin disabled\n');
    const list = await runCli(['users', 'list'], { env });
    expect(list.stdout).toMatch(/admin\s+Admin Bawaslu\s+admin\s+disabled/);
    expect(list.stdout).not.toMatch(/scrypt/);

    const d = await openDatabase({ dbPath: path.join(dir, 'db') });
    try {
      const admin = await findUserForLogin(d.db, 'admin');
      expect(admin!.password_hash).toMatch(/^scrypt\$131072\$8\$1\$/);
      expect(await verifyPassword('sandi-baru-yang-panjang', admin!.password_hash)).toBe(true);
      expect(admin!.disabled).toBe(true);
      const audit = await auditHistory(d.db, 'user', admin!.id);
      expect(audit.map((a) => a.action)).toEqual(['user.created', 'user.password_changed', 'user.disabled']);
      expect(JSON.stringify(audit)).not.toMatch(/scrypt|sandi/);
    } finally {
      await d.close();
    }
  }, 300_000);
});
