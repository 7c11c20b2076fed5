import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log/logger.ts';
import { loadPipeline } from '../../src/pipeline/pipeline.load.ts';
import { runScan } from '../../src/pipeline/scan.ts';
import { listFlags } from '../../src/repositories/flags.repository.ts';
import { startClaimsFeedReplay, type ClaimsFeedReplay } from '../helpers/api-replay/claims-feed-replay.ts';
import { openTestDb, testDialects, type TestDb } from '../helpers/test-db.ts';

/**
 * Issue 12 item 8: a pipeline's claimFeeds are synced at the start of its scan, before the run's
 * classifier is built, so a debunk published since the last scan is matched in this one.
 */
let feed: ClaimsFeedReplay;
let dir: string;
beforeAll(async () => {
  feed = await startClaimsFeedReplay();
  dir = await mkdtemp(path.join(tmpdir(), 'netra-feed-scan-'));
  await writeFile(
    path.join(dir, 'accounts.csv'),
    'nip,name,agency,position,region,province,employment_type,platform,handle,profile_url,link_source,link_confidence,tags\n,Budi Santoso,Dinas Pendidikan,Guru,Sleman,DI Yogyakarta,PNS,x,budi_guru,,bio,0.9,\n',
  );
  await writeFile(
    path.join(dir, 'posts.jsonl'),
    `${JSON.stringify({ platform: 'x', external_id: '9001', handle: 'budi_guru', text: 'Surat suara di gudang KPU sudah dicoblos untuk paslon 02 sebelum hari pemungutan, curang dari awal!', posted_at: '2024-01-25T10:00:00+07:00' })}\n`,
  );
  const yaml = (url: string) =>
    `name: feed-scan\nregistry: accounts.csv\nsources:\n  - kind: file\n    path: posts.jsonl\nclaimFeeds:\n  - kind: wordpress\n    url: ${url}\n    name: turnbackhoax.id\n`;
  await writeFile(path.join(dir, 'ok.yaml'), yaml(feed.url));
  await writeFile(
    path.join(dir, 'down.yaml'),
    yaml('http://127.0.0.1:9/').replace('name: feed-scan', 'name: feed-down').replace('name: turnbackhoax.id', 'name: down.example'),
  );
});
afterAll(async () => {
  await feed?.close();
  await rm(dir, { recursive: true, force: true });
});

describe.each(testDialects())('claimFeeds in a scan on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(dialect);
  });
  afterAll(async () => t?.close());

  const config = () => ({ lexiconDir: 'data/lexicons', modelsDir: 'models', databaseUrl: undefined, dataDir: dir, dbPath: 'memory://' });

  it('syncs the feed before the classifier is built: a debunk published today is matched in this scan', async () => {
    const loaded = await loadPipeline(path.join(dir, 'ok.yaml'));
    const r = await runScan({ db: t.db, loaded, classifierConfig: config(), logger: silentLogger() });
    expect(r.run.status).toBe('succeeded');
    const hoax = (await listFlags(t.db)).find((f) => f.labels.includes('hoax'));
    expect(hoax).toBeDefined();
    const c = await t.db.selectFrom('classifications').select('evidence').executeTakeFirstOrThrow();
    expect(JSON.stringify(c.evidence)).toContain('turnbackhoax.id:161001');
  });

  it('a feed that cannot be reached does not stop the scan, and the report says so', async () => {
    const loaded = await loadPipeline(path.join(dir, 'down.yaml'));
    const r = await runScan({ db: t.db, loaded, classifierConfig: config(), logger: silentLogger() });
    expect(r.run.status).toBe('partial');
    expect(r.collect.alerts.join('\n')).toMatch(/claims feed down\.example: the last sync failed/);
  }, 120_000);
});
