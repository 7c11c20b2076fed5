import { sql, type Expression, type SqlBool } from 'kysely';
import type { Db } from '../db/handle.ts';
import { countFlagsUpTo, queueItems, type QueueItem } from './queue.repository.ts';

/** What a search box's text asks for. */
export type SearchQuery =
  | { kind: 'id'; id: number }
  | { kind: 'nip'; nip: string }
  | { kind: 'handle'; handle: string }
  | { kind: 'text'; words: string[]; raw: string };

/**
 * `#123` or a short number: flag 123; 8 or more digits (spaces allowed): a NIP or its start;
 * `@name`: a handle; anything else: words of the post text (each word as a prefix) or part of
 * the civil servant's name. Undefined when there is nothing to look for.
 */
export function parseSearch(q: string): SearchQuery | undefined {
  const t = q.trim().normalize('NFKC');
  if (!t) return undefined;
  const id = /^#?\s*(\d{1,7})$/.exec(t);
  if (id) return { kind: 'id', id: Number(id[1]) };
  const digits = t.replace(/[\s.-]/g, '');
  if (/^\d{8,18}$/.test(digits)) return { kind: 'nip', nip: digits };
  const h = /^@([a-z0-9_.]{1,64})$/i.exec(t);
  if (h) return { kind: 'handle', handle: h[1]!.toLowerCase() };
  const words = [...new Set(t.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])].slice(0, 8);
  return words.length ? { kind: 'text', words, raw: t.slice(0, 200) } : undefined;
}

const like = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function condition(q: SearchQuery): Expression<SqlBool> {
  switch (q.kind) {
    case 'id':
      return sql<SqlBool>`f.id = ${q.id}`;
    case 'nip':
      return sql<SqlBool>`f.person_id in (select id from persons where nip like ${`${like(q.nip)}%`})`;
    case 'handle':
      return sql<SqlBool>`(f.post_id in (select id from posts where handle = ${q.handle})
        or f.person_id in (select person_id from accounts where handle like ${`${like(q.handle)}%`}))`;
    case 'text': {
      const tsq = q.words.map((w) => `${w}:*`).join(' & ');
      return sql<SqlBool>`(f.search @@ to_tsquery('simple', ${tsq})
        or f.person_id in (select id from persons where name ilike ${`%${like(q.raw)}%`}))`;
    }
  }
}

/** Flags matching a search, newest first, with the total. */
export async function searchFlags(
  db: Db,
  q: SearchQuery,
  page: { limit: number; offset: number },
): Promise<{ items: QueueItem[]; total: number; totalExact: boolean }> {
  const c = condition(q);
  const ids = (
    await sql<{ id: number }>`select f.id from flags f where ${c} order by f.id desc limit ${page.limit} offset ${page.offset}`.execute(db)
  ).rows.map((r) => r.id);
  const { total, exact } = await countFlagsUpTo(db, [c]);
  return { items: await queueItems(db, ids), total, totalExact: exact };
}
