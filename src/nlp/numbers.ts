/**
 * Number policy. Most numbers carry no meaning for the labels and become `<num>`, but ballot
 * numbers do ("coblos 02", "nomor 3", party numbers 1-24) and so do years ("Anies presiden
 * 2024"): those keep their digits as written, leading zero included (`02` stays `02`; the rules
 * read `2` and `02` alike).
 */

/** Placeholder for numbers that carry no label signal. */
export const NUM = '<num>';

const SMALL = /^(?:[0-9]|0[1-9]|1[0-9]|2[0-4])$/;
const YEAR = /^(?:19|20)[0-9]{2}$/;
const PLAIN_NUMBER = /^[0-9]+(?:[.,][0-9]+)*$/;

/** Is the token a number (digits with optional `.`/`,` groups)? */
export function isNumberToken(t: string): boolean {
  return PLAIN_NUMBER.test(t);
}

/** Norm of a number token: digits for 0-24 (one or two digits) and years 1900-2099, else `<num>`. */
export function numberNorm(t: string): string {
  if (SMALL.test(t) || YEAR.test(t)) return t;
  return NUM;
}

/** The value of a ballot-number norm (`02` -> 2), or null when the norm is not a small number. */
export function ballotValue(norm: string): number | null {
  if (!SMALL.test(norm)) return null;
  return Number(norm);
}

const UNITS: Record<string, string> = {
  rb: 'ribu',
  ribu: 'ribu',
  k: 'ribu',
  jt: 'juta',
  juta: 'juta',
  m: 'miliar',
  miliar: 'miliar',
  em: 'miliar',
};
const AMOUNT = /^(rp\.?)?([0-9]+(?:[.,][0-9]+)*)(rb|ribu|k|jt|juta|m|miliar|em)?$/;

/**
 * Money-like tokens: `rp50.000` -> [`rp`, `<num>`], `100rb` -> [`<num>`, `ribu`], `2jt` -> [`<num>`, `juta`].
 * Returns null when the token is not an amount.
 */
export function splitAmount(t: string): string[] | null {
  const m = AMOUNT.exec(t);
  if (!m || (!m[1] && !m[3])) return null;
  const out: string[] = [];
  if (m[1]) out.push('rp');
  out.push(NUM); // an amount is never a ballot number
  if (m[3]) out.push(UNITS[m[3]]!);
  return out;
}
