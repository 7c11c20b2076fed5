import { UserError } from '../domain/errors.ts';

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
