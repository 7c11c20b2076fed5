import type { Classification, Classifier, ClassifierVersions, EvidenceSpan, LabelFinding } from '../domain/classification.ts';
import { LABELS, isLabel, type Label, type LabelScores } from '../domain/labels.ts';
import { UserError } from '../domain/errors.ts';
import { aggregate, featureOccurrences, type FeatureOccurrences, type FeatureSpec } from '../model/features.ts';
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

  // Models with the same n-gram settings share one pass over the tokens.
  const specKey = (f: FeatureSpec) => `${f.wordNgrams}:${f.charMin}:${f.charMax}:${(f.mask ?? []).join(",")}`;

  const classifyOne = (a: AnalysedText, results: Awaited<ReturnType<RuleClassifier['scoreBatch']>>[number]['results']): Classification => {
    const occBySpec = new Map<string, FeatureOccurrences>();
    const probs = new Map<LoadedTaskModel, Float64Array>();
    const feats = new Map<LoadedTaskModel, ReturnType<typeof aggregate>>();
    const occOf = (t: LoadedTaskModel) => {
      const k = specKey(t.model.config.features);
      let occ = occBySpec.get(k);
      if (!occ) occBySpec.set(k, (occ = featureOccurrences(a, t.model.config.features)));
      return occ;
    };
    for (const t of models) {
      const f = aggregate(occOf(t), t.model.config.features.bits);
      feats.set(t, f);
      probs.set(t, t.model.predict(f));
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
        for (const e of tokenEvidence(a, occOf(m.task), feats.get(m.task)!, m.task.model, m.output, topEvidence)) {
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
