import { sql, type RawBuilder } from 'kysely';

/**
 * How a flag list shows an engagement flag, which has no post of its own (0907): its platform
 * and handle are those of its first item's account, its text a one-line summary of its items
 * (`engagement with campaign accounts: 2 repost, 1 reply (@akun ...)`). Post flags keep their
 * post's values. `f` and `p` are the flag and the (left-joined) post.
 */
export const flagPlatformSql: RawBuilder<string> = sql<string>`coalesce(p.platform, (select a.platform from engagements e join accounts a on a.id = e.account_id where e.flag_id = f.id order by e.id limit 1))`;
export const flagHandleSql: RawBuilder<string> = sql<string>`coalesce(p.handle, (select a.handle from engagements e join accounts a on a.id = e.account_id where e.flag_id = f.id order by e.id limit 1))`;
export const flagTextSql: RawBuilder<string> = sql<string>`coalesce(p.text, (select 'engagement with campaign accounts: ' || string_agg(k.n || ' ' || k.kind, ', ' order by k.kind) || ' (' || (select string_agg(distinct '@' || e2.target_author_handle, ' ') from engagements e2 where e2.flag_id = f.id) || ')'
  from (select e.kind, count(*)::text as n from engagements e where e.flag_id = f.id group by e.kind) k), '')`;
export const flagPostedAtSql: RawBuilder<Date | null> = sql<Date | null>`coalesce(p.posted_at, f.event_at)`;
