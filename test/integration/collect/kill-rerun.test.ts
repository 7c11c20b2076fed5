import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directoryEvidenceStore } from '../../../src/collect/evidence/evidence-store.ts';
import { verifyEvidence } from '../../../src/collect/evidence/evidence-verify.ts';
import { openDatabase, type Dialect, type NetraDatabase } from '../../../src/db/connect.ts';
import { countLogs, startCli } from '../../helpers/cli-process.ts';
import { startFixtureSite, type FixtureSite } from '../../helpers/fixture-site/fixture-site.ts';
import { testDialects } from '../../helpers/test-db.ts';

/**
 * Kill `netra scan` mid-collection (SIGKILL: no cleanup at all), run it again, and check that
 * nothing was lost and nothing duplicated: each account's collect job commits posts, evidence and
 * cursor together. The real path: the scan's jobs, as `netra scan` and the workers run them.
 */
const HANDLES = ['kecil_0', 'kecil_1', 'kecil_2', 'kecil_3'];
const POSTS = 12;
let site: FixtureSite;
let dir: string;

beforeAll(async () => {
  site = await startFixtureSite();
  // Slow enough that the kill lands mid-run.
  site.setDelay(30);
  dir = await mkdtemp(path.join(tmpdir(), 'netra-kill-'));
  await writeFile(
    path.join(dir, 'registry.csv'),
    ['name,agency,platform,handle', ...HANDLES.map((h) => `${h},Kecamatan Tallo,x,${h}`)].join('\n'),
  );
  await writeFile(
    path.join(dir, 'pipeline.yaml'),
    `name: kill
registry: registry.csv
accounts: { handles: [${HANDLES.join(', ')}] }
sources:
  - kind: web
    platform: x
    baseUrl: ${site.baseUrl('x')}
    evidence: all
    quietMs: 120
    politeness: { minDelayMs: 0, maxDelayMs: 0, intervalCap: 1000 }
`,
  );
});
afterAll(async () => {
  await site?.close();
  await rm(dir, { recursive: true, force: true });
});

describe.each(testDialects())('kill and re-run on %s', (dialect: Dialect) => {
  const schema = `k_${randomBytes(5).toString('hex')}`;
  const dbEnv = (): Record<string, string> =>
    dialect === 'postgres'
      ? { NETRA_DATABASE_URL: process.env.NETRA_TEST_DATABASE_URL!, NETRA_DATABASE_SCHEMA: schema }
      : { NETRA_DATABASE_URL: '', NETRA_DB_PATH: path.join(dir, `db-${schema}`) };
  const open = (): Promise<NetraDatabase> =>
    dialect === 'postgres'
      ? openDatabase({ databaseUrl: process.env.NETRA_TEST_DATABASE_URL!, dbPath: '', schema })
      : openDatabase({ dbPath: path.join(dir, `db-${schema}`) });
  afterAll(async () => {
    if (dialect !== 'postgres') return;
    const c = new pg.Client({ connectionString: process.env.NETRA_TEST_DATABASE_URL });
    await c.connect();
    await c.query(`drop schema if exists ${schema} cascade`);
    await c.end();
  });

  // No deadline of its own but the test's: under load the scan's start-up (tsx, PGlite, the
  // classifier, Chromium) takes what it takes; a scan that ends before the kill fails the test.
  it('loses nothing and duplicates nothing', { timeout: 600_000 }, async () => {
    const evidenceDir = path.join(dir, `evidence-${schema}`);
    const env = { ...dbEnv(), NETRA_DATA_DIR: path.join(dir, `data-${schema}`), NETRA_EVIDENCE_DIR: evidenceDir };
    const scan = (...extra: string[]) => startCli(['scan', '--pipeline', path.join(dir, 'pipeline.yaml'), '--show', '0', ...extra], env);
    const first = scan();
    // Kill once one account is committed, while the next is being collected.
    await first.waitFor((err) => countLogs(err, 'job done', (l) => String(l['job']).startsWith('collect')) >= 1, 590_000);
    await new Promise((r) => setTimeout(r, 400));
    first.proc.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL'); // killed, not finished

    let d = await open();
    const afterKill = Number((await d.db.selectFrom('posts').select(d.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    await d.close();
    // Whole accounts only: an account's posts commit together or not at all.
    expect(afterKill % POSTS).toBe(0);
    expect(afterKill).toBeGreaterThanOrEqual(POSTS);
    expect(afterKill).toBeLessThan(HANDLES.length * POSTS);

    const second = scan('--json');
    const { code } = await second.exited;
    expect(code, second.stderr().slice(-2000)).toBe(0);
    // The re-run adds exactly what the killed run had not committed.
    const report = JSON.parse(second.stdout()) as { run: { counts: Record<string, number> } };
    expect(report.run.counts['posts_new']).toBe(HANDLES.length * POSTS - afterKill);
    expect(report.run.counts['posts_unchanged']).toBe(afterKill);

    d = await open();
    try {
      const n = async (sqlTable: 'posts' | 'post_versions' | 'collect_cursors') =>
        Number((await d.db.selectFrom(sqlTable).select(d.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      expect(await n('posts')).toBe(HANDLES.length * POSTS);
      expect(await n('post_versions')).toBe(HANDLES.length * POSTS);
      expect(await n('collect_cursors')).toBe(HANDLES.length);
      const shots = await d.db
        .selectFrom('evidence')
        .select(['post_id', d.db.fn.countAll<number>().as('n')])
        .where('kind', '=', 'screenshot')
        .groupBy('post_id')
        .execute();
      expect(shots).toHaveLength(HANDLES.length * POSTS);
      expect(shots.every((s) => Number(s.n) === 1)).toBe(true);
      const v = await verifyEvidence({ db: d.db, store: directoryEvidenceStore(evidenceDir), actor: 'test', record: false });
      expect(v).toMatchObject({ missing: [], mismatched: [] });
    } finally {
      await d.close();
    }
  });
});
