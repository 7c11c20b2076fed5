import type { EvidenceSpan, MatchedClaim, Target } from '../../domain/classification.ts';
import type { Label } from '../../domain/labels.ts';
import type { AnalysedText } from '../../nlp/types.ts';
import type { PhraseMatch } from './phrase-matcher.ts';
import type { Payload, PayloadKind, RuleIndex } from './rule-index.ts';

/** The payload of kind K (payload types share a member for several kinds, e.g. support/praise/attack). */
export type PayloadOf<K extends PayloadKind> = Payload extends infer P
  ? P extends { k: infer PK }
    ? K extends PK
      ? P & { k: K }
      : never
    : never
  : never;

/** A match whose payload is of kind K. */
export type MatchOf<K extends PayloadKind> = PhraseMatch<PayloadOf<K>>;

/** Everything the label scorers share for one post. */
export interface RuleContext {
  a: AnalysedText;
  index: RuleIndex;
  /** Matches of one kind, in text order. */
  of<K extends PayloadKind>(k: K): MatchOf<K>[];
  has(k: PayloadKind): boolean;
  /** Position of each token among the content (non-punctuation) tokens, for distances. */
  pos: Int32Array;
}

/**
 * A person or group named for who they are (hate-targets.yaml): a slur, or an identity group term
 * (religion, ethnicity, race, gender, disability, physical; not the neutral camp words).
 */
export interface IdentityTarget {
  /** Group kind of hate-targets.yaml: religion, ethnicity, race, camp (slurs only), gender, disability, physical. */
  group: string;
  /** The words as written (original text). */
  text: string;
  /** Offsets into the original text. */
  start: number;
  end: number;
  /** A slur (kadrun, aseng, banci ...) rather than a neutral group term. */
  slur: boolean;
}

/** What a label scorer returns. */
export interface LabelResult {
  score: number;
  evidence: EvidenceSpan[];
  targets: Target[];
  claim?: MatchedClaim;
  /**
   * Stance features for a learned model of this label (partisan-stance.ts, money.score.ts): short
   * names of what the rules saw, e.g. `n:support` (a support cue near a named target), `v:outlet`.
   */
  features?: string[];
  /** hate only: every identity target of the post, in text order (the hate gate reads them). */
  identity?: IdentityTarget[];
  /** partisan only: the post points at a side, a target or a call against one (the partisan gate reads it). */
  side?: boolean;
  /** partisan only: the post reads as official election information or a neutrality appeal (the partisan gate reads it). */
  officialVoice?: boolean;
}

export const EMPTY: LabelResult = Object.freeze({ score: 0, evidence: [], targets: [] }) as LabelResult;

export function buildContext(a: AnalysedText, index: RuleIndex): RuleContext {
  const buckets = new Map<PayloadKind, PhraseMatch<Payload>[]>();
  for (const mt of index.matcher.match(a)) {
    const ex = 'except' in mt.payload ? mt.payload.except : undefined;
    if (
      ex &&
      ex.has(
        a.tokens
          .slice(mt.first, mt.last + 1)
          .map((t) => t.norm)
          .join(' '),
      )
    )
      continue;
    let b = buckets.get(mt.payload.k);
    if (!b) buckets.set(mt.payload.k, (b = []));
    b.push(mt);
  }
  const pos = new Int32Array(a.tokens.length);
  let p = 0;
  for (let i = 0; i < a.tokens.length; i++) {
    pos[i] = p;
    if (a.tokens[i]!.kind !== 'punct') p++;
  }
  const none: PhraseMatch<Payload>[] = [];
  return {
    a,
    index,
    pos,
    of: <K extends PayloadKind>(k: K) => (buckets.get(k) ?? none) as MatchOf<K>[],
    has: (k) => (buckets.get(k)?.length ?? 0) > 0,
  };
}

/** Distance in content tokens between two matches (0 when they touch or overlap). */
export function gap(ctx: RuleContext, x: { first: number; last: number }, y: { first: number; last: number }): number {
  const { pos } = ctx;
  if (x.last < y.first) return pos[y.first]! - pos[x.last]! - 1;
  if (y.last < x.first) return pos[x.first]! - pos[y.last]! - 1;
  return 0;
}

/** 1 - Π(1 - w): independent pieces of evidence add up, never past 1. */
export function noisyOr(weights: Iterable<number>): number {
  let miss = 1;
  for (const w of weights) miss *= 1 - Math.max(0, Math.min(1, w));
  return 1 - miss;
}

/** Evidence span for a match. */
export function span(
  ctx: RuleContext,
  label: Label,
  m: { start: number; end: number },
  rule: string,
  weight: number,
  extra: Partial<EvidenceSpan> = {},
): EvidenceSpan {
  return {
    label,
    start: m.start,
    end: m.end,
    text: ctx.a.original.slice(m.start, m.end),
    source: 'lexicon',
    rule,
    weight: round(weight),
    ...extra,
  };
}

export const round = (x: number): number => Math.round(x * 10_000) / 10_000;

/** Is any token of the match negated? (The first token decides for phrases.) */
export function negated(ctx: RuleContext, m: { first: number }): boolean {
  return ctx.a.tokens[m.first]!.negated;
}
