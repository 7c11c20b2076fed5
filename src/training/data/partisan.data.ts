import { existsSync } from 'node:fs';
import path from 'node:path';
import type { RuleClassifier } from '../../classify/rules/index.ts';
import { exclusionKey } from '../../nlp/lexicon-build/corpus-counts.ts';
import { mulberry32, shuffleInPlace } from '../../domain/seeded-random.ts';
import { ordinaryFiles, ordinaryPosts } from '../stream-posts.ts';
import type { TaskExample } from '../tasks/task.ts';
import { CAMPAIGN_2023_SOURCE, ELECTION_SOURCES, HEADLINES_2023_SOURCE, readElectionPosts } from './election.data.ts';
import { readHateAbusive } from './hate-abusive.data.ts';
import { readLabelled, type LabelledRow } from './labelled.data.ts';
import { readCsvRecords, relPath, sha256Hex, type DataFileRecord } from './training-file.ts';

/**
 * The partisan task's rows, grouped by where their label comes from, so that the task (and the
 * experiments in test/bench/partisan.experiments.ts) weigh each group on its own:
 * - `own`: hand-labelled `train` rows of data/labelled (election-posts-train, partisan-written,
 *   stream-posts): the real labels;
 * - `weakRules`: election-period posts (2024 campaign, 2023 campaign tweets, 2022-2023 tweets)
 *   the rule layer scores >= 0.5 (YES) or < 0.2 (NO); the cue a YES was read from stays visible;
 * - `sentiment`: Pilpres 2019 and Pilkada DKI 2017 tweets whose dataset sentiment is positive or
 *   negative about a candidate, read as taking a side (YES), 2019 "netral" as NO;
 * - `headlines`: 2023 election-news headlines that are not TurnBackHoax titles: reporting, NO;
 * - `everyday`: Ibrohim & Budi tweets in which the rules see no candidate or cue: NO;
 * - `ordinary`: the `train` part of the ordinary sets (never dev or test) in which the rules see
 *   no political context at all: NO.
 * Calibration rows are the `dev` rows of data/labelled; rate rows are the ordinary sets' `dev`
 * part (flags per 1,000 ordinary posts, for the threshold); test rows are election-posts `test`,
 * with the casual comments' `test` rows as an extra test. Every weak source obeys the exclusion
 * rule (no dev/test text of data/labelled) and repeats no hand-labelled train text.
 */
export interface PartisanRows {
  own: TaskExample[];
  weakRules: TaskExample[];
  sentiment: TaskExample[];
  headlines: TaskExample[];
  everyday: TaskExample[];
  ordinary: TaskExample[];
  calibration: TaskExample[];
  rate: TaskExample[];
  test: TaskExample[];
  extraTests: Record<string, TaskExample[]>;
  files: DataFileRecord[];
  notes: string[];
}

/** Weak-label cut-offs on the rule layer's partisan score. */
export const WEAK_YES_AT = 0.5;
export const WEAK_NO_BELOW = 0.2;
/** Everyday (non-election) negatives from the Ibrohim tweets that name no target at all. */
const EVERYDAY_NEGATIVES = 2000;
/** Weak rule-labelled election posts kept, at most (a seeded sample: they only back the hand labels up). */
const WEAK_RULES_MAX = 10_000;

/** Hand-labelled files of data/labelled that hold partisan labels (train rows train, dev rows calibrate). */
export const PARTISAN_LABELLED = ['election-posts-train.jsonl', 'partisan-written.jsonl', 'stream-posts.jsonl'];

const yOf = (r: LabelledRow) => [r.labels.includes('partisan') ? 1 : 0];

