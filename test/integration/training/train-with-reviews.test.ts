import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuleClassifier, type RuleClassifier } from '../../../src/classify/rules/index.ts';
import { currentVersion, listVersions } from '../../../src/training/model-versions.ts';
import { holdOutRecent, reviewExamples } from '../../../src/training/review-examples.ts';
import { promoteModel, rollbackModel } from '../../../src/training/model-promotion.ts';
import { auditHistory } from '../../../src/repositories/audit.repository.ts';
import { trainWithReviews } from '../../../src/training/train-with-reviews.ts';
import { modelsPossiblyTrainedOn } from '../../../src/repositories/erasure.repository.ts';
import { modelsTrainedOn } from '../../../src/repositories/model-training.repository.ts';
import { silentLogger } from '../../../src/log/logger.ts';
import { DEFAULT_FEATURE_SPEC } from '../../../src/model/features.ts';
import type { TaskExample, TrainTask } from '../../../src/training/tasks/task.ts';
import { runTask } from '../../../src/training/train-task.ts';
import { decideFlag } from '../../../src/review/decide.ts';
import { seedFlag, seedUser } from '../../helpers/review-seed.ts';
import { openTestDb, testDialects, type TestDb } from '../../helpers/test-db.ts';

const ex = (text: string, y: number): TaskExample => ({ text, y: [y], source: 'tiny' });
const INSULTS = [
  'dasar goblok kau',
  'bangsat lu',
  'otak udang dasar tolol',
  'kampret goblok semua',
  'dasar bego',
  'tolol banget sih',
  'goblok kali kau',
  'bangsat memang',
];
const PLAIN = [
  'hari ini hujan deras',
  'rapat di kantor kecamatan',
  'selamat pagi semua',
  'harga beras naik lagi',
  'jadwal posyandu besok',
  'kerja bakti warga',
  'libur sekolah minggu depan',
  'sarapan nasi uduk',
];

/** A tiny abusive task: a few rows, a few epochs; the fixed test split is its own. */
const tiny: TrainTask = {
  name: 'tiny-abusive',
  labels: ['abusive'],
  description: 'test task',
  model: { kind: 'linear', dim: 1, hidden: 0, features: { ...DEFAULT_FEATURE_SPEC, bits: 12 } },
  train: { epochs: 8, batchSize: 4, learningRate: 0.1, featureDropout: 0, l2: 0 },
  threshold: { abusive: { kind: 'max-f1' } },
  cv: false,
  async load() {
    return {
      train: [...INSULTS.slice(0, 4).map((t) => ex(t, 1)), ...PLAIN.slice(0, 4).map((t) => ex(t, 0))],
      calibration: [ex(INSULTS[4]!, 1), ex(INSULTS[5]!, 1), ex(PLAIN[4]!, 0), ex(PLAIN[5]!, 0)],
      test: [ex(INSULTS[6]!, 1), ex(INSULTS[7]!, 1), ex(PLAIN[6]!, 0), ex(PLAIN[7]!, 0)],
      files: [],
      notes: ['tiny test task'],
    };
  },
};

