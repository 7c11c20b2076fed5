import type { EvidenceSpan } from '../domain/classification.ts';
import type { Label } from '../domain/labels.ts';
import {
  aggregate,
  featureOccurrences,
  newOccurrences,
  type FeatureBuffers,
  type FeatureOccurrences,
  type Features,
} from '../model/features.ts';
import { fuse, logit } from '../model/fusion.ts';
import type { HashedModel } from '../model/hashed-model.ts';
import type { Fusion } from '../model/metadata.ts';
import { tokenEvidence } from '../model/token-evidence.ts';
import type { AnalysedText } from '../nlp/types.ts';
import { gateHate, identityWithin } from './hate-gate.ts';
import { PENALTY, windowPenalty, type TextWindow } from './long-post.ts';
import type { LabelResult } from './rules/rule-context.ts';

/** The best window of a long post for one label. */
export interface BestWindow {
  window: TextWindow;
  /** Fused, gated and penalised score of the window. */
  score: number;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * Scores the windows of a long post (src/classify/long-post.ts) with one linear model: each
 * window's features are those of the tokens inside it, exactly as if it were a post of its own.
 * Buffers are reused from window to window.
 */
export class WindowScorer {
  private occ: FeatureOccurrences = newOccurrences();
  private buf: FeatureBuffers = { ids: new Int32Array(512), vals: new Float32Array(512) };
  /** Model probabilities per window, label after label (`probs[w * labels + l]`). */
  private probs = new Float64Array(64);

  constructor(
    readonly model: HashedModel,
    private readonly penalty = PENALTY,
  ) {}

  private features(a: AnalysedText, w: TextWindow): Features {
    featureOccurrences(a, this.model.config.features, (t) => t.start < w.start || t.end > w.end, this.occ);
    return aggregate(this.occ, this.model.config.features.bits, this.buf);
  }

  /** Run the model over every window (call once per text before {@link best}). */
  score(a: AnalysedText, windows: readonly TextWindow[]): void {
    const L = this.model.config.labels.length;
    if (this.probs.length < windows.length * L) this.probs = new Float64Array(windows.length * L * 2);
    windows.forEach((w, k) => {
      const p = this.model.predict(this.features(a, w));
      for (let l = 0; l < L; l++) this.probs[k * L + l] = p[l]!;
    });
  }

  /**
   * The best window for one label: the model's window probability fused with the rule score
   * (counted only when one of the rule's evidence spans lies in the window), gated for hate (an
   * identity target inside the window), less the length penalty. Undefined when no window beats
   * `whole`.
   */
  best(
    label: Label,
    output: number,
    fusion: Fusion,
    rule: LabelResult,
    threshold: number,
    windows: readonly TextWindow[],
    whole: number,
  ): BestWindow | undefined {
    const L = this.model.config.labels.length;
    const pen = windowPenalty(windows.length, this.penalty);
    let best: BestWindow | undefined;
    windows.forEach((w, k) => {
      const inside = rule.score > 0 && rule.evidence.some((e) => e.label === label && e.start >= w.start && e.end <= w.end);
      let s = fuse(fusion, this.probs[k * L + output]!, inside ? rule.score : 0);
      s = sigmoid(logit(s) - pen);
      if (label === 'hate') s = gateHate(s, threshold, identityWithin(rule.identity, w.start, w.end).length > 0);
      if (s > whole && (!best || s > best.score)) best = { window: w, score: s };
    });
    return best;
  }

  /** Evidence of a flag that a window decided: the window itself and the words that pushed the model most inside it. */
  evidence(a: AnalysedText, label: Label, output: number, b: BestWindow, task: string, top: number): EvidenceSpan[] {
    const w = b.window;
    const out: EvidenceSpan[] = [
      {
        label,
        start: w.start,
        end: w.end,
        text: a.original.slice(w.start, w.end),
        source: 'model',
        rule: `model:${task}:window`,
        weight: Math.round(b.score * 1000) / 1000,
      },
    ];
    if (top > 0) {
      const f = this.features(a, w);
      for (const e of tokenEvidence(a, this.occ, f, this.model, output, top)) {
        out.push({
          label,
          start: e.start,
          end: e.end,
          text: a.original.slice(e.start, e.end),
          source: 'model',
          rule: `model:${task}`,
          weight: Math.round(e.share * 1000) / 1000,
        });
      }
    }
    return out;
  }
}
