/**
 * Dev-only checks of the hate/abusive model (issue 11); never reads a test part.
 * - the ordinary sets' `dev` part: hate and abusive flags per 1,000 posts with and without the
 *   identity-target gate, and a seeded sample of the posts the ungated model would flag hate, with
 *   what the gate decided (to read);
 * - the stream labels' dev rows (data/labelled/stream-posts.jsonl): hate P/R/F1 with and without the gate;
 * - the synthetic long posts of the dev part: hate and abusive F1 per window penalty, and with no windows.
 *   NETRA_MODELS_DIR=/path/to/models nice -n 10 npx tsx test/bench/hate-dev.read.ts [--sample 60]
 */
import path from 'node:path';
import { createFusedClassifier } from '../../src/classify/fused-classifier.ts';
import { createRuleClassifier } from '../../src/classify/rules/index.ts';
import { mulberry32, shuffleInPlace } from '../../src/domain/seeded-random.ts';
import { fmtMetric, metricsAt } from '../../src/eval/metrics.ts';
import { extractFeatures } from '../../src/model/features.ts';
import { fuse } from '../../src/model/fusion.ts';
import { loadTaskModels } from '../../src/model/model-store.ts';
import { readExclusion } from '../../src/nlp/lexicon-build/corpus-counts.ts';
import { readHateSources } from '../../src/training/data/hate-sources.ts';
import { readLabelled } from '../../src/training/data/labelled.data.ts';
import { buildLongPosts } from '../../src/training/data/long-posts.ts';
import { exclusionTextResolver } from '../../src/training/labelling/labelled-text.ts';
import { ordinaryPosts } from '../../src/training/stream-posts.ts';
import { identityOf } from '../../src/training/tasks/hate-abusive.task.ts';

const shared = path.resolve(process.env.NETRA_SHARED_DIR ?? '../../shared');
const dataDir = path.join(shared, 'datasets');
const sampleN = Number(process.argv[process.argv.indexOf('--sample') + 1] || 60);
const rules = await createRuleClassifier({});
const models = (await loadTaskModels(path.resolve(process.env.NETRA_MODELS_DIR ?? 'models'))).filter((m) => m.task === 'hate-abusive');
if (models.length === 0) throw new Error('no hate-abusive model');
const m = models[0]!;
console.log(
  `model ${m.version} (${m.dir}); thresholds hate ${m.meta.perLabel.hate!.threshold} abusive ${m.meta.perLabel.abusive!.threshold}`,
);
const classifier = createFusedClassifier(rules, models);

/** Ungated fused hate score (what the model and rules say before the gate) and whether the gate is open. */
async function hateBeforeGate(texts: string[]) {
  const out: { score: number; open: boolean; ids: string[] }[] = [];
  for (let s = 0; s < texts.length; s += 512) {
    for (const r of await rules.scoreBatch(texts.slice(s, s + 512))) {
      const p = m.model.predict(extractFeatures(r.analysed, m.model.config.features))[0]!;
      const ids = (r.results.hate.identity ?? []).map((t) => `${t.group}:${t.text}`);
      out.push({ score: fuse(m.meta.perLabel.hate!.fusion, p, r.results.hate.score), open: ids.length > 0, ids });
    }
  }
  return out;
}

// 1. Ordinary dev part.
const ord = ordinaryPosts(shared, 'dev');
const th = classifier.thresholds;
const cls = await classifier.classify(ord.map((p) => p.text));
const before = await hateBeforeGate(ord.map((p) => p.text));
const per = (n: number) => ((1000 * n) / ord.length).toFixed(1);
const ungated = before.flatMap((b, i) => (b.score >= th.hate ? [i] : []));
console.log(
  `\nordinary dev: ${ord.length} posts; hate flags ${cls.filter((c) => c.flags.includes('hate')).length} (${per(cls.filter((c) => c.flags.includes('hate')).length)} per 1,000) with the gate, ${ungated.length} (${per(ungated.length)}) without; abusive ${per(cls.filter((c) => c.flags.includes('abusive')).length)} per 1,000`,
);
for (const i of shuffleInPlace([...ungated], mulberry32(7)).slice(0, sampleN)) {
  console.log(
    `  ${cls[i]!.flags.includes('hate') ? 'FLAG' : 'gated'} ${before[i]!.score.toFixed(2)} [${before[i]!.ids.join(', ')}] ${cls[i]!.flags.includes('abusive') ? '(abusive) ' : ''}${ord[i]!.text.slice(0, 140).replace(/\s+/g, ' ')}`,
  );
}

// 2. Stream labels, dev rows.
const stream = readLabelled(path.resolve('data/labelled'), 'stream-posts.jsonl', { sharedDir: shared }).rows.filter(
  (r) => r.split === 'dev',
);
const sc = await classifier.classify(stream.map((r) => r.text));
const sb = await hateBeforeGate(stream.map((r) => r.text));
for (const label of ['hate', 'abusive'] as const) {
  const gold = stream.map((r) => (r.labels.includes(label) ? 1 : 0));
  const g = metricsAt(
    sc.map((c) => c.scores[label]),
    gold,
    th[label],
  );
  console.log(
    `\nstream dev (${stream.length} rows, ${gold.filter(Boolean).length} ${label}): with gate P ${fmtMetric(g.precision)} R ${fmtMetric(g.recall)} F1 ${fmtMetric(g.f1)} (fp ${g.fp})`,
  );
  if (label === 'hate') {
    const u = metricsAt(
      sb.map((b) => b.score),
      gold,
      th.hate,
    );
    console.log(`  without the gate: P ${fmtMetric(u.precision)} R ${fmtMetric(u.recall)} F1 ${fmtMetric(u.f1)} (fp ${u.fp})`);
    stream.forEach((r, i) => {
      if (gold[i] && !sc[i]!.flags.includes('hate'))
        console.log(
          `  missed (${sb[i]!.score.toFixed(2)} ${sb[i]!.open ? 'open' : 'no target'}): ${r.text.slice(0, 120).replace(/\s+/g, ' ')}`,
        );
    });
  }
}

// 3. Synthetic long posts, dev part.
const ex = readExclusion(path.resolve('data/labelled'), exclusionTextResolver(shared));
const src = await readHateSources(dataDir, ex, identityOf(rules));
const long = buildLongPosts(
  dataDir,
  'dev',
  src.rows.filter((r) => r.part === 'dev'),
);
console.log(
  `\nlong posts dev (SYNTHETIC): ${long.length} rows, hate ${long.filter((p) => p.y[0]).length}, abusive ${long.filter((p) => p.y[1]).length}`,
);
for (const pen of [0, 0.25, 0.5, 1, 1.5, 1e9]) {
  const c = createFusedClassifier(rules, models, { windowPenalty: pen });
  const r = await c.classify(long.map((p) => p.text));
  const line = (['hate', 'abusive'] as const).map((l, k) => {
    const x = metricsAt(
      r.map((q) => q.scores[l]),
      long.map((p) => p.y[k]!),
      th[l],
    );
    return `${l} P ${fmtMetric(x.precision)} R ${fmtMetric(x.recall)} F1 ${fmtMetric(x.f1)}`;
  });
  console.log(`  penalty ${pen === 1e9 ? 'no windows' : pen}: ${line.join('; ')}`);
}
