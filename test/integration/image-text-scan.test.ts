import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directoryEvidenceStore } from '../../src/collect/evidence/evidence-store.ts';
import { loadConfig } from '../../src/config/config.load.ts';
import type { EvidenceSpan } from '../../src/domain/classification.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { loadPipeline } from '../../src/pipeline/pipeline.load.ts';
import { loadRunClassifier, type RunClassifier } from '../../src/pipeline/run-classifier.ts';
import { runScan } from '../../src/pipeline/scan.ts';
import { formatFlag } from '../../src/cli/flag.format.ts';
import { getFlagDetail } from '../../src/repositories/flag-detail.repository.ts';
import { listFlags } from '../../src/repositories/flags.repository.ts';
import { scrubPosts } from '../../src/repositories/post-scrub.repository.ts';
import { withHistoryUnlocked } from '../../src/repositories/history-guard.repository.ts';
import { imageTextSection } from '../../src/review/views/image-text.view.ts';
import { fakeImageAnalyzer, fakeOcrEngine } from '../helpers/fake-ocr.ts';
import { openTestDb, testDialects, type TestDb } from '../helpers/test-db.ts';

const images = path.resolve('data/demo/images');
const sha = (f: string) =>
  createHash('sha256')
    .update(readFileSync(path.join(images, f)))
    .digest('hex');
const HOAX = 'PENGUMUMAN KPU KOTA REJOAGUNG\nPemungutan suara Pilkada diundur ke tanggal\n4 Desember 2024 karena surat suara kurang.';
const NOTICE = 'JADWAL POSYANDU BALITA\nDesa Kedungsari, Sabtu 9 November 2024\nPukul 08.00 di Balai Desa';
const ocrText = new Map([
  [sha('hoax-diundur.png'), HOAX],
  [sha('posyandu-jadwal.png'), NOTICE],
  [sha('foto-bersama.png'), 'SILATURAHMI WARGA RW 05'],
]);
const V_SIGN = { x0: 170, y0: 120, x1: 290, y1: 420 };
const vision = new Map([
  [
    sha('foto-bersama.png'),
    [
      {
        kind: 'gesture' as const,
        what: 'three fingers',
        target: { kind: 'candidate_pair' as const, id: 'pilkada-rejoagung-2024/03', name: 'Heru Santoso - Lilik Maslikhah' },
        confidence: 0.9,
        box: V_SIGN,
      },
    ],
  ],
]);

const dir = mkdtempSync(path.join(tmpdir(), 'netra-ocr-scan-'));
const post = (id: string, handle: string, text: string, image: string) =>
  JSON.stringify({
    platform: 'facebook',
    external_id: id,
    handle,
    text,
    posted_at: '2024-11-20T10:00:00+07:00',
    kind: 'photo',
    images: [path.join(images, image)],
  });
