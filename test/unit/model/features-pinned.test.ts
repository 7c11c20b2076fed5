import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { aggregate, DEFAULT_FEATURE_SPEC, featureOccurrences, type FeatureSpec } from '../../../src/model/features.ts';
import type { AnalysedText, Token, TokenKind } from '../../../src/nlp/types.ts';

/**
 * The shipped models read these exact hashes: a faster feature extractor must give the same
 * occurrences (hash, token, order) and the same aggregated ids and values, bit for bit. The
 * analysed texts are built by hand (not by `analyse`), so lexicon updates do not move the pins.
 */
function text(
  original: string,
  spec: [string, TokenKind, number, number, { stem?: string; negated?: boolean; hashtag?: string }?][],
): AnalysedText {
  const tokens: Token[] = spec.map(([norm, kind, start, end, o = {}]) => {
    const t: Token = { norm, stem: o.stem ?? norm, kind, start, end, negated: o.negated ?? false };
    if (o.hashtag !== undefined) t.hashtag = o.hashtag;
    return t;
  });
  return { original, tokens, hashtags: [] };
}

const LONG = 'x'.repeat(45);
const TEXTS: AnalysedText[] = [
  text('', []),
  text('!!', [
    ['!', 'punct', 0, 1],
    ['!', 'punct', 1, 2],
  ]),
  text('Dasar G0BL0K!! jgn pilih 02 #PrabowoGibran2024 😂 @budi https://t.co/x', [
    ['dasar', 'word', 0, 5],
    ['goblok', 'word', 6, 12],
    ['!', 'punct', 12, 13],
    ['!', 'punct', 13, 14],
    ['jangan', 'word', 15, 18],
    ['pilih', 'word', 19, 24, { negated: true }],
    ['02', 'number', 25, 27, { negated: true }],
    ['prabowo', 'hashtag_part', 28, 36, { hashtag: 'prabowogibran2024' }],
    ['gibran', 'hashtag_part', 36, 42, { hashtag: 'prabowogibran2024' }],
    ['2024', 'hashtag_part', 42, 46, { hashtag: 'prabowogibran2024' }],
    ['tertawa', 'emoji', 47, 49],
    ['<user>', 'mention', 50, 55],
    ['<url>', 'url', 56, 70],
  ]),
  text(`Jokowi memimpin pemerintahan ${LONG} kamu kmu`, [
    ['jokowi', 'word', 0, 6],
    ['memimpin', 'word', 7, 15, { stem: 'pimpin' }],
    ['pemerintahan', 'word', 16, 28, { stem: 'perintah', negated: true }],
    [LONG, 'word', 29, 74],
    ['kamu', 'word', 75, 79],
    ['kamu', 'word', 80, 83],
  ]),
  text('İstanbul ok #a #a', [
    ['istanbul', 'word', 0, 8],
    ['ok', 'word', 9, 11],
    ['a', 'hashtag_part', 13, 14, { hashtag: 'a' }],
    ['a', 'hashtag_part', 16, 17, { hashtag: 'a' }],
  ]),
];

function digest(specs: FeatureSpec[], skip?: (t: Token) => boolean): string {
  const h = createHash('sha256');
  for (const spec of specs) {
    for (const a of TEXTS) {
      const occ = featureOccurrences(a, spec, skip);
      h.update(`${occ.length};`);
      h.update(new Uint8Array(occ.hashes.buffer, occ.hashes.byteOffset, occ.length * 4));
      h.update(new Uint8Array(occ.tokens.buffer, occ.tokens.byteOffset, occ.length * 4));
      const f = aggregate(occ, spec.bits);
      h.update(`${f.ids.length};`);
      h.update(new Uint8Array(f.ids.buffer, f.ids.byteOffset, f.ids.byteLength));
      h.update(new Uint8Array(f.vals.buffer, f.vals.byteOffset, f.vals.byteLength));
    }
  }
  return h.digest('hex');
}

const SPECS: FeatureSpec[] = [
  DEFAULT_FEATURE_SPEC,
  { ...DEFAULT_FEATURE_SPEC, mask: ['jokowi', 'prabowo', 'gibran'] },
  { bits: 10, wordNgrams: 1, charMin: 2, charMax: 4 },
  { bits: 20, wordNgrams: 2, charMin: 0, charMax: 0 },
];

describe('feature values are pinned', () => {
  it('gives the same occurrences, ids and values as the shipped models were trained on', () => {
    expect(digest(SPECS)).toBe('410831d4f324dcc0ee31fedf1ba08df85024a6ab9552f52da8a3a5198d688ca7');
  });

  it('and the same with tokens hidden (training hides weak-label cues)', () => {
    expect(digest(SPECS, (t) => t.hashtag !== undefined || t.norm === 'kamu')).toBe(
      '20c36ab983d9ab7e81e7fbe99a90d457cbd4b9d8ddb75291d3e445c4ccf02092',
    );
  });
});
