import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directoryEvidenceStore } from '../../../src/collect/evidence/evidence-store.ts';
import { verifyEvidence } from '../../../src/collect/evidence/evidence-verify.ts';
import { openDatabase, type Dialect, type NetraDatabase } from '../../../src/db/connect.ts';
import { startFixtureSite, type FixtureSite } from '../../helpers/fixture-site/fixture-site.ts';
import { testDialects } from '../../helpers/test-db.ts';

/**
 * Kill a collection mid-way (SIGKILL: no cleanup at all), run it again, and check that nothing
 * was lost and nothing duplicated: each account commits posts, evidence and cursor together.
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
  await writeFile(path.join(dir, 'registry.csv'), ['name,agency,platform,handle', ...HANDLES.map((h) => `${h},Kecamatan Tallo,x,${h}`)].join('\n'));
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

function child(env: Record<string, string>): { proc: ChildProcess; lines: string[]; exited: Promise<number | null> } {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/collect-child.ts'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let err = '';
  proc.stdout!.on('data', (b: Buffer) => lines.push(...b.toString().split('\n').filter(Boolean)));
  proc.stderr!.on('data', (b: Buffer) => (err += b.toString()));
  const exited = new Promise<number | null>((resolve) =>
    proc.on('exit', (code) => {
      if (code !== 0 && code !== null) console.error(err);
      resolve(code);
    }),
  );
  return { proc, lines, exited };
}

describe.each(testDialects())('kill and re-run on %s', (dialect: Dialect) => {
  const schema = `k_${randomBytes(5).toString('hex')}`;
  const dbEnv = (): Record<string, string> =>
    dialect === 'postgres' ? { NETRA_DATABASE_URL: process.env.NETRA_TEST_DATABASE_URL!, SCHEMA: schema } : { NETRA_DB_PATH: path.join(dir, `db-${schema}`) };
  const open = (): Promise<NetraDatabase> =>
    dialect === 'postgres' ? openDatabase({ databaseUrl: process.env.NETRA_TEST_DATABASE_URL!, dbPath: '', schema }) : openDatabase({ dbPath: path.join(dir, `db-${schema}`) });
  afterAll(async () => {
    if (dialect !== 'postgres') return;
    const c = new pg.Client({ connectionString: process.env.NETRA_TEST_DATABASE_URL });
    await c.connect();
    await c.query(`drop schema if exists ${schema} cascade`);
    await c.end();
  });

  it('loses nothing and duplicates nothing', async () => {
    const evidenceDir = path.join(dir, `evidence-${schema}`);
    const env = { ...dbEnv(), PIPELINE: path.join(dir, 'pipeline.yaml'), EVIDENCE_DIR: evidenceDir };
    const first = child(env);
    // Kill once one account is committed, while the next is being collected.
    await new Promise<void>((resolve, reject) => {
      const t = setInterval(() => {
        if (first.lines.filter((l) => l.startsWith('collected')).length >= 1) {
          clearInterval(t);
          setTimeout(() => {
            first.proc.kill('SIGKILL');
            resolve();
          }, 400);
        }
      }, 20);
      void first.exited.then(() => {
        clearInterval(t);
        reject(new Error(`the first run ended by itself: ${first.lines.join(' | ')}`));
      });
    }).catch((e: unknown) => {
      throw e;
    });
    expect(await first.exited).toBeNull(); // killed, not finished

    let d = await open();
    const afterKill = Number((await d.db.selectFrom('posts').select(d.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    await d.close();
    // Whole accounts only: an account's posts commit together or not at all.
    expect(afterKill % POSTS).toBe(0);
    expect(afterKill).toBeGreaterThanOrEqual(POSTS);
    expect(afterKill).toBeLessThan(HANDLES.length * POSTS);

    const second = child(env);
    expect(await second.exited).toBe(0);
    // The re-run adds exactly what the killed run had not committed.
    expect(second.lines.at(-1)).toMatch(new RegExp(`^done ${HANDLES.length * POSTS - afterKill} new `));

    d = await open();
    try {
      const n = async (sqlTable: 'posts' | 'post_versions' | 'collect_cursors') => Number((await d.db.selectFrom(sqlTable).select(d.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      expect(await n('posts')).toBe(HANDLES.length * POSTS);
      expect(await n('post_versions')).toBe(HANDLES.length * POSTS);
      expect(await n('collect_cursors')).toBe(HANDLES.length);
      const shots = await d.db.selectFrom('evidence').select(['post_id', d.db.fn.countAll<number>().as('n')]).where('kind', '=', 'screenshot').groupBy('post_id').execute();
      expect(shots).toHaveLength(HANDLES.length * POSTS);
      expect(shots.every((s) => Number(s.n) === 1)).toBe(true);
      const v = await verifyEvidence({ db: d.db, store: directoryEvidenceStore(evidenceDir), actor: 'test', record: false });
      expect(v).toMatchObject({ missing: [], mismatched: [] });
    } finally {
      await d.close();
    }
  });
});
