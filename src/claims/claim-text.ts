import { createHash } from 'node:crypto';
import type { AnalysedText } from '../nlp/types.ts';

/** A debunked claim as read from an import file, before it is stored. */
export interface ClaimInput {
  /** 1-based line in the import file (for messages). */
  line: number;
  source: string;
  sourceId: string;
  title: string;
  /** The claim as circulated; may equal the title. */
  claimText: string;
  category: string | null;
  debunkUrl: string | null;
  /** `YYYY-MM-DD`. */
  publishedOn: string | null;
}

/**
 * Fact-check databases often append their explanation to the circulated text ("... PENJELASAN:
 * ...", "= = = Penjelasan", "REFERENSI: ..."). That part argues AGAINST the claim and would make
 * a debunk look like the claim: matching uses only what comes before it.
 */
const EXPLANATION = /(?:={3,}|(?:=\s+){2,}=|\bPENJELASAN\b\s*:?|\bPenjelasan\s*:|\bREFERENSI\s*:|\bHASIL\s+CEK\s+FAKTA\b|\bKESIMPULAN\s*:)/;

export function circulatedPart(claimText: string): string {
  const m = EXPLANATION.exec(claimText);
  return (m ? claimText.slice(0, m.index) : claimText).trim();
}

/** The text a claim is matched on: its title plus the circulated part of its text when that adds something. */
export function claimMatchText(title: string, claimText: string): string {
  const c = circulatedPart(claimText);
  const t = title.trim();
  if (c === '' || c === t) return t;
  if (t === '') return c;
  return `${t}\n${c}`;
}

const WORDY = new Set(['word', 'hashtag_part', 'number']);

/** Stems of the words, hashtag parts and numbers of an analysed text, space-separated: what the claim index reads. */
export function stemText(a: AnalysedText): string {
  const out: string[] = [];
  for (const t of a.tokens) if (WORDY.has(t.kind)) out.push(t.stem);
  return out.join(' ');
}

/** SHA-256 over the imported fields: decides whether a re-import changes a stored claim. */
export function claimContentHash(c: Pick<ClaimInput, 'title' | 'claimText' | 'category' | 'debunkUrl' | 'publishedOn'>): string {
  return createHash('sha256').update(JSON.stringify([c.title, c.claimText, c.category, c.debunkUrl, c.publishedOn])).digest('hex');
}
