/**
 * The kinds of identifier redaction removes and the placeholder word each becomes. The public
 * Indonesian datasets already use `USER` and `URL`, and netra's text pipeline reads those two as
 * mention and link tokens, so a redacted export can be fed back to training unchanged.
 */
export const PLACEHOLDERS = {
  url: 'URL',
  email: 'EMAIL',
  user: 'USER',
  nip: 'NIP',
  nik: 'NIK',
  phone: 'PHONE',
  bank: 'ACCOUNT',
  plate: 'PLATE',
  address: 'ADDRESS',
  number: 'NUMBER',
  person: 'PERSON',
  workplace: 'WORKPLACE',
  position: 'POSITION',
} as const;

export type RedactionKind = keyof typeof PLACEHOLDERS;
export type RedactionCounts = Record<RedactionKind, number>;

export function emptyCounts(): RedactionCounts {
  return Object.fromEntries(Object.keys(PLACEHOLDERS).map((k) => [k, 0])) as RedactionCounts;
}
