import { readElectionPosts } from '../data/election.data.ts';
import { readHateAbusive } from '../data/hate-abusive.data.ts';
import { readLabelled } from '../data/labelled.data.ts';
import { DEFAULT_FEATURE_SPEC } from '../../model/features.ts';
import { mulberry32, shuffleInPlace } from '../../domain/seeded-random.ts';
import type { TaskExample, TrainTask } from './task.ts';

/** Weak-label cut-offs on the rule layer's partisan score. */
const YES_AT = 0.5;
const NO_BELOW = 0.2;
/** Everyday (non-election) negatives from the Ibrohim tweets that name no target at all. */
const EVERYDAY_NEGATIVES = 2000;

/**
 * partisan has no public labelled data. Training rows are weak labels plus netra's own written
 * examples; calibration and test rows are netra's hand-labelled data (data/labelled), never
 * trained on (the exclusion rule drops every dev/test text from the weak sources):
 * - election posts (2024 campaign, 2022-2023 pre-candidate tweets): YES when the rule layer's
 *   partisan score is >= 0.5 (a campaign hashtag, a slogan, a call to vote, support next to a
 *   name), NO below 0.2, the rest left out;
 * - Pilpres 2019 and Pilkada DKI 2017 sentiment tweets: the datasets' positive/negative
 *   sentiment about a candidate is read as taking a side (YES), 2019 "netral" as NO unless the
 *   rules find a side; half weight, as these are not partisan labels;
 * - everyday tweets (Ibrohim & Budi 2019 rows that name no candidate or party): NO, half weight;
 * - partisan-written.jsonl train rows (hand-written hard cases): weight 3.
 * Calibration: election-posts dev + partisan-written dev; test: election-posts test.
 */
export const partisanTask: TrainTask = {
  name: 'partisan',
  labels: ['partisan'],
  description: 'partisan: takes a side in an election contest (weak labels + hand-written examples)',
  model: { kind: 'linear', dim: 1, hidden: 0, features: { ...DEFAULT_FEATURE_SPEC, bits: 18 } },
  train: { epochs: 10, batchSize: 64, learningRate: 0.03, featureDropout: 0.3, l2: 1e-6 },
  threshold: { partisan: { kind: 'max-macro-f1' } },
  cv: false,
  async load(ctx) {
    const election = readElectionPosts(ctx.dataDir, ctx.labelledDir);
    const train: TaskExample[] = [];
    const counts: Record<string, number> = {};
    const count = (k: string) => (counts[k] = (counts[k] ?? 0) + 1);
    for (let s = 0; s < election.posts.length; s += 512) {
      const chunk = election.posts.slice(s, s + 512);
      const scored = await ctx.rules.scoreBatch(chunk.map((p) => p.text));
      chunk.forEach((p, i) => {
        const r = scored[i]!.results.partisan.score;
        const tag = p.tag?.toLowerCase();
        if (p.file.includes('pilkada-dki2017')) {
          train.push({ text: p.text, y: [1], weight: 0.5, source: p.file });
          count('sentiment-yes');
        } else if (p.file.includes('pilpres2019')) {
          const yes = tag === 'positif' || tag === 'negatif' || r >= YES_AT;
          train.push({ text: p.text, y: [yes ? 1 : 0], weight: 0.5, source: p.file });
          count(yes ? 'sentiment-yes' : 'sentiment-no');
        } else if (r >= YES_AT) {
          train.push({ text: p.text, y: [1], source: p.file });
          count('rules-yes');
        } else if (r < NO_BELOW) {
          train.push({ text: p.text, y: [0], source: p.file });
          count('rules-no');
        }
      });
    }
    const ha = readHateAbusive(ctx.dataDir);
    const everyday = shuffleInPlace([...ha.rows], mulberry32(ctx.seed));
    let added = 0;
    for (let s = 0; s < everyday.length && added < EVERYDAY_NEGATIVES; s += 512) {
      const chunk = everyday.slice(s, s + 512);
      const scored = await ctx.rules.scoreBatch(chunk.map((p) => p.text));
      chunk.forEach((p, i) => {
        const r = scored[i]!.results.partisan;
        if (added < EVERYDAY_NEGATIVES && r.score === 0 && r.evidence.length === 0) {
          train.push({ text: p.text, y: [0], weight: 0.5, source: ha.file.path });
          added++;
        }
      });
    }
    counts['everyday-no'] = added;
    const written = readLabelled(ctx.labelledDir, 'partisan-written.jsonl');
    const posts = readLabelled(ctx.labelledDir, 'election-posts.jsonl');
    const y = (labels: string[]) => [labels.includes('partisan') ? 1 : 0];
    for (const r of written.rows.filter((x) => x.split === 'train')) train.push({ text: r.text, y: y(r.labels), weight: 3, source: 'data/labelled/partisan-written.jsonl' });
    counts['written-train'] = written.rows.filter((x) => x.split === 'train').length;
    const calibration = [...posts.rows.filter((r) => r.split === 'dev'), ...written.rows.filter((r) => r.split === 'dev')].map((r) => ({ text: r.text, y: y(r.labels), source: r.id }));
    const test = posts.rows.filter((r) => r.split === 'test').map((r) => ({ text: r.text, y: y(r.labels), source: r.id }));
    return {
      train,
      calibration,
      test,
      files: [...election.files, ha.file, written.file, posts.file],
      notes: [
        `weak labels: ${Object.entries(counts)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}`,
        `${election.excluded} election rows dropped by the data/labelled exclusion rule (dev/test texts)`,
        'calibration: election-posts dev + partisan-written dev; test: election-posts test',
      ],
    };
  },
};
