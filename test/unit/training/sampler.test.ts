import { describe, expect, it } from 'vitest';
import { LABELS, type LabelScores } from '../../../src/domain/labels.ts';
import { exclusionKey } from '../../../src/nlp/lexicon-build/corpus-counts.ts';
import type { PoolQuota } from '../../../src/training/labelling/sample-plan.ts';
import { drawSample, type Candidate, type CandidateScore } from '../../../src/training/labelling/sampler.ts';
import { POOLS, type Pool } from '../../../src/training/labelling/stream-sources.ts';

const WORDS =
  'rumah kantor pagi hujan macet kopi nasi sekolah anak ibu bapak pasar jalan motor kereta pantai gunung kota desa sawah kerja libur sakit sehat vaksin dokter guru murid buku lagu film main bola hari minggu senin malam siang sore teman kakak adik nenek kakek ayam ikan sayur buah teh gula garam'.split(
    ' ',
  );

/** A deterministic fixture: 70 posts per pool with distinct words, a few vocabulary hits and short posts. */
function fixture(): { candidates: Candidate[]; scores: Map<string, CandidateScore> } {
  const candidates: Candidate[] = [];
  const scores = new Map<string, CandidateScore>();
  let x = 7;
  const next = () => (x = (x * 1103515245 + 12345) % 2147483648);
  for (const pool of POOLS) {
    for (let i = 1; i <= 70; i++) {
      const words = Array.from({ length: 9 }, () => WORDS[next() % WORDS.length]!);
      let text = `${pool} ${i} ${words.join(' ')}`;
      if (i % 10 === 1) text += ' serangan fajar';
      if (i % 10 === 2) text += ' itu hoaks';
      if (i % 10 === 3) text += ' wowo gemoy';
      if (i % 10 === 4) text = `ok ${i}`;
      const c: Candidate = { id: `${pool}:${i}`, pool, sourceFile: `${pool}/f${i % 2}.csv`, sourceRow: i, text };
      if (pool === 'ordinary') c.part = i % 5 === 0 ? 'test' : i % 3 === 0 ? 'dev' : 'train';
      candidates.push(c);
      const s = {} as LabelScores;
      LABELS.forEach((l, k) => (s[l] = ((i * (k + 3)) % 97) / 97));
      scores.set(c.id, { scores: s, flags: LABELS.filter((l) => s[l] >= 0.5), ruleFlags: LABELS.filter((l) => s[l] >= 0.4) });
    }
  }
  return { candidates, scores };
}

const quota = (pool: Pool): PoolQuota => ({
  random: 10,
  short: pool === 'ordinary' ? 3 : 0,
  nearThreshold: 5,
  disagree: 3,
  flagged: pool === 'ordinary' ? 3 : 0,
  moneyVocab: 2,
  hoaxVocab: 2,
  nickname: 2,
});
const plan = Object.fromEntries(POOLS.map((p) => [p, quota(p)])) as Record<Pool, PoolQuota>;
const thresholds = Object.fromEntries(LABELS.map((l) => [l, 0.5])) as LabelScores;
const none = () => ({ hashes: new Set<string>(), keys: new Set<string>() });

