import type { Classification, Classifier, ClassifierVersions, EvidenceSpan, LabelFinding } from '../domain/classification.ts';
import { LABELS, isLabel, type Label, type LabelScores } from '../domain/labels.ts';
import { UserError } from '../domain/errors.ts';
import { aggregate, featureOccurrences, masksAny, newOccurrences, type FeatureBuffers, type FeatureOccurrences, type Features, type FeatureSpec } from '../model/features.ts';
import { fuse } from '../model/fusion.ts';
import type { Fusion } from '../model/metadata.ts';
import type { LoadedTaskModel } from '../model/model-store.ts';
import { tokenEvidence } from '../model/token-evidence.ts';
import type { AnalysedText } from '../nlp/types.ts';
import { dedupeEvidence } from './evidence.ts';
import { versionKey, type RuleClassifier } from './rules/index.ts';

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
}

/**
 * Rules and learned models as one classifier. For a label a model scores, the fused score is
 * `sigmoid(a · logit(model) + b · rules + c)` with a, b, c fitted on held-out rows
 * (metadata.json `perLabel.<label>.fusion`), and the label's threshold is the one chosen on
 * held-out rows; other labels keep the rule score and the rule threshold. Evidence: the rule
 * spans (lexicon, pattern, claim) plus, for a flagged label, the words that pushed the model's
 * score most (`source: 'model'`). Targets, claim, pledge clause, SKB items and sanction come
 * from the rules and data/rules/pledge.yaml, as for the rules alone.
 */
export function createFusedClassifier(rules: RuleClassifier, models: readonly LoadedTaskModel[], o: FusedClassifierOptions = {}): Classifier {
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
  const versions: ClassifierVersions = Object.freeze({ ...base, key: versionKey(name, base, thresholds) });
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
    return { task, spec, base, full: hasMask ? `${base}:${spec.mask!.join(',')}` : base, hasMask };
  });
  let stamp = 0;
  const slotFor = (a: AnalysedText, p: (typeof plans)[number]): FeatureSlot => {
    const masks = p.hasMask && masksAny(a, p.spec);
    const key = masks ? p.full : p.base;
    let s = slots.get(key);
    if (!s) {
      const { mask: _mask, ...unmasked } = p.spec;
      s = { spec: masks ? p.spec : unmasked, occ: newOccurrences(), buf: { ids: new Int32Array(512), vals: new Float32Array(512) }, stamp: -1, features: { ids: new Int32Array(0), vals: new Float32Array(0) } };
      slots.set(key, s);
    }
    if (s.stamp !== stamp) {
      featureOccurrences(a, s.spec, undefined, s.occ);
      s.features = aggregate(s.occ, s.spec.bits, s.buf);
      s.stamp = stamp;
    }
    return s;
  };

  const classifyOne = (a: AnalysedText, results: Awaited<ReturnType<RuleClassifier['scoreBatch']>>[number]['results']): Classification => {
    stamp++;
    const probs = new Map<LoadedTaskModel, Float64Array>();
    const used = new Map<LoadedTaskModel, FeatureSlot>();
    for (const p of plans) {
      const s = slotFor(a, p);
      used.set(p.task, s);
      probs.set(p.task, p.task.model.predict(s.features));
    }
    const scores = {} as LabelScores;
    const flags: Label[] = [];
    const evidence: EvidenceSpan[] = [];
    const findings: LabelFinding[] = [];
    for (const l of LABELS) {
      const r = results[l];
      const m = byLabel.get(l);
      const score = m ? fuse(m.fusion, probs.get(m.task)![m.output]!, r.score) : r.score;
      scores[l] = score;
      if (r.score > 0) evidence.push(...r.evidence);
      if (score < thresholds[l]) continue;
      flags.push(l);
      if (m && topEvidence > 0) {
        const slot = used.get(m.task)!;
        for (const e of tokenEvidence(a, slot.occ, slot.features, m.task.model, m.output, topEvidence)) {
          evidence.push({ label: l, start: e.start, end: e.end, text: a.original.slice(e.start, e.end), source: 'model', rule: `model:${m.task.task}`, weight: Math.round(e.share * 1000) / 1000 });
        }
      }
      const mp = mapping[l];
      const f: LabelFinding = { label: l, score, threshold: thresholds[l], pledgeClause: mp.pledgeClause, skbItems: mp.skbItems, legalBasis: mp.legalBasis, targets: r.targets };
      if (mp.sanction) f.sanction = mp.sanction;
      if (r.claim) f.claim = r.claim;
      findings.push(f);
    }
    return { scores, flags, evidence: dedupeEvidence(evidence), findings, versions };
  };

  const classifier: Classifier = {
    name,
    versions,
    thresholds,
    async classify(texts) {
      const scored = await rules.scoreBatch(texts);
      return scored.map((s) => classifyOne(s.analysed, s.results));
    },
  };
  if (rules.close) classifier.close = () => rules.close!();
  return classifier;
}
