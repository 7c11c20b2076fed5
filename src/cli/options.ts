import { UserError } from '../domain/errors.ts';
import type { ChainAnchor } from '../domain/hash-chain.ts';

/** The range an option's number must fall in (bounds included unless said otherwise). */
export interface NumberRange {
  min?: number;
  max?: number;
  /** The value must be below `max`, not equal to it. */
  belowMax?: boolean;
}

function rangeWords(kind: string, { min, max, belowMax }: NumberRange): string {
  if (min !== undefined && max !== undefined) return `${kind} from ${min} to ${belowMax ? 'below ' : ''}${max}`;
  if (min === 1 && kind === 'a whole number') return 'a positive whole number';
  if (min !== undefined) return `${kind} >= ${min}`;
  if (max !== undefined) return `${kind} ${belowMax ? '<' : '<='} ${max}`;
  return kind;
}

function check(name: string, value: string, n: number, ok: boolean, kind: string, range: NumberRange): number {
  const { min, max, belowMax } = range;
  const inRange = (min === undefined || n >= min) && (max === undefined || (belowMax ? n < max : n <= max));
  if (value.trim() === '' || !ok || !inRange) throw new UserError(`${name} ${JSON.stringify(value)} must be ${rangeWords(kind, range)}`);
  return n;
}

/**
 * A whole-number option (`--limit 50`), checked once for every command: anything else stops the
 * command with the option, the value as typed and the range, e.g.
 * `--limit "ten" must be a positive whole number`.
 */
export function intOption(name: string, value: string, range: NumberRange = {}): number {
  const n = Number(value);
  return check(name, value, n, Number.isSafeInteger(n), 'a whole number', range);
}

/** A number option (`--recent-share 0.2`), checked like {@link intOption}. */
export function numberOption(name: string, value: string, range: NumberRange = {}): number {
  const n = Number(value);
  return check(name, value, n, Number.isFinite(n), 'a number', range);
}

/**
 * One `--anchor SEQ:HASH` (an entry's number and its SHA-256, as a verify command printed them;
 * `#SEQ:HASH` and upper-case hex are taken too), added to those given before: the option parser of
 * every command that checks a hash chain against anchors (repeatable, or variadic `<seq:hash...>`).
 * Anything else stops the command with the option and the value as typed.
 */
export function anchorOption(value: string, previous: readonly ChainAnchor[] = []): ChainAnchor[] {
  const m = /^#?(\d+):([0-9a-fA-F]{64})$/.exec(value.trim());
  const seq = m ? Number(m[1]) : NaN;
  if (!m || !Number.isSafeInteger(seq) || seq < 1)
    throw new UserError(
      `--anchor ${JSON.stringify(value)}: write SEQ:HASH, an entry's number and its 64-hex SHA-256 as the verify command printed them, e.g. 1200:${'ab'.repeat(32)}`,
    );
  return [...previous, { seq, hash: m[2]!.toLowerCase() }];
}
