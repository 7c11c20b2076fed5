import { chmod, mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureUrl } from '../../../src/collect/capture-url.ts';
import { EvidenceCapturers } from '../../../src/collect/evidence/capturers.ts';
import { verifyEvidence } from '../../../src/collect/evidence/evidence-verify.ts';
import { captureFlaggedEvidence } from '../../../src/collect/evidence/flagged-evidence.ts';
import { loadElectionCalendar } from '../../../src/classify/rules/election-calendar.load.ts';
import { silentLogger } from '../../../src/log/logger.ts';
import { loadPipeline } from '../../../src/pipeline/pipeline.load.ts';
import { runScan } from '../../../src/pipeline/scan.ts';
import { fakeClassifier } from '../../helpers/fake-classifier.ts';
import { startFixtureSite, type FixtureSite } from '../../helpers/fixture-site/fixture-site.ts';
import { CHROMIUM, fixtureWebSource, tempStore } from '../../helpers/collect-helpers.ts';
import { openTestDb, testDialects, type TestDb } from '../../helpers/test-db.ts';

/** A scan with web sources: flags raised, evidence captured for them, files verified, tampering caught. */
let site: FixtureSite;
let dir: string;
beforeAll(async () => {
  site = await startFixtureSite();
  dir = await mkdtemp(path.join(tmpdir(), 'netra-scan-'));
  await writeFile(
    path.join(dir, 'registry.csv'),
    [
      'nip,name,agency,platform,handle,link_source,link_confidence',
      '198503122010011002,Budi Santoso,Dinas Pendidikan Kabupaten Sleman,x,budi_guru,bio menyebut jabatan,0.9',
      '198503122010011002,Budi Santoso,Dinas Pendidikan Kabupaten Sleman,x,pengedit,laporan masyarakat,0.6',
      ',Sri Wahyuni,Kecamatan Tallo,x,sri_wahyuni,foto berseragam,0.7',
    ].join('\n'),
  );
  const pipeline = (name: string, evidence: string, handles: string[]) =>
    writeFile(
      path.join(dir, `${name}.yaml`),
      `name: ${name}
registry: registry.csv
accounts:
  handles: [${handles.join(', ')}]
sources:
  - kind: web
    platform: x
    baseUrl: ${site.baseUrl('x')}
    evidence: ${evidence}
    quietMs: 150
    politeness: { minDelayMs: 0, maxDelayMs: 0, intervalCap: 1000, backoffBaseMs: 50 }
`,
    );
  await pipeline('no-evidence', 'none', ['budi_guru']);
  await pipeline('flagged', 'flagged', ['budi_guru', 'pengedit']);
});
afterAll(async () => {
  await site?.close();
  await rm(dir, { recursive: true, force: true });
});

