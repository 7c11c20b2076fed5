import { createHash } from 'node:crypto';
import type { Classification, Classifier, ClassifierVersions, ElectoralMark } from '../../domain/classification.ts';
import { LABELS, type Label, type LabelScores } from '../../domain/labels.ts';
import { UserError } from '../../domain/errors.ts';
import { createAnalyser, type Analyse } from '../../nlp/analyse.ts';
import { DEFAULT_LEXICON_DIR } from '../../config/paths.ts';
import { loadNlpResources, makeNlpResources, type NlpResources } from '../../nlp/resources.ts';
import { phraseWordsOfFiles } from '../../nlp/lexicon-build/protected-words.ts';
import type { AnalysedText } from '../../nlp/types.ts';
import { NLP_VERSION } from '../../nlp/version.ts';
import { scoreAbusive } from './abusive.score.ts';
import type { ClaimMatch, ClaimMatcher } from '../../claims/claim-matcher.ts';
import { scoreHate } from './hate.score.ts';
import { scoreHoax } from './hoax.score.ts';
import { DEFAULT_RULES_DIR, loadRuleLexicons, type RuleLexicons } from './lexicon.load.ts';
import { scoreMoney } from './money.score.ts';
import { scorePartisan } from './partisan.score.ts';
import { stanceFeatures } from './partisan-stance.ts';
import { buildContext, type LabelResult } from './rule-context.ts';
import { findMentions } from './partisan-targets.ts';
export type { LabelResult } from './rule-context.ts';
import { buildRuleIndex, type RuleIndex } from './rule-index.ts';
import { assembleClassification } from '../assemble-classification.ts';

export interface RuleClassifierOptions {
  /** Lexicon folder. @default data/lexicons (shipped) */
  lexiconDir?: string;
  /** Folder of pledge.yaml and thresholds.yaml. @default data/rules (shipped) */
  rulesDir?: string;
  /** Per-label threshold overrides, each in [0, 1]. */
  thresholds?: Partial<LabelScores>;
  /** Debunked-claim matcher for `hoax` (see claim-matcher.ts). */
  claimMatcher?: ClaimMatcher;
  /** Extra contest files (regional races a pipeline brings, same shape as `contests/*.yaml`). */
  extraContestFiles?: readonly string[];
}

/** The synchronous core: what `classify` does per text, usable directly for speed. */
export interface RuleClassifier extends Classifier {
  /** Classify one text; `claim` is a precomputed claim match, if any. */
  classifyOne(text: string, claim?: ClaimMatch | null): Classification;
  /** The pipeline the rules read (the shared `analyse` over the same lexicon folder). */
  readonly analyse: Analyse;
  readonly lexicons: RuleLexicons;
  /** Per-label rule results before thresholds, with the analysed texts (claims matched in one batch): what fusion with models reads. */
  scoreBatch(texts: readonly string[]): Promise<{ analysed: AnalysedText; results: Record<Label, LabelResult> }[]>;
  electoralMarks(text: string): ElectoralMark[];
}

/** Mentions and gestures of one analysed text, from the same context the partisan scorer reads. */
export function electoralMarksOf(a: AnalysedText, index: RuleIndex): ElectoralMark[] {
  const ctx = buildContext(a, index);
  const text = (x: { start: number; end: number }) => a.original.slice(x.start, x.end);
  return [
    ...findMentions(ctx).map((m) => ({
      kind: 'mention' as const,
      via: m.via,
      target: m.target,
      start: m.start,
      end: m.end,
      text: text(m),
    })),
    ...ctx.of('gesture').map((g) => ({
      kind: 'gesture' as const,
      via: g.payload.salam ? 'salam' : 'phrase',
      target: g.payload.target,
      start: g.start,
      end: g.end,
      text: text(g),
    })),
  ]
    .filter(
      (m, i, all) => all.findIndex((o) => o.kind === m.kind && o.start === m.start && o.end === m.end && o.target.id === m.target.id) === i,
    )
    .sort((x, y) => x.start - y.start);
}

/**
 * Words of contests added at run time (a pipeline's regional races) get what `netra lexicons build`
 * gives shipped ones: the slang table may not rewrite them, and hashtag segmentation knows them.
 */
function protectWords(res: NlpResources, words: ReadonlySet<string>): NlpResources {
  if (words.size === 0) return res;
  const slang = new Map(res.slang);
  const vocab = new Map(res.vocab);
  for (const w of words) {
    slang.delete(w);
    if (!vocab.has(w)) vocab.set(w, 50);
  }
  return makeNlpResources({ vocab, slang: slang as Map<string, string[]>, emoji: res.emoji as Map<string, string[]> });
}

