import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportDataset } from '../../../src/export/export-dataset.ts';
import type { DatasetRow } from '../../../src/export/dataset-row.ts';
import { silentLogger } from '../../../src/log/logger.ts';
import { decideFlag } from '../../../src/review/decide.ts';
import { ConflictError, ForbiddenError } from '../../../src/review/errors.ts';
import { agreementByLabel, decideSecondReview, sampledForSecondReview, secondReviewQueue } from '../../../src/review/second-review.ts';
import { seedFlag, seedUser } from '../../helpers/review-seed.ts';
import { openTestDb, testDialects, type TestDb } from '../../helpers/test-db.ts';

describe('second-review sample', () => {
  it('takes about the configured share, the same flags every time', () => {
    const ids = Array.from({ length: 4000 }, (_, i) => i + 1);
    const picked = ids.filter((id) => sampledForSecondReview(id, 0.1));
    expect(picked.length).toBeGreaterThan(320);
    expect(picked.length).toBeLessThan(480);
    expect(ids.filter((id) => sampledForSecondReview(id, 0.1))).toEqual(picked);
    expect(ids.filter((id) => sampledForSecondReview(id, 0)).length).toBe(0);
    expect(ids.filter((id) => sampledForSecondReview(id, 1)).length).toBe(4000);
  });
});

