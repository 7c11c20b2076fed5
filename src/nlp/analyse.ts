import { segmentHashtag, type HashtagPart } from './hashtag-segment.ts';
import { markNegation } from './negation.ts';
import { numberNorm } from './numbers.ts';
import { emojiKey, loadNlpResources, type NlpResources } from './resources.ts';
import { stem } from './stem.ts';
import { cleanText, originalSpan, type CleanText } from './text-clean.ts';
import { tokenise } from './tokenise.ts';
import type { AnalysedText, HashtagInfo, Token, TokenKind } from './types.ts';
import { WordNormaliser } from './word-normalise.ts';

/** A configured pipeline: text in, tokens with original offsets out. */
export type Analyse = (text: string) => AnalysedText;

const KEYCAP = /^([0-9])\u{FE0F}?\u{20E3}$/u;
const FLAG_ID = '\u{1F1EE}\u{1F1E9}';

/**
 * Build the pipeline over a set of dictionaries:
 * clean (mojibake, NFKC, invisible characters, literal `\n`) -> tokenise (URL, mention, hashtag,
 * emoji, word, punctuation) -> per token: placeholders, hashtag segmentation, emoji glosses,
 * slang/leet/elongation/number normalisation -> stem -> negation scope.
 */
export function createAnalyser(res: NlpResources): Analyse {
  const words = new WordNormaliser(res);
  // Hashtags repeat a lot across posts and the Viterbi search is the costly step: cache it.
  const tagCache = new Map<string, HashtagPart[]>();
  const segment = (body: string): HashtagPart[] => {
    let parts = tagCache.get(body);
    if (!parts) {
      parts = segmentHashtag(body, res.model);
      if (tagCache.size >= 50_000) tagCache.clear();
      tagCache.set(body, parts);
    }
    return parts;
  };

  const push = (out: Token[], c: CleanText, norm: string, kind: TokenKind, cs: number, ce: number, hashtag?: string) => {
    const [start, end] = originalSpan(c, cs, ce);
    const t: Token = { norm, stem: kind === 'word' || kind === 'hashtag_part' ? stem(norm) : norm, kind, start, end, negated: false };
    if (hashtag !== undefined) t.hashtag = hashtag;
    out.push(t);
  };

  return (original: string): AnalysedText => {
    const c = cleanText(original);
    const tokens: Token[] = [];
    const hashtags: HashtagInfo[] = [];
    for (const r of tokenise(c.text)) {
      switch (r.kind) {
        case 'url':
          push(tokens, c, '<url>', 'url', r.start, r.end);
          break;
        case 'mention':
          push(tokens, c, '<user>', 'mention', r.start, r.end);
          break;
        case 'punct':
          push(tokens, c, r.text, 'punct', r.start, r.end);
          break;
        case 'word': {
          // The public datasets replace handles and links by the words USER and URL.
          if (r.text === 'USER') push(tokens, c, '<user>', 'mention', r.start, r.end);
          else if (r.text === 'URL') push(tokens, c, '<url>', 'url', r.start, r.end);
          else for (const p of words.normalise(r.text.toLowerCase())) push(tokens, c, p.norm, p.number ? 'number' : 'word', r.start, r.end);
          break;
        }
        case 'hashtag': {
          const body = r.text.slice(1);
          const tag = body.toLowerCase();
          const first = tokens.length;
          for (const part of segment(body)) {
            const s = r.start + 1 + part.start;
            const e = r.start + 1 + part.end;
            const lower = part.text.toLowerCase();
            // A single letter left by segmentation is not the alay abbreviation it would be in text.
            if (lower.length === 1 && !/[0-9]/.test(lower)) push(tokens, c, lower, 'hashtag_part', s, e, tag);
            else for (const p of words.normalise(lower)) push(tokens, c, p.norm, 'hashtag_part', s, e, tag);
          }
          const [start, end] = originalSpan(c, r.start, r.end);
          hashtags.push({ tag, start, end, first, last: tokens.length });
          break;
        }
        case 'emoji': {
          const keycap = KEYCAP.exec(r.text);
          if (keycap) {
            push(tokens, c, numberNorm(keycap[1]!), 'number', r.start, r.end);
            break;
          }
          const key = emojiKey(r.text);
          const gloss = res.emoji.get(key) ?? (key === FLAG_ID ? ['indonesia'] : undefined);
          if (gloss) for (const g of gloss) push(tokens, c, g, 'emoji', r.start, r.end);
          else push(tokens, c, key, 'emoji', r.start, r.end);
          break;
        }
      }
    }
    markNegation(tokens);
    return { original, tokens, hashtags };
  };
}

let defaultAnalyser: Analyse | undefined;
let defaultResources: NlpResources | undefined;

/** The shipped dictionaries (`data/lexicons/`), loaded once and shared by every user. */
export function shippedNlpResources(): NlpResources {
  defaultResources ??= loadNlpResources();
  return defaultResources;
}

/**
 * Analyse a text with the shipped dictionaries (`data/lexicons/`, loaded on first use).
 * The one pipeline used by the rules, training and inference.
 */
export function analyse(text: string): AnalysedText {
  defaultAnalyser ??= createAnalyser(shippedNlpResources());
  return defaultAnalyser(text);
}

/** The normalised text for models: token norms without punctuation, joined by single spaces. */
export function normalisedText(a: AnalysedText): string {
  let out = '';
  for (const t of a.tokens) {
    if (t.kind === 'punct') continue;
    out += out ? ` ${t.norm}` : t.norm;
  }
  return out;
}
