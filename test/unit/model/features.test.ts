import { describe, expect, it } from 'vitest';
import { aggregate, bucket, DEFAULT_FEATURE_SPEC, extractFeatures, featureOccurrences, fnv1a } from '../../../src/model/features.ts';
import { analyse } from '../../../src/nlp/index.ts';

describe('feature hashing', () => {
  it('FNV-1a matches the reference values', () => {
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
  });

  it('is deterministic: the same text gives the same ids and values, run after run', () => {
    // masking reads political names as one placeholder
    const masked = extractFeatures(analyse('jokowi goblok'), { ...DEFAULT_FEATURE_SPEC, mask: ['jokowi'] });
    expect([...masked.ids]).toEqual([...extractFeatures(analyse('prabowo goblok'), { ...DEFAULT_FEATURE_SPEC, mask: ['prabowo'] }).ids]);
    const text = 'Dasar g0bl0k!! pilih 02 aja #PrabowoGibran2024 😂';
    const a = extractFeatures(analyse(text), DEFAULT_FEATURE_SPEC);
    const b = extractFeatures(analyse(text), DEFAULT_FEATURE_SPEC);
    expect([...a.ids]).toEqual([...b.ids]);
    expect([...a.vals]).toEqual([...b.vals]);
    // A pinned hash: a change to the feature strings or the hash breaks every saved model.
    expect(bucket(fnv1a('goblok', fnv1a('w:')), 18)).toBe(fnv1a('goblok', fnv1a('w:')) & 0x3ffff);
  });

  it('reads the pipeline output: leet and slang spellings share the standard word feature', () => {
    const spec = { ...DEFAULT_FEATURE_SPEC, charMin: 0, charMax: 0, wordNgrams: 1 };
    const word = fnv1a('goblok', fnv1a('w:')) & ((1 << spec.bits) - 1);
    expect([...extractFeatures(analyse('g0bl0k'), spec).ids]).toContain(word);
    expect([...extractFeatures(analyse('goblok'), spec).ids]).toContain(word);
  });

  it('L2-normalises values, sorts unique ids and masks to the bucket count', () => {
    const f = extractFeatures(analyse('anjing anjing kau'), { ...DEFAULT_FEATURE_SPEC, bits: 8 });
    const norm = Math.sqrt([...f.vals].reduce((s, v) => s + v * v, 0));
    expect(norm).toBeCloseTo(1, 6);
    expect([...f.ids]).toEqual([...f.ids].sort((x, y) => x - y));
    expect(new Set(f.ids).size).toBe(f.ids.length);
    expect(Math.max(...f.ids)).toBeLessThan(256);
  });

  it('ties every feature to a token (for evidence) and can hide tokens', () => {
    const a = analyse('Ayo coblos 02 #PrabowoGibran2024');
    const occ = featureOccurrences(a, DEFAULT_FEATURE_SPEC);
    const tokens = [...occ.tokens.subarray(0, occ.length)];
    expect(tokens.every((i) => a.tokens[i] !== undefined)).toBe(true);
    const hidden = featureOccurrences(a, DEFAULT_FEATURE_SPEC, (t) => t.hashtag !== undefined);
    expect([...hidden.tokens.subarray(0, hidden.length)].every((i) => a.tokens[i]!.hashtag === undefined)).toBe(true);
    expect(hidden.length).toBeLessThan(occ.length);
    expect(aggregate({ hashes: new Uint32Array(0), tokens: new Int32Array(0), length: 0 }, 10).ids.length).toBe(0);
    // Counts: a repeated word gets log(1 + 2) before normalisation, a single one log(2).
    const two = aggregate({ hashes: Uint32Array.of(5, 9, 5), tokens: Int32Array.of(0, 1, 2), length: 3 }, 10);
    expect([...two.ids]).toEqual([5, 9]);
    expect(two.vals[0]! / two.vals[1]!).toBeCloseTo(Math.log(3) / Math.log(2), 6);
  });
});
