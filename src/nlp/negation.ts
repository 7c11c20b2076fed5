import type { Token } from './types.ts';

/**
 * Negation scope. A negator (`tidak`, `tak`, `bukan`, `jangan`, `belum`, `tanpa`, `anti`, `tolak`,
 * and their slang forms, which normalise to these) marks the next {@link NEGATION_WINDOW} content
 * tokens as negated. The window stops early at clause punctuation (`. , ! ? ; :`) and at a
 * contrastive conjunction (`tapi`, `tetapi`, `namun`, `melainkan`, `sedangkan`), so in "jangan
 * golput, pilih 03" only `golput` is negated. A negator inside the window restarts it. A hashtag
 * is a scope of its own: a negator in a hashtag negates only the rest of that hashtag, and a
 * negator outside hashtags does not reach into one.
 */
export const NEGATION_WINDOW = 3;

export const NEGATORS: ReadonlySet<string> = new Set([
  'tidak',
  'tak',
  'bukan',
  'jangan',
  'belum',
  'tanpa',
  'anti',
  'tolak',
  'menolak',
  'enggak',
  'nggak',
  'gak',
  'ga',
  'ogah',
]);
const STOPS: ReadonlySet<string> = new Set(['.', ',', '!', '?', ';', ':', 'tapi', 'tetapi', 'namun', 'melainkan', 'sedangkan', 'padahal']);

/** Set `negated` on tokens in place (tokens are in text order). */
export function markNegation(tokens: Token[]): void {
  let left = 0;
  let scope: string | undefined;
  for (const t of tokens) {
    // A hashtag is its own scope: #AsalBukanPrabowo negates inside the tag only.
    if (left > 0 && t.hashtag !== scope) left = 0;
    if (STOPS.has(t.norm)) {
      left = 0;
      continue;
    }
    if (t.kind === 'punct' || t.kind === 'url' || t.kind === 'mention') continue;
    if (NEGATORS.has(t.norm)) {
      left = NEGATION_WINDOW;
      scope = t.hashtag;
      continue;
    }
    if (left > 0) {
      t.negated = true;
      left--;
    }
  }
}
