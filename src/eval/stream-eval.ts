import type { Classification, Classifier, ClassifierVersions, EvidenceSpan, MatchedClaim } from '../domain/classification.ts';
import type { Label, LabelScores } from '../domain/labels.ts';
import type { Progress } from '../log/progress.ts';
import { mulberry32 } from '../domain/seeded-random.ts';
import { wilsonInterval } from './metrics.ts';
import type { StreamPost } from './stream-input.ts';

/**
 * Flags per 1,000 posts on an unlabelled stream (`netra eval --stream`): what an analyst would
 * receive from a scan of ordinary posts. Per label: the rate with its Wilson 95% interval; the
 * same by post length (characters) and by source; which kinds of evidence the flags rest on; and
 * a seeded uniform sample of the flagged posts per label, with their evidence and matched claim,
 * for a person to read.
 */

/** Upper bounds (exclusive) of the post length buckets, in characters of the trimmed text. */
export const LENGTH_BUCKETS = [20, 40, 80, 160, 280] as const;

export function lengthBucket(chars: number): string {
  let lo = 0;
  for (const hi of LENGTH_BUCKETS) {
    if (chars < hi) return `${lo}-${hi - 1}`;
    lo = hi;
  }
  return `${lo}+`;
}

/** All bucket names, shortest first. */
export const BUCKET_NAMES: readonly string[] = [
  ...LENGTH_BUCKETS.map((hi, i) => `${i === 0 ? 0 : LENGTH_BUCKETS[i - 1]}-${hi - 1}`),
  `${LENGTH_BUCKETS[LENGTH_BUCKETS.length - 1]}+`,
];

export interface Rate {
  posts: number;
  flags: number;
  /** Flags per 1,000 posts. */
  perThousand: number;
  /** Wilson 95% interval, per 1,000 posts. */
  ci95: [number, number];
}

export function rateOf(flags: number, posts: number): Rate {
  const [lo, hi] = wilsonInterval(flags, posts);
  return { posts, flags, perThousand: posts ? (1000 * flags) / posts : 0, ci95: [1000 * lo, 1000 * hi] };
}

/** A flagged post in the reading sample. */
export interface FlaggedSample {
  label: Label;
  id: string;
  source: string;
  line: number;
  chars: number;
  score: number;
  threshold: number;
  /** Every label flagged on the post. */
  flags: Label[];
  text: string;
  /** The evidence of this label (spans, rules, model words). */
  evidence: EvidenceSpan[];
  claim?: MatchedClaim;
}

export interface StreamReport {
  createdAt: string;
  command: string;
  inputs: string[];
  /** The ordinary partition's part the CSV rows were taken from, if any. */
  part: string | null;
  classifier: { name: string; versions: ClassifierVersions; thresholds: LabelScores };
  posts: number;
  labels: (Rate & { label: Label })[];
  /** Posts with at least one of the labels flagged. */
  anyLabel: Rate;
  byLength: { bucket: string; posts: number; labels: Record<string, Rate> }[];
  bySource: { source: string; posts: number; labels: Record<string, Rate> }[];
  /** Per label, how many flags carry evidence of each source (claim, lexicon, pattern, model). */
  evidenceSources: Record<string, Record<string, number>>;
  sample: { seed: number; perLabel: number; posts: FlaggedSample[] };
}

export interface StreamEvalOptions {
  posts: readonly StreamPost[];
  classifier: Classifier;
  labels: readonly Label[];
  inputs: readonly string[];
  part?: string;
  command: string;
  /** Flagged posts sampled per label. @default 30 */
  samplePerLabel?: number;
  /** @default 1 */
  seed?: number;
  batchSize?: number;
  progress?: Progress;
  now?: Date;
}

/** Reservoir sampling (Vitter's R): a uniform sample of k items from a stream, seeded. */
class Reservoir<T> {
  readonly items: T[] = [];
  private seen = 0;
  constructor(
    private readonly k: number,
    private readonly rnd: () => number,
  ) {}
  offer(x: T): void {
    this.seen++;
    if (this.items.length < this.k) this.items.push(x);
    else {
      const j = Math.floor(this.rnd() * this.seen);
      if (j < this.k) this.items[j] = x;
    }
  }
}

