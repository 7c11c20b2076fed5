import { createHash } from 'node:crypto';

/**
 * Seeded pseudo-random generators: the same seed gives the same sequence on every machine, so
 * splits, samples and training runs are reproducible. Not for secrets: keys come from
 * `crypto.randomBytes`.
 *
 * New code uses {@link seededRandom}: one stream per (seed, purpose), so that adding a use of
 * randomness somewhere does not shift the numbers another use draws. {@link mulberry32} is the
 * trainer's generator: the shipped models' train/calibration/test splits, sampled negatives,
 * initial weights and dropout were drawn from it, so it stays as long as they must be
 * reproducible from their seed (a held-out split drawn from another generator would put rows
 * the shipped model was trained on into its test set).
 */

/**
 * sfc32, seeded through SHA-256 of the seed and a purpose string (research exports' splits).
 * @example const random = seededRandom(7, 'splits');
 */
export function seededRandom(seed: number | string, purpose = ''): () => number {
  const h = createHash('sha256').update(`${purpose}\u0000${seed}`).digest();
  let a = h.readUInt32LE(0);
  let b = h.readUInt32LE(4);
  let c = h.readUInt32LE(8);
  let d = h.readUInt32LE(12);
  const next = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return next;
}

/** mulberry32: uniform in [0, 1); the trainer's generator (see above). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher-Yates shuffle of `a` in place with the given generator; returns `a`. */
export function shuffleInPlace<T>(a: T[], random: () => number): T[] {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
  return a;
}

/** A seeded shuffle of a copy (the input is left alone). */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  return shuffleInPlace([...items], random);
}