writeFileSync(
  path.join(dir, 'accounts.csv'),
  [
    'nip,name,agency,position,region,province,employment_type,platform,handle,profile_url,link_source,link_confidence,tags',
    '198001012005011001,Pegawai Satu,Pemerintah Kota Rejoagung,Staf,Kota Rejoagung,Jawa Timur,PNS,facebook,pegawai.satu,,bio,0.9,',
    '198001012005011002,Pegawai Dua,Pemerintah Kota Rejoagung,Staf,Kota Rejoagung,Jawa Timur,PNS,facebook,pegawai.dua,,bio,0.9,',
  ].join('\n'),
);
writeFileSync(
  path.join(dir, 'posts.jsonl'),
  [
    post('1001', 'pegawai.satu', 'Info dari grup sebelah', 'hoax-diundur.png'),
    post('1002', 'pegawai.satu', 'Jangan lupa posyandu ya', 'posyandu-jadwal.png'),
    post('1003', 'pegawai.dua', 'acara warga tadi pagi', 'foto-bersama.png'),
  ].join('\n'),
);
const claims = path.resolve('data/demo/claims.jsonl');
writeFileSync(
  path.join(dir, 'ocr.yaml'),
  `name: ocr-test\nregistry: accounts.csv\nsources:\n  - kind: file\n    path: posts.jsonl\nocr: true\nclassify:\n  contests: [${path.resolve('data/demo/contests')}]\n`,
);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(testDialects())('scan with ocr: true on %s', (dialect) => {
  let t: TestDb;
  let run: RunClassifier;
  const engine = fakeOcrEngine(ocrText);
  const analyzer = fakeImageAnalyzer(vision);
  const store = directoryEvidenceStore(path.join(dir, `evidence-${dialect}`));
  beforeAll(async () => {
    t = await openTestDb(dialect);
    run = await loadRunClassifier({
      config: loadConfig({ env: { NETRA_DATA_DIR: dir } }),
      logger: silentLogger(),
      loaded: await loadPipeline(path.join(dir, 'ocr.yaml')),
      claims: { option: claims, db: () => Promise.reject(new Error('no database')) },
    });
  }, 120_000);
  afterAll(async () => {
    await run?.classifier.close?.();
    await t?.close();
  });

  const scan = async () =>
    runScan({
      db: t.db,
      loaded: await loadPipeline(path.join(dir, 'ocr.yaml')),
      ...run,
      logger: silentLogger(),
      evidenceStore: store,
      ocr: { engine, analyzer },
    });
  const flagOf = async (externalId: string) =>
    t.db
      .selectFrom('flags as f')
      .innerJoin('posts as p', 'p.id', 'f.post_id')
      .select(['f.id', 'f.labels'])
      .where('p.external_id', '=', externalId)
      .executeTakeFirst();

  it('keeps the images as evidence, reads them once, and flags from their text with evidence pointing at the image', async () => {
    const r = await scan();
    expect(r.run.counts).toMatchObject({ images_read: 3, images_failed: 0, evidence_collected: 3 });
    expect(engine.calls).toBe(3);
    const hoax = await flagOf('1001');
    expect(hoax?.labels).toEqual(['hoax']);
    const d = (await getFlagDetail(t.db, hoax!.id))!;
    // The post's own words are untouched; the image text is stored apart, with who read it.
    expect(d.post!.text).toBe('Info dari grup sebelah');
    expect(d.imageTexts).toHaveLength(1);
    expect(d.imageTexts[0]).toMatchObject({
      text: HOAX,
      engine: 'fake-ocr',
      model: 'test',
      model_version: 'test double',
      image_sha256: sha('hoax-diundur.png'),
    });
    const ev = d.classification!.evidence.filter((e: EvidenceSpan) => e.label === 'hoax');
    expect(ev.length).toBeGreaterThan(0);
    const image = d.evidence.find((e) => e.kind === 'image')!;
    expect(image).toMatchObject({ sha256: sha('hoax-diundur.png'), method: 'collection', mime: 'image/png' });
    for (const e of ev) {
      expect(e.image).toMatchObject({ evidenceId: image.id, sha256: image.sha256, imageTextId: d.imageTexts[0]!.id });
      expect(HOAX.slice(e.start, e.end)).toBe(e.text);
    }
    expect(ev.some((e) => e.claim?.id === 'netra-demo:rejoagung-diundur' && e.image!.boxes.length > 0)).toBe(true);
    // The flag page says the flag rests on image text, shows the text apart and links the image.
    const page = String(imageTextSection('en', d));
    expect(page).toContain('id="flag-from-image"');
    expect(page).toContain(`/evidence/${image.id}`);
    expect(page).toContain('Pemungutan suara Pilkada diundur');
  });

  it('netra flags list prints image evidence on its own line, never inside the post words', async () => {
    const hoax = (await listFlags(t.db)).find((f) => f.text === 'Info dari grup sebelah')!;
    const out = formatFlag(hoax);
    expect(out).toContain('"Info dari grup sebelah"');
    expect(out).toMatch(
      /image text \(OCR, not the account's words\): «PENGUMUMAN KPU KOTA REJOAGUNG .*» in .*hoax-diundur\.png \(evidence #\d+, sha256 [0-9a-f]{12}…, fake-ocr 1 test/,
    );
  });

  it('leaves an ordinary photo with text alone', async () => {
    expect(await flagOf('1002')).toBeUndefined();
  });

  it('a vision model (test double) finding flags partisan with its box', async () => {
    const f = await flagOf('1003');
    expect(f?.labels).toEqual(['partisan']);
    const d = (await getFlagDetail(t.db, f!.id))!;
    const v = d.classification!.evidence.find((e: EvidenceSpan) => e.rule === 'vision:gesture')!;
    expect(v.image!.boxes).toEqual([V_SIGN]);
    expect(v.target!.id).toBe('pilkada-rejoagung-2024/03');
  });

  it('adds nothing when run again: no image read twice', async () => {
    const before = await t.db.selectFrom('image_texts').select(t.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const r = await scan();
    expect(r.run.counts).toMatchObject({ posts_new: 0, evidence_collected: 0, classified: 0 });
    expect(engine.calls).toBe(3);
    const after = await t.db.selectFrom('image_texts').select(t.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('erasing (or purging) a post deletes the text read from its images', async () => {
    const p = await t.db.selectFrom('posts').select('id').where('external_id', '=', '1001').executeTakeFirstOrThrow();
    const count = async () =>
      Number(
        (
          await t.db
            .selectFrom('image_texts')
            .select(t.db.fn.countAll<number>().as('n'))
            .where('post_id', '=', p.id)
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await count()).toBe(1);
    // As erasure does it: in a transaction with the append-only guards lifted.
    const r = await t.db.transaction().execute((trx) => withHistoryUnlocked(trx, () => scrubPosts(trx, [p.id], 'erased')));
    expect(r.counts.image_texts).toBe(1);
    expect(await count()).toBe(0);
  });
});
