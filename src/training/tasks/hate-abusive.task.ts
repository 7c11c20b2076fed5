import { exclusionKey } from '../../nlp/lexicon-build/corpus-counts.ts';
import { readElectionPosts } from '../data/election.data.ts';
import { readHateAbusive } from '../data/hate-abusive.data.ts';
import { readLabelled } from '../data/labelled.data.ts';
import { DEFAULT_FEATURE_SPEC } from '../../model/features.ts';
import { stratifiedFolds } from '../folds.ts';
import { mulberry32, shuffleInPlace } from '../../domain/seeded-random.ts';
import type { TaskExample, TrainTask } from './task.ts';

/**
 * Names of political figures and parties, read as `<tokoh>` by the hate/abusive model. Ibrohim &
 * Budi's tweets (2017-2019) are mostly political, so a model learns "Jokowi", "Prabowo", "Ahok"
 * as hate words; masked, it judges what is said about a person, not who is named.
 */
export const POLITICAL_NAMES = [
  'jokowi', 'joko', 'widodo', 'prabowo', 'subianto', 'wowo', 'bowo', 'ahok', 'basuki', 'btp', 'anies', 'baswedan', 'sandi', 'sandiaga', 'uno',
  'sby', 'yudhoyono', 'ahy', 'agus', 'megawati', 'mega', 'puan', 'gibran', 'kaesang', 'bobby', 'ganjar', 'pranowo', 'mahfud', 'muhaimin', 'imin',
  'maruf', 'ma\'ruf', 'rizieq', 'hrs', 'fadli', 'zon', 'fahri', 'hamzah', 'amien', 'rais', 'rocky', 'gerung', 'luhut', 'erick', 'thohir', 'paloh',
  'airlangga', 'zulhas', 'zulkifli', 'tsamara', 'grace', 'djarot', 'sylvi', 'sylviana', 'risma', 'ridwan', 'kamil', 'emil', 'khofifah', 'ngabalin',
  'pdip', 'pdi', 'gerindra', 'golkar', 'nasdem', 'pks', 'pkb', 'pan', 'demokrat', 'psi', 'perindo', 'ppp', 'hanura', 'gelora', 'ummat', 'garuda', 'pbb',
];

/** Name of the Ibrohim test rows among the held-out sets. */
const IBROHIM_TEST = 'Ibrohim test 10%';

/** The Ibrohim rows and their fold (0-9, stratified by (HS, Abusive), seeded): 0-7 train, 8 calibration, 9 test. */
function ibrohimFolds(dataDir: string, seed: number) {
  const { rows, file } = readHateAbusive(dataDir);
  const all: TaskExample[] = rows.map((r) => ({ text: r.text, y: r.y, source: file.path }));
  return { all, folds: stratifiedFolds(all.map((r) => r.y), 10, mulberry32(seed)), file };
}

/** Weak negatives per Ibrohim row: election-period posts the rules see no hate or abuse in. */
const NEGATIVE_SHARE = 0.35;
/** Loss weight of the hand-labelled real election posts (data/labelled election-posts-train). */
const OWN_TRAIN_WEIGHT = 2;
const OWN_L2 = 7.5e-6;

/**
 * hate + abusive on Ibrohim & Budi 2019 (multi-label tweets). The shipped model trains on 80% of
 * the rows; 10% choose the fusion and the thresholds (calibration) and 10% only measure (test);
 * the split is stratified by the (HS, Abusive) pair and seeded. `--cv 5` runs 5-fold
 * cross-validation over the Ibrohim rows instead. Training (never calibration or test) also gets
 * weak negatives: election-period posts (../shared/datasets/election, exclusion rule applied)
 * in which the rules find no hate and no abusive word (scores < 0.2), at half weight, so that a
 * campaign post or a headline naming a candidate is not read as hate.
 */