/** A short stable hash over everything that decides the output. */
export function versionKey(name: string, v: Omit<ClassifierVersions, 'key'>, thresholds: LabelScores): string {
  const models = Object.keys(v.models)
    .sort()
    .map((k) => `${k}=${v.models[k]}`);
  const th = LABELS.map((l) => `${l}=${thresholds[l]}`);
  return createHash('sha256')
    .update([name, v.nlp, v.lexicon, ...models, ...th].join('\n'))
    .digest('hex')
    .slice(0, 12);
}

/** {@link versionKey} without the claim matcher's version: what stays when only the claims change. */
export function baseVersionKey(name: string, v: Omit<ClassifierVersions, 'key'>, thresholds: LabelScores): string {
  const models = Object.fromEntries(Object.entries(v.models).filter(([k]) => k !== CLAIMS_MODEL));
  return versionKey(name, { ...v, models }, thresholds);
}

/** The name the claim matcher's version is recorded under in `versions.models`. */
export const CLAIMS_MODEL = 'claims';

function checkThresholds(t: Partial<LabelScores> | undefined): void {
  for (const [k, v] of Object.entries(t ?? {})) {
    if (!(LABELS as readonly string[]).includes(k))
      throw new UserError(`threshold for unknown label "${k}" (labels: ${LABELS.join(', ')})`);
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1)
      throw new UserError(`threshold for ${k} must be a number in [0, 1], got ${JSON.stringify(v)}`);
  }
}

/** Score one analysed text with the compiled rules. */
export function scoreAll(a: AnalysedText, index: RuleIndex, claim: ClaimMatch | null = null): Record<Label, LabelResult> {
  const ctx = buildContext(a, index);
  const partisan = scorePartisan(ctx);
  partisan.features = stanceFeatures(ctx, partisan.mentions);
  return {
    partisan,
    hate: scoreHate(ctx),
    abusive: scoreAbusive(ctx),
    hoax: scoreHoax(ctx, claim),
    money_politics: scoreMoney(ctx, partisan.mentions),
  };
}

/**
 * The rule classifier: lexicon and pattern rules over the shared text pipeline, with evidence
 * spans in original-text offsets and findings carrying the pledge clause, SKB items, sanction and
 * legal basis from data/rules/pledge.yaml. Scores are heuristic confidences in [0, 1]
 * (src/classify/rules/README.md explains each label's scoring).
 */
export async function createRuleClassifier(opts: RuleClassifierOptions = {}): Promise<RuleClassifier> {
  checkThresholds(opts.thresholds);
  const lexiconDir = opts.lexiconDir ?? DEFAULT_LEXICON_DIR;
  const extra = opts.extraContestFiles ?? [];
  const lexicons = await loadRuleLexicons(lexiconDir, opts.rulesDir ?? DEFAULT_RULES_DIR, { extraContestFiles: extra });
  const analyse = createAnalyser(protectWords(loadNlpResources(lexiconDir), extra.length > 0 ? phraseWordsOfFiles(extra) : new Set()));
  const index = buildRuleIndex(lexicons, analyse);
  const thresholds: LabelScores = { ...lexicons.thresholds, ...opts.thresholds } as LabelScores;
  const models: Record<string, string> = opts.claimMatcher ? { [opts.claimMatcher.name]: opts.claimMatcher.version } : {};
  const name = 'rules';
  const base = { nlp: NLP_VERSION, lexicon: lexicons.version, models };
  const versions: ClassifierVersions = Object.freeze({
    ...base,
    key: versionKey(name, base, thresholds),
    baseKey: baseVersionKey(name, base, thresholds),
  });
  const mapping = lexicons.pledge.labels;

  const classifyAnalysed = (a: AnalysedText, claim: ClaimMatch | null): Classification => {
    const results = scoreAll(a, index, claim);
    const scores = {} as LabelScores;
    for (const l of LABELS) scores[l] = results[l].score;
    return assembleClassification(results, scores, thresholds, mapping, versions);
  };

  return {
    name,
    versions,
    thresholds,
    analyse,
    lexicons,
    classifyOne: (text, claim = null) => classifyAnalysed(analyse(text), claim),
    electoralMarks: (text) => electoralMarksOf(analyse(text), index),
    async classify(texts) {
      const analysed = texts.map((t) => analyse(t));
      const claims = opts.claimMatcher ? await opts.claimMatcher.match(texts.map((text, i) => ({ text, analysed: analysed[i]! }))) : [];
      return analysed.map((a, i) => classifyAnalysed(a, claims[i] ?? null));
    },
    async scoreBatch(texts) {
      const analysed = texts.map((t) => analyse(t));
      const claims = opts.claimMatcher ? await opts.claimMatcher.match(texts.map((text, i) => ({ text, analysed: analysed[i]! }))) : [];
      return analysed.map((a, i) => ({ analysed: a, results: scoreAll(a, index, claims[i] ?? null) }));
    },
  };
}
