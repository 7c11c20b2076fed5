import path from 'node:path';
import type { Command } from 'commander';
import { createRuleClassifier } from '../../classify/rules/index.ts';
import { PACKAGE_ROOT } from '../../config/paths.ts';
import { UserError } from '../../domain/errors.ts';
import { TRAIN_TASKS, findTask } from '../../training/tasks/index.ts';
import { DEFAULT_MIN_PER_LABEL } from '../../training/review-minimums.ts';
import { intOption, numberOption } from '../options.ts';
import { checkedCliActor } from '../cli-actor.ts';
import { withContext } from '../with-context.ts';

/** Roles that may train on the analysts' decisions. */
const TRAIN_REVIEW_ROLES = ['admin', 'supervisor', 'researcher'] as const;

const help = `
Trains the learned models in TensorFlow.js (tfjs-node when it loads, else wasm, else cpu; the
backend is logged) on the public datasets, read by path and never copied into the repository:
  hate-abusive  Ibrohim & Budi 2019 multi-label tweets (80/10/10 train/calibration/test), plus
                election posts the rules see no hate or abuse in as weak negatives
  partisan      the hand-labelled train rows of data/labelled (election-posts-train,
                partisan-written, stream-posts) with weaker groups beside them (rule-labelled
                election posts, news headlines, everyday and ordinary-train posts as NO), plus
                the rules' stance features; threshold on the dev rows of data/labelled, held to
                a cap of flags per 1,000 ordinary dev posts; measured on election-posts test
                and the casual comments' test rows
  money-politics
                written offers, condemnations, lawful pay and aid (money-written-train), the
                hand-labelled train rows, election posts without money words and ordinary-train
                posts as NO, plus the money rules' features; threshold on dev rows under a cap
                of flags per 1,000 ordinary dev posts; measured on money-written test
Each model is saved as <out>/<task>/<version>/ with model.json, weights.bin and metadata.json
(labels, thresholds and how they were chosen on held-out rows, the fusion with the rules, nlp and
lexicon versions, training files with SHA-256, metrics on test rows and this command line).
Rows of data/labelled whose split is dev or test are never trained on (data/labelled/README.md).
The same --seed gives the same weights. --cv K runs K-fold cross-validation instead of training
and prints per-fold and mean F1 for the model, the fusion and two baselines.`;

interface TrainFlags {
  task: string;
  datasets?: string;
  labelled?: string;
  out?: string;
  seed: string;
  cv?: string;
  cvWordBaseline?: boolean;
  withReviews?: boolean;
  recentShare: string;
  minPerLabel: string;
  as?: string;
}

export function registerTrainCommand(program: Command): void {
  program
    .command('train')
    .description('train the learned classifiers (TensorFlow.js) and save them with their metadata')
    .option('--task <task>', `${TRAIN_TASKS.map((t) => t.name).join(', ')} or all`, 'all')
    .option('--datasets <dir>', 'public datasets folder (default: <NETRA_SHARED_DIR or ../shared>/datasets)')
    .option('--labelled <dir>', "netra's labelled data (default: data/labelled)")
    .option('--out <dir>', 'models folder to write <task>/<version>/ into (default: NETRA_MODELS_DIR or models)')
    .option('--seed <n>', 'random seed (initial weights, shuffling, dropout, splits)', '20240214')
    .option('--cv <k>', 'k-fold cross-validation instead of training (prints per-fold and mean figures)')
    .option(
      '--cv-word-baseline',
      'with --cv: also train a word-n-gram-only linear model per fold (TF-IDF + LR-like baseline; doubles the time)',
    )
    .option(
      '--with-reviews',
      "also train on the analysts' confirmed and dismissed decisions; writes comparison.md against the version in use, which stays in use until `netra models promote`",
    )
    .option('--recent-share <x>', 'with --with-reviews: share of the most recent decisions held out for the comparison', '0.2')
    .option(
      '--as <user>',
      `with --with-reviews: the netra user training on the analysts' decisions (role ${TRAIN_REVIEW_ROLES.join(', ')}); recorded with the OS user`,
    )
    .option(
      '--min-per-label <n>',
      'with --with-reviews: fewest reviewed positives and negatives of each label (outside the hold-out) before reviews are trained on',
      String(DEFAULT_MIN_PER_LABEL),
    )
    .addHelpText('after', help)
    .action(
      withContext(async (ctx, o: TrainFlags) => {
        const seed = intOption('--seed', o.seed, { min: 0 });
        const tasks = o.task === 'all' ? [...TRAIN_TASKS] : [findTask(o.task)];
        if (tasks.some((t) => !t))
          throw new UserError(`--task ${JSON.stringify(o.task)}: unknown task (tasks: ${TRAIN_TASKS.map((t) => t.name).join(', ')}, all)`);
        const k = o.cv === undefined ? 0 : intOption('--cv', o.cv, { min: 2 });
        // TensorFlow.js (tfjs-layers registers the gradients) loads only when training.
        const { crossValidate, runTask } = await import('../../training/train-task.ts');
        const rules = await createRuleClassifier({ lexiconDir: ctx.config.lexiconDir });
        const taskCtx = {
          dataDir: path.resolve(o.datasets ?? path.join(ctx.config.sharedDir, 'datasets')),
          labelledDir: path.resolve(o.labelled ?? path.join(PACKAGE_ROOT, 'data', 'labelled')),
          seed,
          rules,
        };
        const outDir = path.resolve(o.out ?? ctx.config.modelsDir);
        const command = `netra ${process.argv.slice(2).join(' ')}`.trim();
        const print = (line: string) => process.stdout.write(`${line}\n`);
        if (o.withReviews) {
          if (k > 0) throw new UserError('--with-reviews trains a new version; it does not go with --cv');
          const share = numberOption('--recent-share', o.recentShare, { min: 0, max: 1, belowMax: true });
          if (!o.as)
            throw new UserError(
              `--with-reviews reads the analysts' decisions: say who you are with --as USER (role ${TRAIN_REVIEW_ROLES.join(', ')})`,
            );
          const minPerLabel = intOption('--min-per-label', o.minPerLabel, { min: 1 });
          const { trainWithReviews } = await import('../../training/train-with-reviews.ts');
          const { db } = await ctx.db();
          const { actor } = await checkedCliActor(db, { as: o.as, action: 'train with reviews', roles: TRAIN_REVIEW_ROLES });
          await trainWithReviews({
            db,
            tasks: tasks.map((t) => t!),
            ctx: taskCtx,
            rules,
            outDir,
            logger: ctx.logger,
            command,
            print,
            recentShare: share,
            actor,
            minPerLabel,
          });
          return 0;
        }
        for (const task of tasks) {
          const base = { task: task!, ctx: taskCtx, rules, outDir, logger: ctx.logger, command, print };
          if (k > 0) {
            if (!task!.cv) {
              print(`${task!.name}: no single labelled corpus to cross-validate (skipped)`);
              continue;
            }
            const summary = await crossValidate({ ...base, k, wordBaseline: o.cvWordBaseline === true });
            print(JSON.stringify({ task: task!.name, cv: summary }));
          } else await runTask(base);
        }
        return 0;
      }),
    );
}
