import { formatWib } from '../domain/wib-time.ts';
import type { EvidenceSpan, LabelFinding } from '../domain/classification.ts';
import type { FlagListItem } from '../repositories/flags.repository.ts';

/** Mark evidence spans in the text with «…», shortened around them for a terminal. */
export function markSpans(text: string, spans: readonly { start: number; end: number }[], context = 60): string {
  const sorted = [...spans].filter((s) => s.end > s.start && s.end <= text.length).sort((a, b) => a.start - b.start);
  const merged: { start: number; end: number }[] = [];
  for (const s of sorted) {
    const last = merged[merged.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else merged.push({ start: s.start, end: s.end });
  }
  if (merged.length === 0) return oneLine(text.length > context * 2 ? `${text.slice(0, context * 2)}…` : text);
  let out = '';
  let pos = 0;
  for (const s of merged) {
    const gap = text.slice(pos, s.start);
    out +=
      pos === 0 && gap.length > context
        ? `…${gap.slice(-context)}`
        : gap.length > context * 2
          ? `${gap.slice(0, context)} … ${gap.slice(-context)}`
          : gap;
    out += `«${text.slice(s.start, s.end)}»`;
    pos = s.end;
  }
  const tail = text.slice(pos);
  out += tail.length > context ? `${tail.slice(0, context)}…` : tail;
  return oneLine(out);
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Evidence read from the post's images (OCR), one line per image: never shown as the post's words. */
function imageEvidenceLines(spans: readonly EvidenceSpan[]): string[] {
  const byImage = new Map<number, EvidenceSpan[]>();
  for (const s of spans) byImage.set(s.image!.imageTextId, [...(byImage.get(s.image!.imageTextId) ?? []), s]);
  return [...byImage.values()].map((list) => {
    const i = list[0]!.image!;
    const words = [...new Set(list.map((s) => `«${oneLine(s.text)}»`))].join(' ');
    return `  image text (OCR, not the account's words): ${words} in ${i.file} (evidence #${i.evidenceId}, sha256 ${i.sha256.slice(0, 12)}…, ${i.ocr}, confidence ${i.confidence.toFixed(0)})`;
  });
}

/** A flag as a few readable lines: who, what, where the evidence is, which pledge clause. */
export function formatFlag(f: FlagListItem): string {
  const evidence = f.evidence as EvidenceSpan[];
  const findings = f.findings as LabelFinding[];
  const who = [f.personName, f.agency, f.region].filter(Boolean).join(', ');
  const head = `#${f.id}  [${f.labels.join(', ')}]  priority ${f.priority.toFixed(0)}  ${f.status}${f.phase ? `  (${f.phase.replace('_', ' ')})` : ''}`;
  const lines = [
    head,
    `  ${f.platform}/@${f.handle}${who ? ` — ${who}` : ''}${f.postedAt ? `  ${formatWib(f.postedAt).replace(/:\d\d WIB$/, ' WIB')}` : ''}`,
  ];
  if (f.url) lines.push(`  ${f.url}`);
  lines.push(
    `  "${markSpans(
      f.text,
      evidence.filter((e) => f.labels.includes(e.label) && e.source !== 'model' && !e.image),
    )}"`,
  );
  lines.push(...imageEvidenceLines(evidence.filter((e) => f.labels.includes(e.label) && e.image)));
  for (const fi of findings) {
    const targets = fi.targets.map((t) => t.name).join('; ');
    const claim = fi.claim ? `; claim ${fi.claim.id} (similarity ${fi.claim.similarity.toFixed(2)})` : '';
    lines.push(
      `  ${fi.label} ${fi.score.toFixed(2)} ≥ ${fi.threshold.toFixed(2)}: pledge clause ${fi.pledgeClause}, SKB ${fi.skbItems.length ? fi.skbItems.join('/') : '-'}${fi.sanction ? ` (${fi.sanction})` : ''}${targets ? `; concerns ${targets}` : ''}${claim}`,
    );
  }
  return lines.join('\n');
}
