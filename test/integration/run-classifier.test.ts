import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimsSnapshotPath } from '../../src/claims/claims-snapshot.ts';
import { loadConfig } from '../../src/config/config.load.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { loadPipeline } from '../../src/pipeline/pipeline.load.ts';
import type { RunClassifierConfig } from '../../src/pipeline/run-classifier.ts';
import { runScan } from '../../src/pipeline/scan.ts';
import { openTestDb, testDialects, type TestDb } from '../helpers/test-db.ts';

const fixture = (p: string) => path.resolve('test/fixtures', p);
const CLAIMS = path.resolve('data/claims/pemilu-2024.jsonl');

/** A pipeline file in `dir` over the small fixture registry and posts, with `claims`. */
async function pipelineFile(dir: string, name: string, claims: string): Promise<string> {
  const file = path.join(dir, `${name}.yaml`);
  await writeFile(
    file,
    `name: ${name}\nregistry: ${fixture('registry/small.csv')}\nsources:\n  - kind: file\n    path: ${fixture('posts/small.jsonl')}\nclassify:\n  claims: [${claims}]\n`,
  );
  return file;
}

// A scan loads its classifier for the run (src/pipeline/run-classifier.ts), embedded or on a
// worker alike: the pipeline's claims are imported as the run, and the embedded database's claims
// snapshot (what `netra classify --claims auto` reads) follows them.
describe.each(testDialects())('a scan loads its own classifier and claims on %s', (dialect) => {
  let t: TestDb;
  let dir: string;
  let config: RunClassifierConfig;
  beforeAll(async () => {
    t = await openTestDb(dialect);
    dir = await mkdtemp(path.join(os.tmpdir(), 'netra-run-classifier-'));
    // No models: the rules alone (faster); the claims settings say which database this is.
    const env = {
      NETRA_DATA_DIR: dir,
      NETRA_MODELS_DIR: path.join(dir, 'no-models'),
      ...(dialect === 'postgres' ? { NETRA_DATABASE_URL: process.env.NETRA_TEST_DATABASE_URL } : {}),
    };
    config = loadConfig({ env });
  });
  afterAll(async () => {
    await t?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("imports the pipeline's claims as the run (system:scan#ID) and matches them", async () => {
    const loaded = await loadPipeline(await pipelineFile(dir, 'with-claims', CLAIMS));
    const r = await runScan({ db: t.db, loaded, classifierConfig: config, logger: silentLogger() });
    expect(r.run.counts).toMatchObject({ accounts: 3, posts_new: 4, classified: 4 });
    const audit = await t.db.selectFrom('audit_log').select(['actor', 'entity_id']).where('action', '=', 'claims.imported').execute();
    expect(audit).toEqual([{ actor: `system:scan#${r.run.id}`, entity_id: 'jsonl' }]);
    const versions = await t.db.selectFrom('classifications').select('model_versions').execute();
    expect(versions.map((v) => JSON.stringify(v.model_versions))).toContainEqual(expect.stringMatching(/"claims":"tfidf-[^"]*\+18\./));
    const snapshot = claimsSnapshotPath(config.dataDir);
    if (dialect === 'pglite') expect(JSON.parse(readFileSync(snapshot, 'utf8')).claims).toHaveLength(18);
    else expect(existsSync(snapshot)).toBe(false); // PostgreSQL: classify reads the database itself
  });

  it('records the run as failed when its classifier cannot be loaded (a bad claims file)', async () => {
    const bad = path.join(dir, 'bad-claims.jsonl');
    await writeFile(bad, '{"source":"netra","title":"no id"}\n');
    const loaded = await loadPipeline(await pipelineFile(dir, 'bad-claims', bad));
    await expect(runScan({ db: t.db, loaded, classifierConfig: config, logger: silentLogger() })).rejects.toThrow(/bad-claims\.jsonl/);
    const runs = await t.db.selectFrom('scan_runs').select(['status', 'errors']).where('pipeline', '=', 'bad-claims').execute();
    expect(runs).toHaveLength(1);
    expect(runs[0]!.status).toBe('failed');
    expect(JSON.stringify(runs[0]!.errors)).toMatch(/bad-claims\.jsonl/);
  });
});