describe.each(testDialects())('scan with evidence on %s', (dialect) => {
  let t: TestDb;
  let store: Awaited<ReturnType<typeof tempStore>>;
  beforeAll(async () => {
    site.reset();
    t = await openTestDb(dialect);
    store = await tempStore();
  });
  afterAll(async () => {
    await t?.close();
    await store?.dispose();
  });
  const scan = async (name: string, markers: Parameters<typeof fakeClassifier>[0] = { partisan: '#coblos02' }) =>
    runScan({
      db: t.db,
      loaded: await loadPipeline(path.join(dir, `${name}.yaml`)),
      // One marker only: a handful of flags keeps the page captures (and the test) short.
      classifier: fakeClassifier(markers),
      calendar: await loadElectionCalendar(),
      logger: silentLogger(),
      config: { chromiumPath: CHROMIUM, evidenceDir: store.where, xApiBearerToken: undefined },
      evidenceStore: store,
    });
  const flaggedPosts = async () =>
    t.db
      .selectFrom('flags')
      .innerJoin('posts', 'posts.id', 'flags.post_id')
      .select(['posts.id', 'posts.external_id', 'posts.handle'])
      .orderBy('posts.id')
      .execute();

  it('captures evidence for flagged posts after classification; removed ones keep what was collected', async () => {
    const first = await scan('no-evidence');
    expect(first.run.counts).toMatchObject({ posts_new: site.posts('x', 'budi_guru').length, evidence_flagged: 0 });
    const flagged = await flaggedPosts();
    expect(flagged.length).toBeGreaterThanOrEqual(3);
    // One flagged post is taken down before anyone captured it.
    const gone = flagged[0]!;
    site.removePost('x', 'budi_guru', gone.external_id);
    const src = await fixtureWebSource(site, 'x', { evidence: 'flagged', evidenceStore: store });
    const capturers = new EvidenceCapturers([src], { config: { chromiumPath: CHROMIUM }, store });
    try {
      const flagIds = (await t.db.selectFrom('flags').select('id').execute()).map((f) => f.id);
      const r = await captureFlaggedEvidence({ db: t.db, flagIds, capturers, store, logger: silentLogger(), actor: 'system:test' });
      expect(r).toMatchObject({ needed: flagged.length, captured: flagged.length - 1, removed: 1, failed: [], skipped: 0 });
      const again = await captureFlaggedEvidence({ db: t.db, flagIds, capturers, store, logger: silentLogger(), actor: 'system:test' });
      // Nothing left to do: captured posts have their screenshot, the removed one its removal page.
      expect(again).toMatchObject({ needed: 0, captured: 0, removed: 0 });
    } finally {
      await src.close();
    }
    const goneRow = await t.db.selectFrom('posts').selectAll().where('id', '=', gone.id).executeTakeFirstOrThrow();
    expect(goneRow.deleted_at).not.toBeNull();
    const goneEvidence = await t.db
      .selectFrom('evidence')
      .select(['kind', 'method'])
      .where('post_id', '=', gone.id)
      .orderBy('kind')
      .execute();
    expect(goneEvidence).toEqual([
      { kind: 'collected-json', method: 'collected-record' },
      { kind: 'removal-page', method: 'flagged' },
    ]);
    const kept = await t.db.selectFrom('evidence').select(['kind']).where('post_id', '=', flagged[1]!.id).orderBy('kind').execute();
    expect(kept.map((k) => k.kind)).toEqual(['page-mhtml', 'screenshot']);
  });

  it('a scan whose source asks for flagged evidence captures it itself', async () => {
    // Every pengedit post ends "(pengedit #N)": flag them all.
    const r = await scan('flagged', { partisan: '#coblos02', hate: '(pengedit #' });
    expect(r.evidence).toBeDefined();
    // pengedit's posts are new and some are flagged; budi_guru's were captured already.
    const pengeditFlags = (await flaggedPosts()).filter((f) => f.handle === 'pengedit');
    expect(pengeditFlags).toHaveLength(4);
    expect(r.evidence!.captured).toBe(pengeditFlags.length);
    expect(r.run.counts.evidence_flagged).toBe(pengeditFlags.length);
    expect(r.evidence!.failed).toEqual([]);
  });

  it('an analyst captures a URL by hand: stored, linked to the registry, custody names them', async () => {
    const p = site.posts('x', 'sri_wahyuni')[0]!;
    const url = site.postUrl('x', 'sri_wahyuni', p.id);
    const r = await captureUrl({
      db: t.db,
      url,
      platform: 'x',
      config: { chromiumPath: CHROMIUM, evidenceDir: store.where },
      evidenceStore: store,
      logger: silentLogger(),
      actor: 'user:sari',
    });
    expect(r).toMatchObject({ status: 'captured', outcome: 'new', handle: 'sri_wahyuni', registered: true });
    expect(r.files.map((f) => f.kind)).toEqual(['screenshot', 'page-mhtml']);
    const custody = await t.db.selectFrom('evidence_custody').selectAll().where('evidence_id', '=', r.files[0]!.evidenceId).execute();
    expect(custody).toMatchObject([{ action: 'captured', actor: 'user:sari', sha256_observed: r.files[0]!.file.sha256 }]);
    site.removePost('x', 'sri_wahyuni', p.id);
    const gone = await captureUrl({
      db: t.db,
      url,
      platform: 'x',
      config: { chromiumPath: CHROMIUM, evidenceDir: store.where },
      evidenceStore: store,
      logger: silentLogger(),
      actor: 'user:sari',
    });
    expect(gone).toMatchObject({ status: 'removed', postId: r.postId });
    await expect(
      captureUrl({
        db: t.db,
        url: site.postUrl('x', 'sri_wahyuni', '42'),
        platform: 'x',
        config: { chromiumPath: CHROMIUM, evidenceDir: store.where },
        evidenceStore: store,
        logger: silentLogger(),
        actor: 'user:sari',
      }),
    ).rejects.toThrow(/removed, and netra holds no copy/);
  });

  it('verify checks every file against its hash, and records each check', async () => {
    const ok = await verifyEvidence({ db: t.db, store, actor: 'user:auditor' });
    expect(ok.checked).toBeGreaterThan(6);
    expect(ok).toMatchObject({ missing: [], mismatched: [] });
    const [a, b] = await t.db
      .selectFrom('evidence')
      .select(['id', 'storage_path', 'kind'])
      .where('kind', '=', 'screenshot')
      .orderBy('id')
      .limit(2)
      .execute();
    const fa = store.resolve(a!.storage_path);
    await chmod(fa, 0o644);
    await writeFile(fa, 'not the screenshot any more');
    await unlink(store.resolve(b!.storage_path));
    const bad = await verifyEvidence({ db: t.db, store, actor: 'user:auditor' });
    expect(bad.mismatched.map((m) => m.evidenceId)).toEqual([a!.id]);
    expect(bad.missing.map((m) => m.evidenceId)).toEqual([b!.id]);
    const events = await t.db
      .selectFrom('evidence_custody')
      .select(['evidence_id', 'action'])
      .where('actor', '=', 'user:auditor')
      .where('action', '!=', 'verified')
      .execute();
    expect(events.sort((x, y) => x.evidence_id - y.evidence_id)).toEqual([
      { evidence_id: a!.id, action: 'verify_failed' },
      { evidence_id: b!.id, action: 'missing' },
    ]);
    await expect(t.db.updateTable('evidence_custody').set({ actor: 'mallory' }).execute()).rejects.toThrow(/append-only/);
  });
});