export const hateAbusiveTask: TrainTask = {
  name: 'hate-abusive',
  labels: ['hate', 'abusive'],
  description: 'hate speech and abusive language (Ibrohim & Budi 2019 multi-label tweets)',
  model: { kind: 'linear', dim: 2, hidden: 0, features: { ...DEFAULT_FEATURE_SPEC, bits: 18, mask: POLITICAL_NAMES } },
  // Full-batch L-BFGS to the optimum of the L2-penalised loss; l2 chosen on a fixed CV fold's
  // validation rows (test/bench/hate.experiments.ts; README model card).
  train: { optimizer: 'lbfgs', maxIterations: 300, epochs: 0, batchSize: 0, learningRate: 0, featureDropout: 0, l2: OWN_L2 },
  threshold: { hate: { kind: 'max-f1' }, abusive: { kind: 'max-f1' } },
  cv: true,
  heldOut(ctx) {
    const { all, folds } = ibrohimFolds(ctx.dataDir, ctx.seed);
    return { [IBROHIM_TEST]: all.filter((_, i) => folds[i] === 9) };
  },
  async load(ctx) {
    const { all, folds, file } = ibrohimFolds(ctx.dataDir, ctx.seed);
    const posts = readLabelled(ctx.labelledDir, 'election-posts.jsonl');
    const written = readLabelled(ctx.labelledDir, 'partisan-written.jsonl');
    const postsTrain = readLabelled(ctx.labelledDir, 'election-posts-train.jsonl');
    const own = (r: { text: string; labels: string[]; id: string }): TaskExample => ({ text: r.text, y: [r.labels.includes('hate') ? 1 : 0, r.labels.includes('abusive') ? 1 : 0], source: r.id });
    const ownDev = [...posts.rows, ...written.rows].filter((r) => r.split === 'dev').map(own);
    // Hand-labelled real election posts (split train only): in-domain positives and negatives.
    const ownTrain = [...postsTrain.rows, ...written.rows].filter((r) => r.split === 'train').map((r) => ({ ...own(r), weight: OWN_TRAIN_WEIGHT }));
    const ownKeys = new Set(ownTrain.map((r) => exclusionKey(r.text)));
    const election = readElectionPosts(ctx.dataDir, ctx.labelledDir);
    const candidates = shuffleInPlace([...election.posts], mulberry32(ctx.seed + 1));
    const want = Math.round(all.length * NEGATIVE_SHARE);
    const negatives: TaskExample[] = [];
    for (let s = 0; s < candidates.length && negatives.length < want; s += 512) {
      const chunk = candidates.slice(s, s + 512);
      const scored = await ctx.rules.scoreBatch(chunk.map((p) => p.text));
      chunk.forEach((p, i) => {
        const r = scored[i]!.results;
        if (negatives.length < want && !ownKeys.has(exclusionKey(p.text)) && r.hate.score < 0.2 && r.abusive.score < 0.2) negatives.push({ text: p.text, y: [0, 0], weight: 0.5, source: p.file });
      });
    }
    // netra's own election posts: dev rows join the calibration (real prevalence is far below
    // the ~40% of the Ibrohim set, so thresholds must also see everyday political posts), test
    // rows are an out-of-domain test.
    return {
      train: all.filter((_, i) => folds[i]! < 8),
      calibration: [...all.filter((_, i) => folds[i] === 8), ...ownDev],
      test: all.filter((_, i) => folds[i] === 9),
      extraTests: { 'election-posts test': posts.rows.filter((r) => r.split === 'test').map(own) },
      cvRows: all,
      extraTrain: [...negatives, ...ownTrain],
      files: [file, ...election.files, posts.file, written.file, postsTrain.file],
      notes: [
        'split of the Ibrohim rows 80/10/10 (train/calibration/test), stratified by (HS, Abusive), seeded',
        `calibration also holds the ${ownDev.length} dev rows of data/labelled election-posts and partisan-written (everyday political posts: real prevalence)`,
        `${negatives.length} weak negatives (hate 0, abusive 0, weight 0.5) from the election posts with rule hate and abusive scores < 0.2; training only; ${election.excluded} rows dropped by the data/labelled exclusion rule`,
        `training also holds the ${ownTrain.length} train rows of data/labelled election-posts-train and partisan-written (hand-labelled, weight ${OWN_TRAIN_WEIGHT})`,
        `political names masked as <tokoh>: ${POLITICAL_NAMES.length} words`,
      ],
    };
  },
};
