import type { Classification, Classifier, ClassifierVersions, EvidenceSpan } from '../domain/classification.ts';
import { LABELS, isLabel, type Label, type LabelScores } from '../domain/labels.ts';
import { UserError } from '../domain/errors.ts';
import {
  aggregate,
  featureOccurrences,
  masksAny,
  newOccurrences,
  ruleFeatureVector,
  withRuleFeatures,
  type FeatureBuffers,
  type FeatureOccurrences,
  type Features,
  type FeatureSpec,
} from '../model/features.ts';
import { fuse } from '../model/fusion.ts';
import { JointLinear } from '../model/joint-linear.ts';
import type { Fusion } from '../model/metadata.ts';
import type { LoadedTaskModel } from '../model/model-store.ts';
import { tokenEvidence } from '../model/token-evidence.ts';
import type { AnalysedText } from '../nlp/types.ts';
import { assembleClassification } from './assemble-classification.ts';
import { gateHate, identityWithin } from './hate-gate.ts';
import { textWindows, type TextWindow } from './long-post.ts';
import { WindowScorer, type BestWindow } from './window-scores.ts';
import { baseVersionKey, versionKey, type RuleClassifier } from './rules/index.ts';

/** One label a model scores, with how its score is fused with the rules and its threshold. */
interface ModelLabel {
  label: Label;
  task: LoadedTaskModel;
  /** Index of the label among the model's outputs. */
  output: number;
  fusion: Fusion;
  threshold: number;
}

/** Features of the current text for one feature setting, in buffers reused from text to text. */
interface FeatureSlot {
  spec: FeatureSpec;
  occ: FeatureOccurrences;
  buf: FeatureBuffers;
  /** Which text `features` belong to (a counter). */
  stamp: number;
  features: Features;
}

export interface FusedClassifierOptions {
  /** Per-label threshold overrides (a pipeline's), applied to the fused scores. */
  thresholds?: Partial<LabelScores>;
  /** Evidence spans a model adds per flagged label. @default 3 */
  modelEvidence?: number;
  /** Logit penalty per ln(windows) of a long post's best window (long-post.ts). @default PENALTY */
  windowPenalty?: number;
}

/** Labels whose meaning is local (one sentence suffices): long posts are also scored per window (long-post.ts). */
const WINDOWED: ReadonlySet<Label> = new Set<Label>(['hate', 'abusive']);

/**
 * Rules and learned models as one classifier. For a label a model scores, the fused score is
 * `sigmoid(a · logit(model) + b · rules + c)` with a, b, c fitted on held-out rows
 * (metadata.json `perLabel.<label>.fusion`), and the label's threshold is the one chosen on
 * held-out rows; other labels keep the rule score and the rule threshold. Evidence: the rule
 * spans (lexicon, pattern, claim) plus, for a flagged label, the words that pushed the model's
 * score most (`source: 'model'`). Targets, claim, pledge clause, SKB items and sanction come
 * from the rules and data/rules/pledge.yaml, as for the rules alone.
 *
 * hate passes the identity-target gate (hate-gate.ts): without a slur or identity group term the
 * fused score is capped below the threshold; a flag carries its identity targets as evidence.
 * hate and abusive of a long post are also scored per window (long-post.ts): the best window,
 * less a length penalty, wins when it beats the whole text, and its evidence points at it.
 */
