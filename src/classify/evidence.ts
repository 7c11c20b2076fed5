import type { EvidenceSpan } from '../domain/classification.ts';

/**
 * One span per (label, start, end, rule), keeping the strongest: several rules reaching the same
 * words (a phrase and its parts, two passes over a hashtag) should not list the words twice.
 * Order: by label as given, then by position.
 */
export function dedupeEvidence(spans: readonly EvidenceSpan[]): EvidenceSpan[] {
  const best = new Map<string, EvidenceSpan>();
  for (const s of spans) {
    const k = `${s.label}\u0000${s.start}\u0000${s.end}\u0000${s.rule ?? ''}\u0000${s.claim?.id ?? ''}\u0000${s.image?.imageTextId ?? ''}`;
    const prev = best.get(k);
    if (!prev || s.weight > prev.weight) best.set(k, s);
  }
  const labelOrder = new Map<string, number>();
  for (const s of spans) if (!labelOrder.has(s.label)) labelOrder.set(s.label, labelOrder.size);
  return [...best.values()].sort((a, b) => labelOrder.get(a.label)! - labelOrder.get(b.label)! || a.start - b.start || a.end - b.end);
}