export async function loadPartisanRows(ctx: { dataDir: string; labelledDir: string; seed: number; rules: RuleClassifier }): Promise<PartisanRows> {
  const { rules } = ctx;
  const sharedDir = path.dirname(ctx.dataDir);
  const files: DataFileRecord[] = [];
  const notes: string[] = [];
  const labelled = PARTISAN_LABELLED.filter((f) => existsSync(path.join(ctx.labelledDir, f))).map((f) => ({ name: f, ...readLabelled(ctx.labelledDir, f, { sharedDir }) }));
  for (const l of labelled) files.push(l.file);
  const own = labelled.flatMap((l) => l.rows.filter((r) => r.split === 'train').map((r) => ({ text: r.text, y: yOf(r), source: `data/labelled/${l.name}` })));
  const ownKeys = new Set(own.map((r) => exclusionKey(r.text)));
  const posts = readLabelled(ctx.labelledDir, 'election-posts.jsonl');
  files.push(posts.file);
  const calibration = [...posts.rows.filter((r) => r.split === 'dev').map((r) => ({ text: r.text, y: yOf(r), source: `election-posts.jsonl#${r.id}` })), ...labelled.flatMap((l) => l.rows.filter((r) => r.split === 'dev').map((r) => ({ text: r.text, y: yOf(r), source: `${l.name}#${r.id}` })))];
  const test = posts.rows.filter((r) => r.split === 'test').map((r) => ({ text: r.text, y: yOf(r), source: `election-posts.jsonl#${r.id}` }));
  const extraTests: Record<string, TaskExample[]> = {};
  if (existsSync(path.join(ctx.labelledDir, 'casual-comments.jsonl'))) {
    const casual = readLabelled(ctx.labelledDir, 'casual-comments.jsonl');
    files.push(casual.file);
    extraTests['casual-comments test'] = casual.rows.filter((r) => r.split === 'test').map((r) => ({ text: r.text, y: yOf(r), source: `casual-comments.jsonl#${r.id}` }));
  }
  notes.push(`hand-labelled train rows: ${own.length} (${labelled.map((l) => `${l.name} ${l.rows.filter((r) => r.split === 'train').length}`).join(', ')}); calibration: the dev rows of election-posts and of these files (${calibration.length})`);

  const scoreAll = async <T extends { text: string }>(rows: readonly T[], each: (row: T, score: number, features: readonly string[]) => void) => {
    for (let s = 0; s < rows.length; s += 512) {
      const chunk = rows.slice(s, s + 512);
      const scored = await rules.scoreBatch(chunk.map((p) => p.text));
      chunk.forEach((p, i) => each(p, scored[i]!.results.partisan.score, scored[i]!.results.partisan.features ?? []));
    }
  };

  const election = readElectionPosts(ctx.dataDir, ctx.labelledDir, [...ELECTION_SOURCES, CAMPAIGN_2023_SOURCE]);
  files.push(...election.files);
  const weakRules: TaskExample[] = [];
  const sentiment: TaskExample[] = [];
  const counts: Record<string, number> = {};
  const count = (k: string) => (counts[k] = (counts[k] ?? 0) + 1);
  await scoreAll(
    election.posts.filter((p) => !ownKeys.has(exclusionKey(p.text))),
    (p, r) => {
      const tag = p.tag?.toLowerCase();
      if (p.file.includes('pilkada-dki2017')) {
        sentiment.push({ text: p.text, y: [1], source: p.file });
        count('sentiment-yes');
      } else if (p.file.includes('pilpres2019')) {
        const yes = tag === 'positif' || tag === 'negatif' || r >= WEAK_YES_AT;
        sentiment.push({ text: p.text, y: [yes ? 1 : 0], source: p.file });
        count(yes ? 'sentiment-yes' : 'sentiment-no');
      } else if (r >= WEAK_YES_AT) {
        weakRules.push({ text: p.text, y: [1], source: p.file });
        count('rules-yes');
      } else if (r < WEAK_NO_BELOW) {
        weakRules.push({ text: p.text, y: [0], source: p.file });
        count('rules-no');
      }
    },
  );

  if (weakRules.length > WEAK_RULES_MAX) {
    const keep = shuffleInPlace([...weakRules], mulberry32(ctx.seed + 3)).slice(0, WEAK_RULES_MAX);
    weakRules.length = 0;
    weakRules.push(...keep);
    counts['rules-kept'] = WEAK_RULES_MAX;
  }
  const headlinesRead = readElectionPosts(ctx.dataDir, ctx.labelledDir, [HEADLINES_2023_SOURCE]);
  files.push(...headlinesRead.files);
  const headlines = headlinesRead.posts.filter((p) => p.tag?.toLowerCase() === 'false' && !ownKeys.has(exclusionKey(p.text))).map((p) => ({ text: p.text, y: [0], source: p.file }));
  counts['headlines-no'] = headlines.length;

  const ha = readHateAbusive(ctx.dataDir);
  files.push(ha.file);
  const everyday: TaskExample[] = [];
  const shuffled = shuffleInPlace([...ha.rows], mulberry32(ctx.seed));
  for (let s = 0; s < shuffled.length && everyday.length < EVERYDAY_NEGATIVES; s += 512) {
    await scoreAll(shuffled.slice(s, s + 512), (p, r, f) => {
      if (everyday.length < EVERYDAY_NEGATIVES && r === 0 && f.includes('ctx:none') && !ownKeys.has(exclusionKey(p.text))) everyday.push({ text: p.text, y: [0], source: ha.file.path });
    });
  }
  counts['everyday-no'] = everyday.length;

  const ordinary: TaskExample[] = [];
  await scoreAll(ordinaryPosts(sharedDir, 'train'), (p, _r, f) => {
    if (f.includes('ctx:none') && !ownKeys.has(exclusionKey(p.text))) ordinary.push({ text: p.text, y: [0], source: p.source ?? 'ordinary' });
  });
  counts['ordinary-train-no'] = ordinary.length;
  for (const f of ordinaryFiles(sharedDir)) {
    const { bytes } = readCsvRecords(f, []);
    files.push({ path: relPath(ctx.dataDir, f), sha256: sha256Hex(bytes), rows: ordinary.filter((o) => o.source === path.basename(f)).length });
  }
  const rate = ordinaryPosts(sharedDir, 'dev').map((p) => ({ text: p.text, y: [0], source: p.id }));
  notes.push(
    `weak rows: ${Object.entries(counts)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}; ${election.excluded + headlinesRead.excluded} election rows dropped by the data/labelled exclusion rule`,
    `ordinary sets: train part (rows without any political context) as NO; dev part (${rate.length} posts) as rate rows for the threshold; test part never read`,
  );
  return { own, weakRules, sentiment, headlines, everyday, ordinary, calibration, rate, test, extraTests, files, notes };
}