export function createFusedClassifier(
  rules: RuleClassifier,
  models: readonly LoadedTaskModel[],
  o: FusedClassifierOptions = {},
): Classifier {
  const byLabel = new Map<Label, ModelLabel>();
  for (const task of models) {
    task.model.config.labels.forEach((l, output) => {
      if (!isLabel(l)) throw new UserError(`${task.dir}: model label "${l}" is not one of ${LABELS.join(', ')}`);
      const meta = task.meta.perLabel[l];
      if (!meta) throw new UserError(`${task.dir}/metadata.json: no perLabel entry for "${l}"`);
      if (byLabel.has(l)) throw new UserError(`two models score "${l}": ${byLabel.get(l)!.task.dir} and ${task.dir}`);
      byLabel.set(l, { label: l, task, output, fusion: meta.fusion, threshold: meta.threshold });
    });
  }
  const thresholds = {} as LabelScores;
  for (const l of LABELS) thresholds[l] = o.thresholds?.[l] ?? byLabel.get(l)?.threshold ?? rules.thresholds[l];
  const modelVersions: Record<string, string> = { ...rules.versions.models };
  for (const t of models) modelVersions[t.task] = t.version;
  const base = { nlp: rules.versions.nlp, lexicon: rules.versions.lexicon, models: modelVersions };
  const name = models.length > 0 ? 'rules+models' : 'rules';
  const versions: ClassifierVersions = Object.freeze({
    ...base,
    key: versionKey(name, base, thresholds),
    baseKey: baseVersionKey(name, base, thresholds),
  });
  const mapping = rules.lexicons.pledge.labels;
  const topEvidence = o.modelEvidence ?? 3;

  // Models with the same feature settings share one pass over the tokens, into buffers reused
  // from text to text. A masking model (hate) reads the same features as an unmasked one with
  // the same settings whenever no masked name occurs, which is most texts: then they share too.
  const slots = new Map<string, FeatureSlot>();
  const plans = models.map((task) => {
    const spec = task.model.config.features;
    const base = `${spec.bits}:${spec.wordNgrams}:${spec.charMin}:${spec.charMax}`;
    const hasMask = (spec.mask?.length ?? 0) > 0;
    const rule = spec.ruleFeatures
      ? { label: spec.ruleFeatures.label as Label, weight: spec.ruleFeatures.weight, bits: spec.bits }
      : undefined;
    if (rule && !isLabel(rule.label))
      throw new UserError(`${task.dir}: ruleFeatures reads label "${rule.label}", which is not one of ${LABELS.join(', ')}`);
    return { task, spec, base, full: hasMask ? `${base}:${spec.mask!.join(',')}` : base, hasMask, group: -1, column: 0, rule };
  });
  const ruleBlock = (r: { label: Label; weight: number; bits: number }, results: Record<Label, { features?: string[] }>): Features =>
    ruleFeatureVector(results[r.label].features, r.bits, r.weight);
  // Linear models with the same settings are scored together (one read of the weight rows).
  const groups: { joint: JointLinear; plans: number[] }[] = [];
  for (const base of new Set(plans.filter((p) => p.task.model.config.kind === 'linear').map((p) => p.base))) {
    const members = plans.flatMap((p, i) => (p.base === base && p.task.model.config.kind === 'linear' ? [i] : []));
    const joint = new JointLinear(members.map((i) => plans[i]!.task.model));
    members.forEach((i, k) => Object.assign(plans[i]!, { group: groups.length, column: joint.offsets[k]! }));
    groups.push({ joint, plans: members });
  }
  let stamp = 0;
  const slotFor = (a: AnalysedText, p: (typeof plans)[number]): FeatureSlot => {
    const masks = p.hasMask && masksAny(a, p.spec);
    const key = masks ? p.full : p.base;
    let s = slots.get(key);
    if (!s) {
      const { mask: _mask, ...unmasked } = p.spec;
      s = {
        spec: masks ? p.spec : unmasked,
        occ: newOccurrences(),
        buf: { ids: new Int32Array(512), vals: new Float32Array(512) },
        stamp: -1,
        features: { ids: new Int32Array(0), vals: new Float32Array(0) },
      };
      slots.set(key, s);
    }
    if (s.stamp !== stamp) {
      featureOccurrences(a, s.spec, undefined, s.occ);
      s.features = aggregate(s.occ, s.spec.bits, s.buf);
      s.stamp = stamp;
    }
    return s;
  };
  // Per text (classifyOne is synchronous): each model's feature slot and where its probabilities are.
  const planSlot: FeatureSlot[] = new Array(plans.length);
  const planProbs: Float64Array[] = new Array(plans.length);
  const planColumn = new Int32Array(plans.length);
  const planIndex = new Map(plans.map((p, i) => [p.task, i]));

  // Window scorers of the linear models that score a windowed label.
  const windowScorers = new Map<LoadedTaskModel, WindowScorer>();
  for (const m of byLabel.values())
    if (WINDOWED.has(m.label) && m.task.model.config.kind === 'linear' && !windowScorers.has(m.task))
      windowScorers.set(m.task, new WindowScorer(m.task.model, o.windowPenalty));

  // The current text, its rule results and, per windowed label, the window that won.
  let current: AnalysedText;
  let currentResults: Parameters<typeof assembleClassification>[0];
  const bestWindow = new Map<Label, BestWindow>();
  // For a flagged label: hate's identity targets (in the winning window), and the words that
  // pushed the model most (of the winning window when one won).
  const flaggedEvidence = (l: Label, out: EvidenceSpan[]) => {
    const win = bestWindow.get(l);
    if (l === 'hate') {
      const r = currentResults[l];
      const ids = win ? identityWithin(r.identity, win.window.start, win.window.end) : (r.identity ?? []);
      const w = Math.round(currentScores[l] * 1000) / 1000;
      for (const t of ids)
        out.push({ label: l, start: t.start, end: t.end, text: t.text, source: 'lexicon', rule: `identity:${t.group}`, weight: w });
    }
    const m = byLabel.get(l);
    if (!m || topEvidence <= 0) return;
    const ws = windowScorers.get(m.task);
    if (ws && win) {
      out.push(...ws.evidence(current, l, m.output, win, m.task.task, topEvidence));
      return;
    }
    const slot = planSlot[planIndex.get(m.task)!]!;
    for (const e of tokenEvidence(current, slot.occ, slot.features, m.task.model, m.output, topEvidence)) {
      out.push({
        label: l,
        start: e.start,
        end: e.end,
        text: current.original.slice(e.start, e.end),
        source: 'model',
        rule: `model:${m.task.task}`,
        weight: Math.round(e.share * 1000) / 1000,
      });
    }
  };
  let currentScores = {} as LabelScores;

  const classifyOne = (a: AnalysedText, results: Awaited<ReturnType<RuleClassifier['scoreBatch']>>[number]['results']): Classification => {
    stamp++;
    for (let i = 0; i < plans.length; i++) planSlot[i] = slotFor(a, plans[i]!);
    for (let i = 0; i < plans.length; i++) {
      const p = plans[i]!;
      const g = p.group >= 0 ? groups[p.group]! : undefined;
      if (g && g.plans.every((k) => planSlot[k] === planSlot[i])) {
        if (g.plans[0] === i) g.joint.predict(planSlot[i]!.features);
        planProbs[i] = g.joint.out;
        planColumn[i] = p.column;
      } else {
        planProbs[i] = p.task.model.predict(
          p.rule ? withRuleFeatures(planSlot[i]!.features, ruleBlock(p.rule, results)) : planSlot[i]!.features,
        );
        planColumn[i] = 0;
      }
    }
    // A model that reads the rules' stance features (features.ts `ruleFeatures`) gets its block
    // added to its columns of the joint sums, once every group has been scored.
    for (let i = 0; i < plans.length; i++) {
      const p = plans[i]!;
      if (!p.rule || planProbs[i] !== groups[p.group]?.joint.out) continue;
      const block = ruleBlock(p.rule, results);
      for (let l = 0; l < p.task.model.config.labels.length; l++) groups[p.group]!.joint.addBlock(p.column + l, block);
    }
    current = a;
    currentResults = results;
    bestWindow.clear();
    const scores = {} as LabelScores;
    let windows: TextWindow[] | undefined;
    const windowed = new Set<WindowScorer>();
    for (const l of LABELS) {
      const r = results[l];
      const m = byLabel.get(l);
      const pi = m ? planIndex.get(m.task)! : -1;
      let score = m ? fuse(m.fusion, planProbs[pi]![planColumn[pi]! + m.output]!, r.score) : r.score;
      if (l === 'hate') score = gateHate(score, thresholds[l], (r.identity?.length ?? 0) > 0);
      const ws = m ? windowScorers.get(m.task) : undefined;
      if (m && ws && WINDOWED.has(l)) {
        windows ??= textWindows(a);
        if (windows.length > 0) {
          if (!windowed.has(ws)) {
            ws.score(a, windows);
            windowed.add(ws);
          }
          const win = ws.best(l, m.output, m.fusion, r, thresholds[l], windows, score);
          if (win) {
            score = win.score;
            bestWindow.set(l, win);
          }
        }
      }
      scores[l] = score;
    }
    currentScores = scores;
    return assembleClassification(results, scores, thresholds, mapping, versions, flaggedEvidence);
  };

  const classifier: Classifier = {
    name,
    versions,
    thresholds,
    async classify(texts) {
      const scored = await rules.scoreBatch(texts);
      return scored.map((s) => classifyOne(s.analysed, s.results));
    },
    electoralMarks: (text) => rules.electoralMarks(text),
  };
  if (rules.close) classifier.close = () => rules.close!();
  return classifier;
}
