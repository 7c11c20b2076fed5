import { createHash } from 'node:crypto';
import type { AnalysedText } from '../nlp/types.ts';
import { NLP_VERSION } from '../nlp/version.ts';

/**
 * What made a stored `normalised_text`: the nlp pipeline's version and the layout of claim texts
 * (`claims.2`: title stems ` | ` circulated stems). A stored claim with another value is
 * normalised again when loaded and updated by the next import.
 */
export const CLAIM_NORMALISER_VERSION = `${NLP_VERSION}+claims.2`;

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

const WORDY = new Set(['word', 'hashtag_part', 'number']);

/** Stems of the words, hashtag parts and numbers of an analysed text, space-separated: what the claim index reads. */
export function stemText(a: AnalysedText): string {
  const out: string[] = [];
  for (const t of a.tokens) if (WORDY.has(t.kind)) out.push(t.stem);
  return out.join(' ');
}

/** Separates the title's stems from the circulated text's in a claim's normalised text. */
export const TITLE_SEPARATOR = ' | ';

/**
 * A claim's normalised text: the stems of its title, then (when the circulated text adds
 * something) ` | ` and the stems of the circulated text. The matcher indexes the title alone and
 * the whole, without analysing anything again.
 */
export function claimStems(title: string, claimText: string, analyse: (t: string) => AnalysedText): string {
  const t = stemText(analyse(title.trim()));
  const c = circulatedPart(claimText);
  if (c === '' || c === title.trim()) return t;
  return `${t}${TITLE_SEPARATOR}${stemText(analyse(c))}`;
}

/** The title's stems of a normalised claim text (see {@link claimStems}). */
export function titleStemsOf(normalised: string): string {
  const i = normalised.indexOf(TITLE_SEPARATOR);
  return i < 0 ? normalised : normalised.slice(0, i);
}

/** SHA-256 over the imported fields: decides whether a re-import changes a stored claim. */
export function claimContentHash(c: Pick<ClaimInput, 'title' | 'claimText' | 'category' | 'debunkUrl' | 'publishedOn'>): string {
  return createHash('sha256')
    .update(JSON.stringify([c.title, c.claimText, c.category, c.debunkUrl, c.publishedOn]))
    .digest('hex');
}
