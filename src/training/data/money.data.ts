import { existsSync } from 'node:fs';
import path from 'node:path';
import type { RuleClassifier } from '../../classify/rules/index.ts';
import { exclusionKey } from '../../nlp/lexicon-build/corpus-counts.ts';
import { mulberry32, shuffleInPlace } from '../../domain/seeded-random.ts';
import { ordinaryPosts } from '../stream-posts.ts';
import type { TaskExample } from '../tasks/task.ts';
import { CAMPAIGN_2023_SOURCE, ELECTION_SOURCES, readElectionPosts } from './election.data.ts';
import { readLabelled, type LabelledRow } from './labelled.data.ts';
import type { DataFileRecord } from './training-file.ts';

/**
 * The money_politics task's rows, grouped by where their label comes from:
 * - `written`: data/labelled/money-written-train.jsonl, posts written for this model (offers of
 *   every kind, regional languages, and hard negatives: condemnations, news, lawful pay,
 *   government aid, charity, prices);
 * - `own`: the hand-labelled `train` rows of the other data/labelled files (real posts);
 * - `electionNo`: election-period posts in which the rules find no money vocabulary at all: NO
 *   (real election talk is almost never a handout);
 * - `ordinary`: the ordinary sets' `train` part: NO (everyday posts: prices, pay, gifts).
 * Calibration: the `dev` rows (money-written dev, election-posts dev, stream-posts dev,
 * partisan-written dev); rate rows: the ordinary sets' dev part; test: money-written `test`
 * (never read here but to measure) with election-posts `test` as an extra test.
 */
export interface MoneyRows {
  written: TaskExample[];
  own: TaskExample[];
  electionNo: TaskExample[];
  ordinary: TaskExample[];
  calibration: TaskExample[];
  rate: TaskExample[];
  test: TaskExample[];
  extraTests: Record<string, TaskExample[]>;
  files: DataFileRecord[];
  notes: string[];
}

/** Hand-labelled files whose train rows are real posts labelled for money_politics. */
const OWN_FILES = ['election-posts-train.jsonl', 'stream-posts.jsonl', 'partisan-written.jsonl'];
/** Election posts with no money word used as negatives, at most. */
const ELECTION_NEGATIVES = 6000;

const yOf = (r: LabelledRow) => [r.labels.includes('money_politics') ? 1 : 0];

export async function loadMoneyRows(ctx: { dataDir: string; labelledDir: string; seed: number; rules: RuleClassifier }): Promise<MoneyRows> {
  const sharedDir = path.dirname(ctx.dataDir);
  const files: DataFileRecord[] = [];
  const read = (name: string) => {
    const r = readLabelled(ctx.labelledDir, name, { sharedDir });
    files.push(r.file);
    return r.rows;
  };
  const rowsOf = (name: string, split: string) => (existsSync(path.join(ctx.labelledDir, name)) ? read(name).filter((r) => r.split === split).map((r) => ({ text: r.text, y: yOf(r), source: `${name}#${r.id}` })) : []);
  const written = rowsOf('money-written-train.jsonl', 'train');
  const own = OWN_FILES.flatMap((f) => rowsOf(f, 'train'));
  const ownKeys = new Set([...written, ...own].map((r) => exclusionKey(r.text)));
  const calibration = ['money-written.jsonl', 'election-posts.jsonl', 'stream-posts.jsonl', 'partisan-written.jsonl'].flatMap((f) => rowsOf(f, 'dev'));
  const test = rowsOf('money-written.jsonl', 'test');
  const extraTests = { 'election-posts test': rowsOf('election-posts.jsonl', 'test') };

  const election = readElectionPosts(ctx.dataDir, ctx.labelledDir, [...ELECTION_SOURCES, CAMPAIGN_2023_SOURCE]);
  files.push(...election.files);
  const electionNo: TaskExample[] = [];
  const candidates = shuffleInPlace(election.posts.filter((p) => !ownKeys.has(exclusionKey(p.text))), mulberry32(ctx.seed + 2));
  for (let s = 0; s < candidates.length && electionNo.length < ELECTION_NEGATIVES; s += 512) {
    const chunk = candidates.slice(s, s + 512);
    const scored = await ctx.rules.scoreBatch(chunk.map((p) => p.text));
    chunk.forEach((p, i) => {
      if (electionNo.length < ELECTION_NEGATIVES && scored[i]!.results.money_politics.features?.includes('m:none')) electionNo.push({ text: p.text, y: [0], source: p.file });
    });
  }
  const ordinary = ordinaryPosts(sharedDir, 'train')
    .filter((p) => !ownKeys.has(exclusionKey(p.text)))
    .map((p) => ({ text: p.text, y: [0], source: p.source ?? 'ordinary' }));
  const rate = ordinaryPosts(sharedDir, 'dev').map((p) => ({ text: p.text, y: [0], source: p.id }));
  const pos = (rs: TaskExample[]) => rs.filter((r) => r.y[0]).length;
  const notes = [
    `written train rows ${written.length} (${pos(written)} yes); hand-labelled real train rows ${own.length} (${pos(own)} yes); election posts without money words (NO) ${electionNo.length}; ordinary train part (NO) ${ordinary.length}`,
    `calibration: dev rows of money-written, election-posts, stream-posts, partisan-written (${calibration.length}, ${pos(calibration)} yes); rate rows: ordinary dev part (${rate.length}); test: money-written test (${test.length})`,
  ];
  return { written, own, electionNo, ordinary, calibration, rate, test, extraTests, files, notes };
}
