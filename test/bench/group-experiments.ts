/**
 * The loop shared by test/bench/partisan.experiments.ts and money.experiments.ts (not a test):
 * rows in named groups are analysed once; each setting reweighs the groups, sets the weight of
 * the rules' feature block and the L2 penalty, fits a plain L2 logistic regression at its optimum
 * (L-BFGS, as the shipped models), and is measured on DEV rows only: the best threshold whose flag
 * rate on the ordinary dev part stays under the cap, for the model alone, fused with the rules
 * (fusion fitted on the same dev rows: optimistic, the same for every setting) and the rules
 * alone; per dev file; flags per 1,000 ordinary dev posts. Test rows are never read.
 * A setting is `k=v,...`: one weight per group name, `rf` (rule-feature weight), `lambda`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import type { RuleClassifier } from '../../src/classify/rules/index.ts';
import type { Label } from '../../src/domain/labels.ts';
import { fmtMetric, metricsAt } from '../../src/eval/metrics.ts';
import { extractFeatures, ruleFeatureVector, withRuleFeatures, type Features, type FeatureSpec } from '../../src/model/features.ts';
import { fitFusion, fuse } from '../../src/model/fusion.ts';
import { binaryMacroF1, chooseThreshold, perThousand, type CappedThresholdRule } from '../../src/training/thresholds.ts';
import type { TaskExample } from '../../src/training/tasks/task.ts';
import { fitLR } from './lr-lbfgs.ts';

interface Prepared {
  bag: Features;
  names: string[];
  rule: number;
  y: number;
  w: number;
  source: string;
}

export async function runGroupExperiments(o: {
  rules: RuleClassifier;
  label: Label;
  spec: FeatureSpec;
  groups: Record<string, readonly TaskExample[]>;
  calibration: readonly TaskExample[];
  rate: readonly TaskExample[];
  rule: CappedThresholdRule;
  settings: string;
  /** Dev file of a calibration row, for the per-file figures. */
  devFile: (source: string) => string;
}): Promise<void> {
  const spec = { ...o.spec };
  delete spec.ruleFeatures;
  const t0 = Date.now();
  const prepare = async (ex: readonly TaskExample[]): Promise<Prepared[]> => {
    const out: Prepared[] = [];
    for (let s = 0; s < ex.length; s += 512) {
      const chunk = ex.slice(s, s + 512);
      const sc = await o.rules.scoreBatch(chunk.map((r) => r.text));
      sc.forEach((x, i) =>
        out.push({
          bag: extractFeatures(x.analysed, spec),
          names: x.results[o.label].features ?? [],
          rule: x.results[o.label].score,
          y: chunk[i]!.y[0]!,
          w: chunk[i]!.weight ?? 1,
          source: chunk[i]!.source,
        }),
      );
    }
    return out;
  };
  // Analysed rows are cached under /tmp by the texts, the lexicon version and the feature spec.
  const cached = async (name: string, ex: readonly TaskExample[]): Promise<Prepared[]> => {
    const key = createHash('sha256')
      .update(JSON.stringify([o.rules.versions.lexicon, spec, o.label, ex.map((r) => [r.text, r.y, r.weight ?? 1])]))
      .digest('hex')
      .slice(0, 16);
    const dir = '/tmp/netra-experiments';
    const file = `${dir}/${o.label}-${name}-${key}.json`;
    if (existsSync(file)) {
      const j = JSON.parse(readFileSync(file, 'utf8')) as (Omit<Prepared, 'bag'> & { ids: number[]; vals: number[] })[];
      return j.map((r) => ({
        bag: { ids: Int32Array.from(r.ids), vals: Float32Array.from(r.vals) },
        names: r.names,
        rule: r.rule,
        y: r.y,
        w: r.w,
        source: r.source,
      }));
    }
    const out = await prepare(ex);
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      file,
      JSON.stringify(
        out.map((r) => ({
          ids: [...r.bag.ids],
          vals: [...r.bag.vals].map((v) => Math.round(v * 1e6) / 1e6),
          names: r.names,
          rule: r.rule,
          y: r.y,
          w: r.w,
          source: r.source,
        })),
      ),
    );
    return out;
  };
  const groups: Record<string, Prepared[]> = {};
  for (const [k, v] of Object.entries(o.groups)) groups[k] = await cached(k, v);
  const cal = await cached('dev', o.calibration);
  const rate = await cached('rate', o.rate);
  console.log(
    `prepared in ${((Date.now() - t0) / 1000).toFixed(0)} s: ${Object.entries(groups)
      .map(([k, v]) => `${k} ${v.length} (${v.filter((r) => r.y).length} yes)`)
      .join(', ')}; dev ${cal.length} (${cal.filter((r) => r.y).length} yes), ordinary dev ${rate.length}`,
  );
  const V = 2 ** spec.bits;
  const gold = cal.map((r) => r.y);
  const files = [...new Set(cal.map((r) => o.devFile(r.source)))];

  for (const setting of o.settings.split(';')) {
    const s = Object.fromEntries(
      setting
        .split(',')
        .map((kv) => kv.split('='))
        .map(([k, v]) => [k!, Number(v)]),
    );
    const t = Date.now();
    const train = Object.keys(groups).flatMap((k) => ((s[k] ?? 0) > 0 ? groups[k]!.map((r) => ({ ...r, w: r.w * s[k]! })) : []));
    const rf = s.rf ?? 0;
    const vec = (r: Prepared) => (rf > 0 ? withRuleFeatures(r.bag, ruleFeatureVector(r.names, spec.bits, rf)) : r.bag);
    const X = [...train, ...cal, ...rate].map(vec);
    const y = [...train.map((r) => r.y), ...gold, ...rate.map(() => 0)];
    const w = fitLR(
      X,
      train.map((_, i) => i),
      y,
      V,
      s.lambda ?? 3e-5,
      300,
      (i) => train[i]!.w,
    );
    const score = (i: number) => {
      const x = X[i]!;
      let z = w[V]!;
      for (let j = 0; j < x.ids.length; j++) z += w[x.ids[j]!]! * x.vals[j]!;
      return 1 / (1 + Math.exp(-z));
    };
    const cm = cal.map((_, j) => score(train.length + j));
    const rm = rate.map((_, j) => score(train.length + cal.length + j));
    const report = (name: string, cs: number[], rs: number[]) => {
      const th = chooseThreshold(cs, gold, o.rule, rs);
      const per = files.map((f) => {
        const ii = cal.map((r, i) => (o.devFile(r.source) === f ? i : -1)).filter((i) => i >= 0);
        const m = metricsAt(
          ii.map((i) => cs[i]!),
          ii.map((i) => gold[i]!),
          th.threshold,
        );
        return `${f} F1 ${fmtMetric(m.f1)} mF1 ${binaryMacroF1(
          ii.map((i) => cs[i]!),
          ii.map((i) => gold[i]!),
          th.threshold,
        ).toFixed(3)} fp ${m.fp}`;
      });
      console.log(
        `  ${name.padEnd(6)} dev macro-F1 ${binaryMacroF1(cs, gold, th.threshold).toFixed(4)} F1 ${fmtMetric(th.f1)} P ${fmtMetric(th.precision)} R ${fmtMetric(th.recall)} @${th.threshold} AP ${ap(cs, gold).toFixed(4)} ordinary-dev ${perThousand(rs, th.threshold).toFixed(2)}/1000 | ${per.join(' | ')}`,
      );
    };
    console.log(`${setting} [${((Date.now() - t) / 1000).toFixed(0)} s, ${train.length} rows]`);
    report('model', cm, rm);
    const fusion = fitFusion(
      cm,
      cal.map((r) => r.rule),
      gold,
    );
    const cf = cm.map((m, i) => fuse(fusion, m, cal[i]!.rule));
    const rfu = rm.map((m, i) => fuse(fusion, m, rate[i]!.rule));
    report('fused', cf, rfu);
    report(
      'rules',
      cal.map((r) => r.rule),
      rate.map((r) => r.rule),
    );
    const caps = [1, 2, 3, 4, 5, 8].map((cap) => {
      const th = chooseThreshold(cf, gold, { ...o.rule, maxPerThousand: cap }, rfu);
      return `${cap}: ${binaryMacroF1(cf, gold, th.threshold).toFixed(3)}/${fmtMetric(th.f1)}`;
    });
    console.log(
      `  fused macro-F1/F1 by cap on ordinary dev flags per 1,000: ${caps.join('  ')}  (fusion a ${fusion.a} b ${fusion.b} c ${fusion.c})`,
    );
    const top = Number(process.env.TOP ?? 0);
    if (top > 0) {
      const texts = o.rate.map((r) => r.text);
      const order = rfu
        .map((v, i) => [v, i] as const)
        .sort((a, b) => b[0] - a[0])
        .slice(0, top);
      for (const [v, i] of order)
        console.log(
          `    ${v.toFixed(3)} ${texts[i]!.slice(0, 140).replace(/\s+/g, ' ')} [${rate[i]!.names.filter((n) => !n.startsWith('v:emoji')).join(' ')}]`,
        );
    }
  }
}

function ap(scores: number[], gold: number[]): number {
  const o = scores.map((s, i) => [s, gold[i]!] as const).sort((a, b) => b[0] - a[0]);
  let tp = 0;
  let sum = 0;
  o.forEach(([, g], k) => {
    if (g) sum += ++tp / (k + 1);
  });
  return sum / Math.max(1, tp);
}
