import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshCliDatabase, type CliDatabase } from '../helpers/fresh-cli-db.ts';
import { seedUser } from '../helpers/review-seed.ts';
import { runCli } from '../helpers/run-cli.ts';
import { testDialects } from '../helpers/test-db.ts';

describe.each(testDialects())('netra retention and netra status on %s', (dialect) => {
  let db: CliDatabase;
  const cli = (args: string[], env: Record<string, string> = {}) => runCli(args, { env: { ...db.env, ...env } });
  beforeAll(async () => {
    db = await freshCliDatabase(dialect);
    expect((await cli(['db', 'migrate'])).code).toBe(0);
    const d = await db.open();
    try {
      await seedUser(d.db, 'root', 'admin');
      await seedUser(d.db, 'sari', 'analyst');
    } finally {
      await d.close();
    }
  }, 120_000);
  afterAll(async () => db?.drop());

  it('has help, a dry run, a checked admin, and status reports settings, the last run and what is due', async () => {
    const help = await cli(['retention', 'apply', '--help']);
    expect(help.stdout).toMatch(/--dry-run/);
    expect(help.stdout).toMatch(/never touched/);
    const dry = await cli(['retention', 'apply', '--dry-run', '--json'], { NETRA_RETAIN_EVIDENCE_DAYS: 'keep' });
    expect(dry.code, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ dryRun: true, runId: null, settings: { evidence: null, unflaggedPosts: 90 } });
    expect((await cli(['retention', 'apply'])).stderr).toMatch(/--as ADMIN/);
    expect((await cli(['retention', 'apply', '--as', 'sari'])).stderr).toMatch(/retention apply refused: user "sari" has the role analyst/);
    const bad = await cli(['status'], { NETRA_RETAIN_DISMISSED_FLAGS_DAYS: 'soon' });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/NETRA_RETAIN_DISMISSED_FLAGS_DAYS: "soon" is not valid for retainDismissedFlagsDays/);

    const before = await cli(['status']);
    expect(before.stdout).toMatch(/Retention: last run never; next \d{4}-\d{2}-\d{2} /);
    expect(before.stdout).toMatch(/unflaggedPosts\s+90 days\s+0/);
    const ok = await cli(['retention', 'apply', '--as', 'root']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/run\s+#1/);
    const after = await cli(['status', '--json'], { NETRA_RETENTION_CRON: 'off' });
    const s = JSON.parse(after.stdout) as { retention: { lastRun: { id: number; trigger: string; actor: string }; next: null } };
    expect(s.retention.lastRun).toMatchObject({ id: 1, trigger: 'manual' });
    expect(s.retention.lastRun.actor).toMatch(/^user:root via cli:/);
    expect(s.retention.next).toBeNull();
  }, 120_000);
});
