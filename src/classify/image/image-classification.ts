import type { Classification, EvidenceSpan, LabelFinding, Target } from '../../domain/classification.ts';
import type { ImageSource, PostImageText } from '../../domain/image-text.ts';
import { LABELS, type Label, type LabelScores } from '../../domain/labels.ts';
import type { PledgeRules } from '../../domain/pledge.ts';
import { dedupeEvidence } from '../evidence.ts';
import type { PhotoSignal } from './photo-signals.ts';

/** What the classifier and the photo heuristics made of one image's text. */
export interface ImageReading {
  image: PostImageText;
  result: Classification;
  signals: PhotoSignal[];
}

/** A post's own words' classification, the photo signals of its caption, and its images' readings. */
export interface PostReading {
  own: Classification;
  captionSignals: PhotoSignal[];
  images: ImageReading[];
}

/** Where in the image a span of its text is: the image's ids and the boxes of the words it covers. */
export function imageSourceOf(image: PostImageText, start: number, end: number): ImageSource {
  const words = image.words.filter((w) => w.start < end && w.end > start);
  return {
    imageTextId: image.id,
    evidenceId: image.evidenceId,
    sha256: image.sha256,
    file: image.file,
    ocr: image.ocr,
    confidence: image.confidence,
    boxes: words.map((w) => w.box),
    wordConfidence: words.map((w) => Math.round(w.confidence)),
  };
}

const targetsOf = (spans: readonly EvidenceSpan[]): Target[] => spans.flatMap((s) => (s.target ? [s.target] : []));

function uniqueTargets(list: readonly Target[]): Target[] {
  const seen = new Map<string, Target>();
  for (const t of list) if (!seen.has(t.id)) seen.set(t.id, t);
  return [...seen.values()];
}

/**
 * One classification of a post from its own words and what its images say. The post's own
 * classification stays as it is where its images add nothing. Otherwise each label's score is the
 * highest of the own words' and each image text's (a poster's words weigh as the caption's); a
 * photo signal flags `partisan` by itself. Evidence from an image carries `image` (which file,
 * its hash, the word boxes), so nobody can take it for the account's own words; the post's text
 * is never changed.
 */
export function combineImageReadings(r: PostReading, thresholds: Readonly<LabelScores>, pledge: PledgeRules['labels']): Classification {
  const { own } = r;
  if (r.images.length === 0 && r.captionSignals.length === 0) return own;
  const signalSpans = r.captionSignals.flatMap((s) => s.spans);
  const imageSpans: EvidenceSpan[] = [];
  for (const i of r.images)
    for (const s of [...i.result.evidence, ...i.signals.flatMap((x) => x.spans)])
      imageSpans.push({ ...s, image: s.image ?? imageSourceOf(i.image, s.start, s.end) });
  const signalWeight = Math.max(0, ...[...r.captionSignals, ...r.images.flatMap((i) => i.signals)].map((s) => s.weight));

  const scores = { ...own.scores };
  for (const i of r.images) for (const l of LABELS) scores[l] = Math.max(scores[l], i.result.scores[l]);
  scores.partisan = Math.max(scores.partisan, signalWeight);

  const flags: Label[] = LABELS.filter((l) => scores[l] >= thresholds[l] || (l === 'partisan' && signalWeight > 0));
  const findings: LabelFinding[] = [];
  for (const l of flags) {
    const candidates = [own, ...r.images.map((i) => i.result)].flatMap((c) => c.findings.filter((f) => f.label === l));
    const best = candidates.sort((a, b) => b.score - a.score)[0];
    const mp = pledge[l];
    const extra = l === 'partisan' ? targetsOf([...signalSpans, ...imageSpans.filter((s) => s.label === 'partisan')]) : [];
    const f: LabelFinding = best
      ? { ...best }
      : {
          label: l,
          score: scores[l],
          threshold: thresholds[l],
          pledgeClause: mp.pledgeClause,
          skbItems: mp.skbItems,
          legalBasis: mp.legalBasis,
          targets: [],
        };
    if (!best && mp.sanction) f.sanction = mp.sanction;
    f.score = scores[l];
    f.threshold = thresholds[l];
    f.targets = uniqueTargets([...candidates.flatMap((c) => c.targets), ...extra]);
    findings.push(f);
  }
  return { scores, flags, evidence: dedupeEvidence([...own.evidence, ...signalSpans, ...imageSpans]), findings, versions: own.versions };
}