describe.each(testDialects())('training with reviews on %s', (dialect) => {
  let t: TestDb;
  let models: string;
  let rules: RuleClassifier;
  let first: string;
  const ctx = () => ({ dataDir: '/nonexistent', labelledDir: '/nonexistent', seed: 7, rules });
  beforeAll(async () => {
    t = await openTestDb(dialect);
    models = await mkdtemp(path.join(os.tmpdir(), 'netra-learn-'));
    rules = await createRuleClassifier({ lexiconDir: 'data/lexicons' });
    first = path.basename(
      (await runTask({ task: tiny, ctx: ctx(), rules, outDir: models, logger: silentLogger(), command: 'test', print: () => {} })).dir,
    );
    // Sari decides 20 flags over 20 days: insults confirmed, the rest dismissed.
    const sari = { userId: (await seedUser(t.db, 'sari', 'analyst')).id, username: 'sari', role: 'analyst' as const };
    const texts = [
      ...[
        'anjing lu',
        'dasar kampret',
        'goblok sekali',
        'tolol kau',
        'bangsat kalian',
        'bego amat',
        'brengsek',
        'kurang ajar goblok',
        'anjing semua',
        'otak kosong tolol',
      ].map((x) => [x, true] as const),
      ...[
        'pagi yang cerah',
        'ayo ke posyandu',
        'rapat guru besok',
        'panen padi melimpah',
        'jalan desa diperbaiki',
        'lomba tujuh belasan',
        'pengajian rutin',
        'bazar sekolah',
        'vaksinasi anak',
        'gotong royong',
      ].map((x) => [x, false] as const),
    ];
    for (const [i, [text, insult]] of texts.entries()) {
      const { flagId } = await seedFlag(t.db, { text, labels: ['abusive'], handle: `asn_learn_${i}` });
      const now = new Date(Date.UTC(2024, 1, 1 + i));
      await decideFlag(
        t.db,
        sari,
        insult
          ? { flagId, version: 1, decision: 'confirm', skbItem: 6 }
          : { flagId, version: 1, decision: 'dismiss', dismissReason: 'neutral_context' },
        now,
      );
    }
  }, 300_000);
  afterAll(async () => {
    await t?.close();
    if (models) await rm(models, { recursive: true, force: true });
  });

  it('holds out the most recent decisions', async () => {
    const all = await reviewExamples(t.db);
    expect(all).toHaveLength(20);
    const { train, recent } = holdOutRecent(all, 0.25);
    expect(recent).toHaveLength(5);
    expect(Math.min(...recent.map((r) => r.decidedAt.getTime()))).toBeGreaterThan(Math.max(...train.map((r) => r.decidedAt.getTime())));
  });

  it('refuses to train with too few reviews per label, naming the label and the counts', async () => {
    const before = (await listVersions(models, 'tiny-abusive')).length;
    await expect(
      trainWithReviews({
        db: t.db,
        tasks: [tiny],
        ctx: ctx(),
        rules,
        outDir: models,
        logger: silentLogger(),
        command: 'test',
        print: () => {},
        recentShare: 0.25,
        actor: 'cli:test',
      }),
    ).rejects.toThrow(/tiny-abusive: too few reviewed posts.*at least 30 positive and 30 negative.*abusive: \d+ positive and \d+ negative/);
    await expect(
      trainWithReviews({
        db: t.db,
        tasks: [tiny],
        ctx: ctx(),
        rules,
        outDir: models,
        logger: silentLogger(),
        command: 'test',
        print: () => {},
        recentShare: 0.25,
        actor: 'cli:test',
        minPerLabel: 8,
      }),
    ).rejects.toThrow(/abusive: \d+ positive and \d+ negative/);
    expect((await listVersions(models, 'tiny-abusive')).length).toBe(before); // nothing trained
  });

  it('trains a new version with the reviews, compares it with the one in use, and leaves the old one in use', async () => {
    const lines: string[] = [];
    const [c] = await trainWithReviews({
      db: t.db,
      tasks: [tiny],
      ctx: ctx(),
      rules,
      outDir: models,
      logger: silentLogger(),
      command: 'netra train --with-reviews',
      print: (l) => lines.push(l),
      recentShare: 0.25,
      actor: 'cli:test',
      minPerLabel: 5,
    });
    expect(c!.oldVersion).toBe(first);
    expect(c!.newVersion).not.toBe(first);
    expect(await currentVersion(models, 'tiny-abusive')).toBe(first); // pinned: not used until promoted
    const s = c!.perLabel['abusive']!;
    expect(s.fixed.rows).toBe(4);
    expect(s.recent.rows).toBe(5);
    // Three columns, each with intervals, on both sets.
    for (const set of [s.fixed, s.recent]) {
      for (const col of ['current', 'without', 'with'] as const) {
        const m = set.metrics[col]!;
        expect(m).not.toBeNull();
        if (m.f1.value !== null) expect(m.f1.lo! <= m.f1.value && m.f1.value <= m.f1.hi!).toBe(true);
      }
      expect(set.gainOverCurrent).not.toBeNull();
      expect(set.gainOverWithout).not.toBeNull();
    }
    expect(s.recent.positives).toBe(0); // the five newest decisions are all dismissals
    // Four and five rows cannot show a gain beyond noise: promote refuses without a reason.
    expect(c!.verdict.clearGain).toBe(false);
    await expect(promoteModel(t.db, models, 'tiny-abusive', c!.newVersion, 'user:admin')).rejects.toThrow(/within noise.*--force "REASON"/);
    await expect(promoteModel(t.db, models, 'tiny-abusive', c!.newVersion, 'user:admin', { force: 'short' })).rejects.toThrow(
      /within noise/,
    );
    expect(await currentVersion(models, 'tiny-abusive')).toBe(first);
    expect(
      await promoteModel(t.db, models, 'tiny-abusive', c!.newVersion, 'user:admin', {
        force: 'field trial on the new province, watched daily',
      }),
    ).toBe(first);
    const promoted = await t.db
      .selectFrom('audit_log')
      .select(['action'])
      .where('entity_type', '=', 'model')
      .where('action', 'in', ['model.promoted', 'model.promote_refused'])
      .orderBy('id')
      .execute();
    expect(promoted.map((a) => a.action)).toEqual(['model.promote_refused', 'model.promote_refused', 'model.promoted']);
    const hist = await auditHistory(t.db, 'model', 'tiny-abusive');
    expect(JSON.stringify(hist.find((e) => e.action === 'model.promoted')!.context)).toContain('field trial on the new province');
    await rollbackModel(t.db, models, 'tiny-abusive', 'user:admin');
    const dir = path.join(models, 'tiny-abusive', c!.newVersion);
    const meta = JSON.parse(await readFile(path.join(dir, 'metadata.json'), 'utf8'));
    expect(meta.training.rows.train).toBe(8 + 15);
    expect(meta.training.notes.join(' ')).toMatch(/\+ 15 posts decided by netra's analysts/);
    expect(existsSync(path.join(dir, 'comparison.json'))).toBe(true);
    const md = await readFile(path.join(dir, 'comparison.md'), 'utf8');
    expect(md).toContain(
      '| label | set | in use | retrain without reviews | retrain with reviews | F1 gain over in use | F1 gain over without |',
    );
    expect(md).toMatch(/\| abusive \| fixed held-out \(4 rows, 2 positive\) \| P [\d.n/a]+.*F1 [\d.]+ \[[\d.]+, [\d.]+\]/);
    expect(md).toMatch(/\| abusive \| recent reviewed \(5 rows, 0 positive\) \|/);
    expect(md).toMatch(/\*\*Verdict:\*\* within noise/);
    expect(md).toContain(`netra models promote tiny-abusive ${c!.newVersion}`);
    expect(lines.join('\n')).toMatch(/reviews: 20 decided posts, 15 for training, 5 most recent held out, 0 left out/);
    const versions = await listVersions(models, 'tiny-abusive');
    // Version names sort by date and weight hash, not by age: either order.
    expect(versions.map((v) => [v.version === first, v.current, v.withReviews]).sort()).toEqual([
      [false, false, true],
      [true, true, false],
    ]);
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['actor', 'entity_id'])
      .where('action', '=', 'model.trained_with_reviews')
      .execute();
    expect(audit).toEqual([{ actor: 'cli:test', entity_id: 'tiny-abusive' }]);
    // Whose reviewed posts the new version learned from, as a fact: the 15 trained on, not the 5 held out.
    const personOf = async (text: string) =>
      (
        await t.db
          .selectFrom('posts as p')
          .innerJoin('accounts as a', 'a.id', 'p.account_id')
          .select('a.person_id')
          .where('p.text', '=', text)
          .executeTakeFirstOrThrow()
      ).person_id;
    const trainedOn = await personOf('anjing lu');
    expect(await modelsTrainedOn(t.db, trainedOn)).toMatchObject([{ task: 'tiny-abusive', version: c!.newVersion, posts: 1 }]);
    expect(await modelsPossiblyTrainedOn(t.db, trainedOn)).toEqual([]);
    expect(await modelsTrainedOn(t.db, await personOf('gotong royong'))).toEqual([]);
    expect(await t.db.selectFrom('model_training_persons').select('person_id').execute()).toHaveLength(15);
  });

  it('a wrong-identity dismissal is no negative label and marks the account link as disputed, audited', async () => {
    const sari = await t.db.selectFrom('users').select(['id', 'username']).where('username', '=', 'sari').executeTakeFirstOrThrow();
    const { flagId, accountId } = await seedFlag(t.db, { text: 'pagi yang tenang di desa', labels: ['abusive'], handle: 'asn_not_her' });
    await decideFlag(
      t.db,
      { userId: sari.id, username: 'sari', role: 'analyst' },
      { flagId, version: 1, decision: 'dismiss', dismissReason: 'wrong_identity' },
      new Date(Date.UTC(2024, 2, 1)),
    );
    const all = await reviewExamples(t.db);
    expect(all).toHaveLength(20); // not 21: the dismissal says who, not what
    const acc = await t.db.selectFrom('accounts').select(['tags', 'person_id']).where('id', '=', accountId).executeTakeFirstOrThrow();
    expect(acc.tags).toContain('identity_disputed');
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['actor', 'entity_id'])
      .where('action', '=', 'account.identity_disputed')
      .execute();
    expect(audit).toEqual([{ actor: 'user:sari', entity_id: String(accountId) }]);
  });
});
