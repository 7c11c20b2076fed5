import { createHash } from 'node:crypto';

/**
 * A small seeded pseudo-random generator (sfc32, seeded through SHA-256 of the seed and a
 * purpose string): the same seed gives the same sequence on every machine, so splits and
 * samples are reproducible. Not for secrets: keys come from `crypto.randomBytes`.
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

/** A seeded Fisher-Yates shuffle (a copy; the input is left alone). */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