describe('drawSample', () => {
  const { candidates, scores } = fixture();

  it('draws the same sample for the same seed, and another for another seed', () => {
    const a = drawSample(candidates, scores, { seed: 11, plan, thresholds, exclusion: none() });
    const b = drawSample([...candidates], new Map(scores), { seed: 11, plan, thresholds, exclusion: none() });
    const c = drawSample(candidates, scores, { seed: 12, plan, thresholds, exclusion: none() });
    expect(b).toEqual(a);
    expect(c.map((r) => r.id)).not.toEqual(a.map((r) => r.id));
    expect(a.length).toBe(POOLS.reduce((s, p) => s + Object.values(quota(p)).reduce((x, y) => x + y, 0), 0));
  });

  it('records the stratum, covers every pool with train and dev rows, and never repeats a post', () => {
    const rows = drawSample(candidates, scores, { seed: 3, plan, thresholds, exclusion: none() });
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    for (const p of POOLS) {
      const mine = rows.filter((r) => r.pool === p);
      expect(mine.some((r) => r.split === 'dev')).toBe(true);
      expect(mine.some((r) => r.split === 'train')).toBe(true);
      expect(new Set(mine.map((r) => r.stratum.split(':')[0]))).toEqual(
        new Set([
          'random',
          'near-threshold',
          'rule-model-disagree',
          'oversample-money-vocab',
          'oversample-hoax-vocab',
          'oversample-nickname',
          ...(p === 'ordinary' ? ['random-short', 'flagged'] : []),
        ]),
      );
    }
    expect(rows.filter((r) => r.stratum === 'oversample-money-vocab').every((r) => r.text.includes('serangan fajar'))).toBe(true);
  });

  it('drops short posts except in the ordinary pool, and never draws the ordinary test part', () => {
    const rows = drawSample(candidates, scores, { seed: 5, plan, thresholds, exclusion: none() });
    const short = rows.filter((r) => exclusionKey(r.text).length < 12);
    expect(short.length).toBeGreaterThan(0);
    expect(short.every((r) => r.pool === 'ordinary')).toBe(true);
    const parts = new Map(candidates.map((c) => [c.id, c.part]));
    for (const r of rows.filter((r) => r.pool === 'ordinary')) {
      expect(parts.get(r.id)).not.toBe('test');
      expect(r.split).toBe(parts.get(r.id));
    }
  });

  it('takes the posts nearest a threshold first', () => {
    const rows = drawSample(candidates, scores, {
      seed: 5,
      plan: {
        ...plan,
        campaign: { ...quota('campaign'), random: 0, nearThreshold: 1, disagree: 0, moneyVocab: 0, hoaxVocab: 0, nickname: 0 },
      },
      thresholds,
      exclusion: none(),
    });
    const near = rows.find((r) => r.pool === 'campaign' && r.stratum === 'near-threshold:partisan')!;
    const best = Math.min(
      ...candidates
        .filter((c) => c.pool === 'campaign' && exclusionKey(c.text).length >= 12)
        .map((c) => Math.abs(scores.get(c.id)!.scores.partisan - 0.5)),
    );
    expect(Math.abs(near.scores.partisan - 0.5)).toBeCloseTo(best, 10);
  });

  it('never draws an excluded text, nor a retweet or copy of one', () => {
    const target = candidates.find((c) => c.id === 'headlines:5')!;
    const rt: Candidate = {
      ...target,
      id: 'unlabelled:999',
      pool: 'unlabelled',
      text: `RT @someone: ${target.text.toUpperCase()} https://t.co/x`,
    };
    const all = [...candidates, rt];
    const sc = new Map(scores).set(rt.id, scores.get(target.id)!);
    const ex = { hashes: new Set<string>(), keys: new Set([exclusionKey(target.text)]) };
    for (const seed of [1, 2, 3, 4]) {
      const rows = drawSample(all, sc, { seed, plan, thresholds, exclusion: ex });
      expect(rows.map((r) => r.id)).not.toContain('headlines:5');
      expect(rows.map((r) => r.id)).not.toContain('unlabelled:999');
    }
  });

  it('skips near-duplicates (same words, a few changed)', () => {
    const base = candidates.find((c) => c.id === 'local:7')!;
    const dup: Candidate = { ...base, id: 'local:700', sourceRow: 700, text: `${base.text} ya` };
    const rows = drawSample([...candidates, dup], new Map(scores).set(dup.id, scores.get(base.id)!), {
      seed: 9,
      plan: { ...plan, local: { ...quota('local'), random: 69 } },
      thresholds,
      exclusion: none(),
    });
    const ids = rows.map((r) => r.id);
    expect(ids.includes('local:7') && ids.includes('local:700')).toBe(false);
  });
});
