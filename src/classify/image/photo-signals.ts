import type { ElectoralMark, EvidenceSpan } from '../../domain/classification.ts';

/**
 * Item 4 of issue 16 (SKB 2022 item 7: photos with a candidate showing partisan symbols), done
 * with words only: netra has no vision model, so it cannot see a V sign, a party flag or who is
 * in a photo. What it can read honestly:
 *
 * - in the caption of a post with images, or in text read from an image: a candidate or pair
 *   named next to a gesture ("salam 2 jari", ✌️, 🤟, ☝️, from the contests' `gesture` entries)
 *   or next to words that say the photo is with them ("foto bersama", "foto bareng", "selfie
 *   dengan");
 * - in text read from an image: a party name, or a ballot number in a political context (the
 *   rules' own reading of "coblos nomor 2", "02" next to a pair's name).
 *
 * Each is a partisan signal with its words as evidence. A bare V sign or "foto bersama" without a
 * name is everyday (../shared/reference/election-2024.md): it gives nothing.
 */
export interface PhotoSignal {
  /** `vision:<kind>` for what an image analyzer saw (src/image/image-analyzer.ts). */
  rule: 'photo:candidate-gesture' | 'photo:with-candidate' | 'image:party' | 'image:ballot-number' | `vision:${string}`;
  weight: number;
  spans: EvidenceSpan[];
}

/** Signal weights: each flags `partisan` for review on its own (a heuristic, said so in its rule id). */
export const PHOTO_SIGNAL_WEIGHT = {
  'photo:candidate-gesture': 0.75,
  'photo:with-candidate': 0.65,
  'image:ballot-number': 0.75,
  'image:party': 0.65,
} as const;

/** How close (characters) a name and a gesture or photo phrase must be. */
export const NEAR_CHARS = 60;

const PHOTO_PHRASE = /\b(?:foto|poto|berfoto|selfie|wefie|swafoto)\s+(?:bersama|bareng|brg|bersama-sama|dengan|dgn|sama|ama)\b/giu;
const NAMED_VIA = new Set(['name', 'nickname', 'amin']);

const span = (
  text: string,
  m: { start: number; end: number },
  rule: string,
  weight: number,
  target?: ElectoralMark['target'],
): EvidenceSpan => ({
  label: 'partisan',
  start: m.start,
  end: m.end,
  text: text.slice(m.start, m.end),
  source: 'pattern',
  rule,
  weight,
  ...(target ? { target } : {}),
});

const near = (a: { start: number; end: number }, b: { start: number; end: number }) =>
  Math.max(a.start, b.start) - Math.min(a.end, b.end) <= NEAR_CHARS;

/** Caption or image text of a photo: a named candidate or pair next to a gesture or a "photo with" phrase. */
export function candidateInPhoto(text: string, marks: readonly ElectoralMark[]): PhotoSignal[] {
  const names = marks.filter((m) => m.kind === 'mention' && NAMED_VIA.has(m.via) && m.target.kind !== 'party');
  if (names.length === 0) return [];
  const out: PhotoSignal[] = [];
  const gestures = marks.filter((m) => m.kind === 'gesture');
  const phrases = [...text.matchAll(PHOTO_PHRASE)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  for (const [rule, cues] of [
    ['photo:candidate-gesture', gestures],
    ['photo:with-candidate', phrases],
  ] as const) {
    const w = PHOTO_SIGNAL_WEIGHT[rule];
    const pairs = names.flatMap((n) => cues.filter((c) => near(n, c)).map((c) => [n, c] as const));
    if (pairs.length === 0) continue;
    const spans = pairs.flatMap(([n, c]) => [
      span(text, n, rule, w, n.target),
      // The gesture's own pair (✌️ is Pilpres pair 02's) is not named: next to another race's candidate it may not mean that pair.
      span(text, c, rule, w),
    ]);
    out.push({ rule, weight: w, spans });
  }
  return out;
}

/** Text read from an image: a party's name, or a ballot number the rules read as a pair's or party's. */
export function partyOrNumberInImage(text: string, marks: readonly ElectoralMark[]): PhotoSignal[] {
  const out: PhotoSignal[] = [];
  for (const [rule, via] of [
    ['image:ballot-number', 'number'],
    ['image:party', 'party'],
  ] as const) {
    const found = marks.filter((m) => m.kind === 'mention' && m.via === via);
    if (found.length === 0) continue;
    const w = PHOTO_SIGNAL_WEIGHT[rule];
    out.push({ rule, weight: w, spans: found.map((m) => span(text, m, rule, w, m.target)) });
  }
  return out;
}