function sampleOf(p: StreamPost, c: Classification, label: Label, threshold: number): FlaggedSample {
  const finding = c.findings.find((f) => f.label === label);
  const out: FlaggedSample = {
    label,
    id: p.id,
    source: p.source,
    line: p.line,
    chars: p.text.trim().length,
    score: Math.round(c.scores[label] * 10_000) / 10_000,
    threshold,
    flags: c.flags,
    text: p.text,
    evidence: c.evidence.filter((e) => e.label === label),
  };
  if (finding?.claim) out.claim = finding.claim;
  return out;
}

/** Classify the posts in batches and count. Writes nothing. */
export async function evaluateStream(o: StreamEvalOptions): Promise<StreamReport> {
  const batchSize = o.batchSize ?? 256;
  const seed = o.seed ?? 1;
  const k = o.samplePerLabel ?? 30;
  const flags = new Map<Label, number>(o.labels.map((l) => [l, 0]));
  let anyFlag = 0;
  const lenPosts = new Map<string, number>();
  const lenFlags = new Map<string, number>();
  const srcPosts = new Map<string, number>();
  const srcFlags = new Map<string, number>();
  const evidenceSources: Record<string, Record<string, number>> = Object.fromEntries(o.labels.map((l) => [l, {}]));
  // One generator per label, so that one label's sample does not change when another label's flags do.
  const reservoirs = new Map(o.labels.map((l, i) => [l, new Reservoir<FlaggedSample>(k, mulberry32(seed * 7919 + i))]));
  const inc = (m: Map<string, number>, key: string) => m.set(key, (m.get(key) ?? 0) + 1);
  for (let i = 0; i < o.posts.length; i += batchSize) {
    const batch = o.posts.slice(i, i + batchSize);
    const results = await o.classifier.classify(batch.map((p) => p.text));
    if (results.length !== batch.length)
      throw new Error(`classifier ${o.classifier.name} returned ${results.length} results for ${batch.length} texts`);
    batch.forEach((p, j) => {
      const c = results[j]!;
      const bucket = lengthBucket(p.text.trim().length);
      inc(lenPosts, bucket);
      inc(srcPosts, p.source);
      let any = false;
      for (const l of o.labels) {
        if (!c.flags.includes(l)) continue;
        any = true;
        flags.set(l, flags.get(l)! + 1);
        inc(lenFlags, `${bucket}\u0000${l}`);
        inc(srcFlags, `${p.source}\u0000${l}`);
        for (const s of new Set(c.evidence.filter((e) => e.label === l).map((e) => e.source)))
          evidenceSources[l]![s] = (evidenceSources[l]![s] ?? 0) + 1;
        reservoirs.get(l)!.offer(sampleOf(p, c, l, o.classifier.thresholds[l]));
      }
      if (any) anyFlag++;
    });
    o.progress?.tick(batch.length);
  }
  o.progress?.done();
  const n = o.posts.length;
  const rates = (posts: number, key: (l: Label) => string, m: Map<string, number>) =>
    Object.fromEntries(o.labels.map((l) => [l, rateOf(m.get(key(l)) ?? 0, posts)]));
  const sources = [...srcPosts.keys()].sort();
  return {
    createdAt: (o.now ?? new Date()).toISOString(),
    command: o.command,
    inputs: [...o.inputs],
    part: o.part ?? null,
    classifier: { name: o.classifier.name, versions: o.classifier.versions, thresholds: o.classifier.thresholds },
    posts: n,
    labels: o.labels.map((l) => ({ label: l, ...rateOf(flags.get(l)!, n) })),
    anyLabel: rateOf(anyFlag, n),
    byLength: BUCKET_NAMES.filter((b) => lenPosts.has(b)).map((b) => ({
      bucket: b,
      posts: lenPosts.get(b)!,
      labels: rates(lenPosts.get(b)!, (l) => `${b}\u0000${l}`, lenFlags),
    })),
    bySource: sources.map((s) => ({
      source: s,
      posts: srcPosts.get(s)!,
      labels: rates(srcPosts.get(s)!, (l) => `${s}\u0000${l}`, srcFlags),
    })),
    evidenceSources,
    sample: {
      seed,
      perLabel: k,
      posts: o.labels.flatMap((l) => [...reservoirs.get(l)!.items].sort((a, b) => a.source.localeCompare(b.source) || a.line - b.line)),
    },
  };
}
