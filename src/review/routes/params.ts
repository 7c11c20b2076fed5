import { FLAG_STATUSES, type FlagStatus } from '../../domain/statuses.ts';
import { isLabel, type Label } from '../../domain/labels.ts';
import { QUEUE_SORTS, type QueueFilter, type QueueSort } from '../../repositories/queue.repository.ts';
import type { SessionUser } from '../../repositories/sessions.repository.ts';
import { InvalidInputError, msg, NotFoundError } from '../errors.ts';

/**
 * The statuses the queue shows when no status filter is given: what an analyst can still take.
 * Escalated flags wait in the supervisors' queue (`/escalations`), not here.
 */
export const UNDECIDED: FlagStatus[] = ['open', 'claimed'];

/** A real calendar day `YYYY-MM-DD` (2024-02-30 is not one). */
export function isCalendarDay(v: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return (
    d.getUTCFullYear() === Number(m[1]) &&
    d.getUTCMonth() === Number(m[2]) - 1 &&
    d.getUTCDate() === Number(m[3]) &&
    Number(m[1]) >= 1900 &&
    Number(m[1]) <= 2999
  );
}

function list(q: URLSearchParams | Record<string, unknown>, key: string): string[] {
  const raw = q instanceof URLSearchParams ? q.getAll(key) : [q[key]].flat();
  return raw
    .filter((v): v is string => typeof v === 'string')
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
}

/** Queue filter from a query string or a form body; bad values are refused naming the field. */
export function parseQueueFilter(
  q: URLSearchParams | Record<string, unknown>,
  user: SessionUser,
  o: { defaultStatuses?: FlagStatus[]; blindShare?: number } = {},
): QueueFilter {
  const labels = list(q, 'label');
  const bad = labels.find((l) => !isLabel(l));
  if (bad)
    throw new InvalidInputError(msg(`Label ${JSON.stringify(bad)} tidak dikenal`, `label ${JSON.stringify(bad)} is not a label`), 'label');
  const statuses = list(q, 'status');
  const mine = statuses.includes('mine');
  const badStatus = statuses.find((s) => s !== 'mine' && !(FLAG_STATUSES as readonly string[]).includes(s));
  if (badStatus)
    throw new InvalidInputError(
      msg(`Status ${JSON.stringify(badStatus)} tidak dikenal`, `status ${JSON.stringify(badStatus)} is not a status`),
      'status',
    );
  const [from] = list(q, 'from');
  const [to] = list(q, 'to');
  for (const [k, v] of [
    ['from', from],
    ['to', to],
  ] as const)
    if (v && !isCalendarDay(v))
      throw new InvalidInputError(
        msg(
          `Tanggal "${k === 'from' ? 'dari' : 'sampai'}" harus tanggal yang ada (TTTT-BB-HH)`,
          `${k} must be a date YYYY-MM-DD that exists`,
        ),
        k,
      );
  const [sort] = list(q, 'sort');
  if (sort !== undefined && !(QUEUE_SORTS as readonly string[]).includes(sort))
    throw new InvalidInputError(
      msg(`Urutan harus salah satu dari ${QUEUE_SORTS.join(', ')}`, `sort must be one of ${QUEUE_SORTS.join(', ')}`),
      'sort',
    );
  const [dir] = list(q, 'dir');
  if (dir !== undefined && dir !== 'asc' && dir !== 'desc')
    throw new InvalidInputError(msg('Arah urutan harus asc atau desc', 'dir must be asc or desc'), 'dir');
  const real = statuses.filter((s) => s !== 'mine') as FlagStatus[];
  return {
    labels: labels as Label[],
    statuses: mine ? (real.length ? real : ['claimed']) : real.length ? real : (o.defaultStatuses ?? UNDECIDED),
    sort: sort as QueueSort | undefined,
    dir: dir as 'asc' | 'desc' | undefined,
    ...(user.role === 'analyst' && o.blindShare !== undefined ? { viewer: { userId: user.userId, share: o.blindShare } } : {}),
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
  for (const k of ['label', 'status', 'agency', 'region', 'platform', 'from', 'to', 'sort', 'dir'])
    for (const v of list(q, k)) out.append(k, v);
  return out;
}

export function intParam(v: unknown, name: string, { min = 0, max = Number.MAX_SAFE_INTEGER } = {}): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max)
    throw new InvalidInputError(
      msg(`Isian ${name} harus bilangan bulat ${min} sampai ${max}`, `${name} must be a whole number from ${min} to ${max}`),
      name,
    );
  return n;
}

export function flagIdParam(v: string | undefined): number {
  if (!v || !/^\d{1,9}$/.test(v)) throw new NotFoundError(msg('Temuan tidak ditemukan', 'no such flag'));
  return Number(v);
}

export function personIdParam(v: string | undefined): number {
  if (!v || !/^\d{1,9}$/.test(v)) throw new NotFoundError(msg('ASN tidak ditemukan', 'no such person'));
  return Number(v);
}

export function optionalText(v: unknown, name: string, max = 4000): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') throw new InvalidInputError(msg(`Isian ${name} harus berupa teks`, `${name} must be text`), name);
  if (v.length > max)
    throw new InvalidInputError(msg(`Isian ${name} lebih dari ${max} karakter`, `${name} is longer than ${max} characters`), name);
  // PostgreSQL text cannot hold NUL: refuse it here rather than fail in the database.
  if (v.includes('\u0000')) throw new InvalidInputError(msg(`Isian ${name} berisi karakter NUL`, `${name} contains a NUL character`), name);
  return v;
}
