import { FLAG_STATUSES, type FlagStatus } from '../../domain/statuses.ts';
import { isLabel, type Label } from '../../domain/labels.ts';
import type { QueueFilter } from '../../repositories/queue.repository.ts';
import type { SessionUser } from '../../repositories/sessions.repository.ts';
import { InvalidInputError, NotFoundError } from '../errors.ts';

/** The statuses the queue shows when no status filter is given: everything still undecided. */
export const UNDECIDED: FlagStatus[] = ['open', 'claimed', 'escalated'];

const day = /^\d{4}-\d{2}-\d{2}$/;

function list(q: URLSearchParams | Record<string, unknown>, key: string): string[] {
  const raw = q instanceof URLSearchParams ? q.getAll(key) : [q[key]].flat();
  return raw.filter((v): v is string => typeof v === 'string').flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

/** Queue filter from a query string or a form body; bad values are refused naming the field. */
export function parseQueueFilter(q: URLSearchParams | Record<string, unknown>, user: SessionUser): QueueFilter {
  const labels = list(q, 'label');
  const bad = labels.find((l) => !isLabel(l));
  if (bad) throw new InvalidInputError(`label ${JSON.stringify(bad)} is not a label`, 'label');
  const statuses = list(q, 'status');
  const mine = statuses.includes('mine');
  const badStatus = statuses.find((s) => s !== 'mine' && !(FLAG_STATUSES as readonly string[]).includes(s));
  if (badStatus) throw new InvalidInputError(`status ${JSON.stringify(badStatus)} is not a status`, 'status');
  const [from] = list(q, 'from');
  const [to] = list(q, 'to');
  for (const [k, v] of [['from', from], ['to', to]] as const) if (v && !day.test(v)) throw new InvalidInputError(`${k} must be a date YYYY-MM-DD`, k);
  const real = statuses.filter((s) => s !== 'mine') as FlagStatus[];
  return {
    labels: labels as Label[],
    statuses: mine ? (real.length ? real : ['claimed']) : real.length ? real : UNDECIDED,
    agencies: list(q, 'agency'),
    regions: list(q, 'region'),
    platforms: list(q, 'platform'),
    from,
    to,
    assignee: mine ? user.username : undefined,
  };
}

/** The query string that reproduces a filter (for links and forms). */
export function filterQuery(q: URLSearchParams | Record<string, unknown>): URLSearchParams {
  const out = new URLSearchParams();
  for (const k of ['label', 'status', 'agency', 'region', 'platform', 'from', 'to']) for (const v of list(q, k)) out.append(k, v);
  return out;
}

export function intParam(v: unknown, name: string, { min = 0, max = Number.MAX_SAFE_INTEGER } = {}): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new InvalidInputError(`${name} must be a whole number from ${min} to ${max}`, name);
  return n;
}

export function flagIdParam(v: string | undefined): number {
  if (!v || !/^\d{1,9}$/.test(v)) throw new NotFoundError('no such flag');
  return Number(v);
}

export function optionalText(v: unknown, name: string, max = 4000): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') throw new InvalidInputError(`${name} must be text`, name);
  if (v.length > max) throw new InvalidInputError(`${name} is longer than ${max} characters`, name);
  return v;
}
