import { deElongate } from './elongation.ts';
import { deLeet } from './leet.ts';
import { isNumberToken, numberNorm, splitAmount } from './numbers.ts';
import type { NlpResources } from './resources.ts';

/** A normalised piece of a word: its standard form and whether it is a number. */
export interface NormPiece {
  norm: string;
  number: boolean;
}

const CACHE_LIMIT = 100_000;
const ALPHA = /^[a-z]+$/;
const DOUBLE = /([a-z])\1/;
const DIGIT = /[0-9]/;

/**
 * Word-level normalisation of one lowercased word: slang/alay -> standard (cleaned dictionary),
 * numbers -> number policy, leet digits, elongation. Results are cached per word.
 * Order: the slang table wins (it is cleaned so that it never rewrites signal words), then a
 * known word stays, then numbers and amounts, then leet, then elongation (whose result goes
 * through the slang table again: `bgtttt` -> `bgt` -> `banget`).
 */
export class WordNormaliser {
  private readonly cache = new Map<string, readonly NormPiece[]>();

  constructor(private readonly res: NlpResources) {}

  readonly isKnown = (w: string): boolean => this.res.vocab.has(w) || this.res.slang.has(w);

  normalise(lower: string): readonly NormPiece[] {
    const hit = this.cache.get(lower);
    if (hit) return hit;
    const out = this.compute(lower, 0);
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(lower, out);
    return out;
  }

  private compute(w: string, depth: number): NormPiece[] {
    const slang = this.res.slang.get(w);
    if (slang) return slang.map((s) => piece(s));
    if (this.res.vocab.has(w)) return [piece(w)];
    if (isNumberToken(w)) return [{ norm: numberNorm(w), number: true }];
    const amount = splitAmount(w);
    if (amount) return amount.map((a) => piece(a));
    if (depth > 2) return [piece(w)];
    if (DIGIT.test(w)) {
      const parts = deLeet(w, this.isKnown);
      if (parts) return parts.flatMap((p) => this.compute(p, depth + 1));
      return [piece(w)];
    }
    if (ALPHA.test(w) && DOUBLE.test(w)) {
      const d = deElongate(w, this.isKnown);
      if (d !== w) return this.compute(d, depth + 1);
    }
    return [piece(w)];
  }
}

function piece(norm: string): NormPiece {
  return { norm, number: isNumberToken(norm) || norm === '<num>' };
}