describe.each(testDialects())('blind second reviews on %s', (dialect) => {
  let t: TestDb;
  type A<R> = { userId: number; username: string; role: R };
  let sari: A<'analyst'>;
  let budi: A<'analyst'>;
  let dewi: A<'supervisor'>;
  const flags: { flagId: number; labels: string[] }[] = [];
  beforeAll(async () => {
    t = await openTestDb(dialect);
    const mk = async <R extends 'analyst' | 'supervisor'>(name: string, role: R) => ({
      userId: (await seedUser(t.db, name, role)).id,
      username: name,
      role,
    });
    sari = await mk('sari', 'analyst');
    budi = await mk('budi', 'analyst');
    dewi = await mk('dewi', 'supervisor');
    // Ten flags; Sari confirms the six partisan ones (correcting one to add abusive) and dismisses the four hoax ones.
    for (let i = 0; i < 10; i++) {
      const labels = i < 6 ? ['partisan'] : ['hoax'];
      const { flagId } = await seedFlag(t.db, { text: `posting nomor ${i}`, labels, handle: `asn_sr_${i}` });
      flags.push({ flagId, labels });
      if (i === 0) {
        await decideFlag(t.db, sari, { flagId, version: 1, decision: 'correct', labels: ['partisan', 'abusive'] });
        await decideFlag(t.db, sari, { flagId, version: 2, decision: 'confirm', skbItem: 2 });
      } else if (i < 6) await decideFlag(t.db, sari, { flagId, version: 1, decision: 'confirm', skbItem: 6 });
      else await decideFlag(t.db, sari, { flagId, version: 1, decision: 'dismiss', dismissReason: 'satire_or_debunk' });
    }
  });
  afterAll(async () => t?.close());

  it('shows a second reviewer the post and the model labels, never the first decision, and never to the first reviewer', async () => {
    expect(await secondReviewQueue(t.db, sari.userId, 1)).toEqual([]);
    const q = await secondReviewQueue(t.db, budi.userId, 1);
    expect(q.map((x) => x.flagId).sort((a, b) => a - b)).toEqual(flags.map((f) => f.flagId));
    expect(Object.keys(q[0]!).sort()).toEqual(['flagId', 'modelLabels', 'platform', 'postedAt', 'scores', 'text', 'version']);
    // The model labels, not the corrected ones.
    expect(q.find((x) => x.flagId === flags[0]!.flagId)!.modelLabels).toEqual(['partisan']);
    expect(await secondReviewQueue(t.db, budi.userId, 0)).toEqual([]);
  });

  it('records agreement, sends a disagreement to a supervisor, and refuses the first reviewer and a repeat', async () => {
    // Budi: agrees on 2-5 and 7-9, disagrees on 0 (no abusive), 1 (dismisses), 6 (confirms the hoax).
    const outcomes: string[] = [];
    for (const [i, f] of flags.entries()) {
      const r =
        i === 1 || (i >= 7 && i <= 9)
          ? { flagId: f.flagId, decision: 'dismiss' as const, dismissReason: 'neutral_context' }
          : i === 6
            ? { flagId: f.flagId, decision: 'confirm' as const, skbItem: 6, labels: ['hoax'] }
            : { flagId: f.flagId, decision: 'confirm' as const, skbItem: 6 };
      outcomes.push((await decideSecondReview(t.db, budi, r, 1)).agreement);
    }
    expect(outcomes).toEqual(['disagreed', 'disagreed', 'agreed', 'agreed', 'agreed', 'agreed', 'disagreed', 'agreed', 'agreed', 'agreed']);
    const statuses = await t.db
      .selectFrom('flags')
      .select(['id', 'status'])
      .where(
        'id',
        'in',
        flags.map((f) => f.flagId),
      )
      .orderBy('id')
      .execute();
    expect(statuses.filter((s) => s.status === 'escalated').map((s) => s.id)).toEqual([
      flags[0]!.flagId,
      flags[1]!.flagId,
      flags[6]!.flagId,
    ]);
    const audit = await t.db.selectFrom('audit_log').select('entity_id').where('action', '=', 'flag.escalated_disagreement').execute();
    expect(audit).toHaveLength(3);
    await expect(decideSecondReview(t.db, budi, { flagId: flags[2]!.flagId, decision: 'confirm', skbItem: 6 }, 1)).rejects.toBeInstanceOf(
      ConflictError,
    );
    await expect(decideSecondReview(t.db, sari, { flagId: flags[3]!.flagId, decision: 'confirm', skbItem: 6 }, 1)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    // The supervisor adjudicates flag 1: it was partisan after all.
    const v = (await t.db.selectFrom('flags').select('version').where('id', '=', flags[1]!.flagId).executeTakeFirstOrThrow()).version;
    await decideFlag(t.db, dewi, { flagId: flags[1]!.flagId, version: v, decision: 'confirm', skbItem: 6 });
  });

  it("computes Cohen's kappa per label from the first and the blind decision", async () => {
    const k = await agreementByLabel(t.db);
    // partisan: first yes on 0-5, second yes on 0,2-5 -> yy 5, yn 1, ny 0, nn 4: po .9, pe .6*.5+.4*.5=.5, kappa .8
    expect(k['partisan']!.n).toBe(10);
    expect(k['partisan']!.table).toEqual({ yesYes: 5, yesNo: 1, noYes: 0, noNo: 4 });
    expect(k['partisan']!.kappa).toBeCloseTo(0.8, 10);
    // abusive: first yes on 0 only, second never -> kappa 0 (pe .9, po .9)
    expect(k['abusive']!.kappa).toBeCloseTo(0, 10);
    // hoax: first never (dismissed), second yes on 6 -> kappa 0
    expect(k['hoax']!.table).toEqual({ yesYes: 0, yesNo: 0, noYes: 1, noNo: 9 });
  });

  it('shows agreement, adjudication and kappa in an export', async () => {
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'netra-agree-'));
    try {
      const r = await exportDataset(t.db, {
        outDir: tmp,
        filter: { reviewedOnly: true },
        formats: ['jsonl'],
        labelStudio: false,
        idsOnly: false,
        time: 'date',
        seed: 1,
        actor: 'user:rina',
        purpose: null,
        netraVersion: 't',
        logger: silentLogger(),
        secondReviewShare: 0.1,
      });
      expect(r.stats.rows).toBe(10);
      expect(r.stats.agreement).toEqual({ agreed: 7, disagreed: 2, adjudicated: 1 });
      expect(r.stats.kappa['partisan']!.kappa).toBeCloseTo(0.8, 10);
      const rows = (await Promise.all(['train', 'dev', 'test'].map((s) => readFile(path.join(tmp, 'data', `${s}.jsonl`), 'utf8'))))
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as DatasetRow);
      const adjudicated = rows.find((x) => x.agreement === 'adjudicated')!;
      expect(adjudicated.labels).toEqual(['partisan']);
      expect(adjudicated.annotations.map((a) => [a.round, a.decision])).toEqual([
        [1, 'confirm'],
        [2, 'dismiss'],
        [1, 'confirm'],
      ]);
      // Reviewers are pseudonyms; the same reviewer has the same pseudonym across rows.
      expect(new Set(rows.flatMap((x) => x.annotations.filter((a) => a.round === 2).map((a) => a.annotator))).size).toBe(1);
      expect(JSON.stringify(rows)).not.toMatch(/sari|budi|dewi|user:/);
      const corrected = rows.find((x) => x.labels?.includes('abusive'))!;
      expect(corrected.agreement).toBe('disagreed');
      const readme = await readFile(path.join(tmp, 'README.md'), 'utf8');
      expect(readme).toContain('A share of flags (set to 10%) goes blind to a second analyst');
      expect(readme).toMatch(/had a blind second review\n\(\d+\.\d%\)/);
      expect(readme).toMatch(/\| partisan \| 10 \| 0\.900 \| 0\.800 \| substantial \|/);
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });
});
