import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshCliDatabase } from '../helpers/fresh-cli-db.ts';
import { runCli } from '../helpers/run-cli.ts';
import { testDialects } from '../helpers/test-db.ts';

describe.each(testDialects())('the README quick start on %s', (dialect) => {
  let db: Awaited<ReturnType<typeof freshCliDatabase>>;
  beforeAll(async () => {
    db = await freshCliDatabase(dialect);
  });
  afterAll(async () => db?.drop());

  it('scans the demo and prints flags with their evidence', async () => {
    const r = await runCli(['scan', '--pipeline', 'pipelines/demo.yaml'], { env: db.env });
    expect(r.stderr).not.toMatch(/"level":50/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Scan #1 of pipeline "demo": succeeded/);
    expect(r.stdout).toMatch(/posts\s+307\s+307 new/);
    // The invented civil servant's repost, quote and reply of the invented campaign accounts: one engagement flag (issue 16).
    expect(r.stdout).toMatch(/engaged\s+3\s+with campaign accounts: 1 quote, 1 reply, 1 repost; 1 new engagement flag/);
    expect(r.stdout).toMatch(
      /1 open engagement flag\(s\)[\s\S]*x\/@arifhidayat_rjg reposted @rejoagungsae_id[\s\S]*campaign post: "Sabtu ini kampanye akbar/,
    );
    expect(r.stdout).toMatch(/file: follow, like/);
    const flagged = Number(/flagged\s+(\d+)/.exec(r.stdout)![1]);
    expect(flagged).toBeGreaterThan(50);
    // Flags are printed with highlighted evidence, the pledge clause and the target.
    expect(r.stdout).toMatch(/Top 10 open flag\(s\)/);
    expect(r.stdout).toMatch(/«[^»]+»/);
    expect(r.stdout).toMatch(/pledge clause 2, SKB 2\/6\/7 \(berat\); concerns /);
    expect(r.stdout).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} WIB/);
  });

  it('adds nothing when run again', async () => {
    const before = await runCli(['flags', 'list', '--json', '--limit', '1000'], { env: db.env });
    const r = await runCli(['scan', '--pipeline', 'pipelines/demo.yaml', '--show', '0'], { env: db.env });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/posts\s+307\s+0 new, 0 edited, 307 unchanged/);
    expect(r.stdout).toMatch(/engaged\s+0\s/);
    expect(r.stdout).toMatch(/flagged\s+0\s+0 new flag/);
    const after = await runCli(['flags', 'list', '--json', '--limit', '1000'], { env: db.env });
    expect(after.stdout.trim().split('\n')).toHaveLength(before.stdout.trim().split('\n').length);
    expect(after.stdout).toBe(before.stdout);
  });

  it('filters flags by label, status and agency', async () => {
    const all = (await runCli(['flags', 'list', '--json', '--limit', '1000'], { env: db.env })).stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const abusive = (await runCli(['flags', 'list', '--json', '--label', 'abusive', '--limit', '1000'], { env: db.env })).stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(abusive.length).toBeGreaterThan(0);
    expect(abusive.length).toBeLessThan(all.length);
    expect(abusive.every((f) => f.labels.includes('abusive'))).toBe(true);
    const agency = all[0].agency as string;
    const byAgency = (
      await runCli(['flags', 'list', '--json', '--agency', agency.toUpperCase(), '--limit', '1000'], { env: db.env })
    ).stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(byAgency.length).toBe(all.filter((f) => f.agency === agency).length);
    const none = await runCli(['flags', 'list', '--status', 'confirmed'], { env: db.env });
    expect(none.stdout).toContain('no flags match');
    const bad = await runCli(['flags', 'list', '--label', 'hatred'], { env: db.env });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('"hatred" is not a label');
  });

  it('rejects a broken registry CSV naming file, line and field, and changes nothing', async () => {
    const before = (await runCli(['accounts', 'list', '--json'], { env: db.env })).stdout;
    const r = await runCli(['accounts', 'import', 'test/fixtures/registry/broken.csv'], { env: db.env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('test/fixtures/registry/broken.csv:3: field "platform"');
    expect(r.stderr).toContain('test/fixtures/registry/broken.csv:4: field "profile_url"');
    expect(r.stderr).toContain('nothing was imported');
    expect((await runCli(['accounts', 'list', '--json'], { env: db.env })).stdout).toBe(before);
  });
});

describe('bad configuration', () => {
  it('stops with a message quoting the bad value', async () => {
    const r = await runCli(['flags', 'list'], { env: { NETRA_DATABASE_URL: 'mysql://nope', NETRA_LOG_LEVEL: 'chatty' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('"mysql://nope"');
    expect(r.stderr).toContain('"chatty"');
  });
});
