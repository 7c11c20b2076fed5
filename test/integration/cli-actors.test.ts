import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshCliDatabase, type CliDatabase } from '../helpers/fresh-cli-db.ts';
import { seedUser } from '../helpers/review-seed.ts';
import { runCli } from '../helpers/run-cli.ts';
import { testDialects } from '../helpers/test-db.ts';

describe.each(testDialects())('CLI actors are the OS user plus a checked netra user on %s', (dialect) => {
  let db: CliDatabase;
  let models: string;
  const cli = (args: string[]) => runCli(args, { env: { ...db.env, NETRA_MODELS_DIR: models } });
  beforeAll(async () => {
    db = await freshCliDatabase(dialect);
    models = await mkdtemp(path.join(os.tmpdir(), 'netra-actors-'));
    for (const v of ['20261201-aaaa', '20261202-bbbb']) {
      await mkdir(path.join(models, 'partisan', v), { recursive: true });
      await writeFile(path.join(models, 'partisan', v, 'model.json'), '{}');
    }
    expect((await cli(['db', 'migrate'])).code).toBe(0);
    const d = await db.open();
    try {
      await seedUser(d.db, 'root', 'admin');
      await seedUser(d.db, 'sari', 'analyst');
      await seedUser(d.db, 'gone', 'admin');
      await d.db.updateTable('users').set({ disabled: true }).where('username', '=', 'gone').execute();
    } finally {
      await d.close();
    }
  }, 120_000);
  afterAll(async () => {
    await db?.drop();
    if (models) await rm(models, { recursive: true, force: true });
  });

  it('refuses an unknown, a disabled or an under-privileged --as, and records who ran it', async () => {
    const nobody = await cli(['models', 'promote', 'partisan', '20261201-aaaa', '--as', 'nobody']);
    expect(nobody.code).not.toBe(0);
    expect(nobody.stderr).toMatch(/there is no user "nobody"/);
    expect((await cli(['models', 'rollback', 'partisan', '--as', 'gone'])).stderr).toMatch(/user "gone" is disabled/);
    expect((await cli(['models', 'promote', 'partisan', '20261201-aaaa', '--as', 'sari'])).stderr).toMatch(
      /role analyst; models promote needs the role admin/,
    );
    const ok = await cli(['models', 'promote', 'partisan', '20261201-aaaa', '--as', 'root']);
    expect(ok.code).toBe(0);
    // Training on the analysts' decisions needs a checked user too.
    expect((await cli(['train', '--task', 'partisan', '--with-reviews'])).stderr).toMatch(/--with-reviews .*--as USER/);
    expect((await cli(['train', '--task', 'partisan', '--with-reviews', '--as', 'sari'])).stderr).toMatch(
      /train with reviews refused: user "sari" has the role analyst/,
    );
    const d = await db.open();
    try {
      const promoted = await d.db.selectFrom('audit_log').select('actor').where('action', '=', 'model.promoted').executeTakeFirstOrThrow();
      expect(promoted.actor).toBe(`user:root via cli:${os.userInfo().username}`);
    } finally {
      await d.close();
    }
  }, 120_000);

  it('records an export as the checked netra user via the OS user', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'netra-actors-export-'));
    try {
      expect((await cli(['export', '--out', path.join(out, 'x'), '--as', 'sari'])).stderr).toMatch(
        /export refused: user "sari" has the role analyst/,
      );
      const ok = await cli(['export', '--out', path.join(out, 'r'), '--as', 'root']);
      expect(ok.code, ok.stderr).toBe(0);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
    const d = await db.open();
    try {
      const exported = await d.db.selectFrom('audit_log').select('actor').where('action', '=', 'export.created').executeTakeFirstOrThrow();
      expect(exported.actor).toBe(`user:root via cli:${os.userInfo().username}`);
      const release = await d.db.selectFrom('export_releases').select('actor').executeTakeFirstOrThrow();
      expect(release.actor).toBe(`user:root via cli:${os.userInfo().username}`);
    } finally {
      await d.close();
    }
  }, 120_000);
});
