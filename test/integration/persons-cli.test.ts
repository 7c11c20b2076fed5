import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.ts';

// `netra persons erase` is for admins only, checked against the users table; `netra exports
// affected` lists the releases that contain a person, before and after the erasure.
describe('netra persons erase / exports affected', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'netra-persons-'));
    env = { NETRA_DATA_DIR: dir, NETRA_DATABASE_URL: '' };
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('refuses anyone but an admin, erases for an admin, and the person cannot be re-imported', async () => {
    for (const [u, role] of [
      ['boss', 'admin'],
      ['rina', 'researcher'],
    ] as const) {
      const r = await runCli(['users', 'add', u, '--role', role, '--password-stdin'], { env, input: 'rahasia-sekali-2024\n' });
      expect(r.code, r.stderr).toBe(0);
    }
    expect((await runCli(['accounts', 'import', 'test/fixtures/registry/small.csv'], { env })).code).toBe(0);
    const help = await runCli(['persons', 'erase', '--help'], { env });
    expect(help.stdout).toMatch(/What goes/);

    const refused = await runCli(['persons', 'erase', '1', '--reason', 'permintaan subjek data no. 1', '--as', 'rina'], { env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/needs the role admin/);
    const nobody = await runCli(['persons', 'erase', '1', '--reason', 'permintaan subjek data no. 1', '--as', 'ghost'], { env });
    expect(nobody.stderr).toMatch(/there is no user "ghost"/);

    const ok = await runCli(['persons', 'erase', '1', '--reason', 'permintaan subjek data no. 1', '--as', 'boss'], { env });
    expect(ok.stderr).toBe('');
    expect(ok.stdout).toMatch(/erasure\s+#1 of person #1/);
    expect(ok.stdout).toMatch(/releases to recall\s+none/);
    expect(ok.stdout).toMatch(/models to retrain\s+none/);

    const again = await runCli(['accounts', 'import', 'test/fixtures/registry/small.csv'], { env });
    expect(again.stdout).toMatch(/erased\s+2 row\(s\) not imported/);
    const affected = await runCli(['exports', 'affected', '1', '--as', 'rina'], { env });
    expect(affected.code, affected.stderr).toBe(0);
    expect(affected.stdout).toMatch(/releases containing person #1: 0/);
    expect(affected.stdout).toMatch(/model versions trained on their reviewed posts: 0/);
  });
});
