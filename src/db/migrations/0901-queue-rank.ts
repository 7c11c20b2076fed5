import { sql, type Kysely } from 'kysely';

/**
 * Issue 13: a review queue that stays fast at 100,000 open flags.
 * (Statement-level triggers with transition tables keep the counts: PostgreSQL 10+, PGlite.)
 *
 * The queue ranks a flag by `priority + recency + history`: recency is up to +6 for a post from
 * today, fading over six days; history is +3 per other confirmed flag of the same person, up to
 * +9. It used to count the person's confirmed flags with a subquery per flag, at every request.
 * Now:
 * - `person_flag_counts` holds each person's confirmed flags, kept current by triggers on
 *   `flags` (the statement that confirms, reopens or re-links a flag updates it, in its own
 *   transaction);
 * - each flag carries its person (`person_id`), the time its rank fades from (`event_at`, the
 *   post time or else the discovery time), and two rank keys: `rank_base` = priority + history,
 *   and `rank_recent` = rank_base + event_at in days. Since
 *   `rank = greatest(rank_base, rank_recent + 6 - now_in_days)`, the top of the queue is in the
 *   union of the top rows of two indexes (one per key), whatever the time: no row is scored at
 *   request time except those.
 *
 * The triggers also follow an account moved to another person and a post moved to another
 * account, so the keys never go stale.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('person_flag_counts')
    .addColumn('person_id', 'integer', (c) => c.primaryKey().references('persons.id').onDelete('cascade'))
    .addColumn('confirmed', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`confirmed >= 0`),
    )
    .execute();

  await db.schema
    .alterTable('flags')
    .addColumn('person_id', 'integer', (c) => c.references('persons.id'))
    .addColumn('event_at', 'timestamptz')
    .addColumn('rank_base', 'double precision', (c) => c.notNull().defaultTo(0))
    .addColumn('rank_recent', 'double precision', (c) => c.notNull().defaultTo(0))
    .execute();

  // The history part of the rank: +3 per other confirmed flag of the person, at most +9.
  await sql`create function netra_history_bonus(confirmed_others integer) returns double precision
    language sql immutable as $$ select 3.0 * least(3, greatest(0, confirmed_others)) $$`.execute(db);
  await sql`create function netra_event_days(t timestamptz) returns double precision
    language sql immutable as $$ select extract(epoch from t)::double precision / 86400.0 $$`.execute(db);

  // Existing flags: fill everything once (before the triggers exist).
  await sql`update flags f set person_id = a.person_id from posts p join accounts a on a.id = p.account_id where p.id = f.post_id`.execute(
    db,
  );
  await sql`update flags f set event_at = coalesce((select posted_at from posts p where p.id = f.post_id), f.discovered_at)`.execute(db);
  await sql`alter table flags alter column event_at set not null`.execute(db);
  await sql`insert into person_flag_counts (person_id, confirmed)
    select person_id, count(*) from flags where status = 'confirmed' and person_id is not null group by person_id`.execute(db);
  await sql`update flags f set rank_base = f.priority + netra_history_bonus(coalesce((select confirmed from person_flag_counts c where c.person_id = f.person_id), 0) - (f.status = 'confirmed')::int)`.execute(
    db,
  );
  await sql`update flags set rank_recent = rank_base + netra_event_days(event_at)`.execute(db);

  // A new flag: its person, its event time and its rank keys.
  await sql`create function netra_flags_fill() returns trigger language plpgsql as $$
    declare others integer;
    begin
      if new.person_id is null or new.event_at is null then
        select a.person_id, coalesce(p.posted_at, new.discovered_at) into new.person_id, new.event_at
          from posts p left join accounts a on a.id = p.account_id where p.id = new.post_id;
        new.event_at := coalesce(new.event_at, new.discovered_at);
      end if;
      select coalesce((select confirmed from person_flag_counts where person_id = new.person_id), 0) into others;
      new.rank_base := new.priority + netra_history_bonus(others);
      new.rank_recent := new.rank_base + netra_event_days(new.event_at);
      return new;
    end $$`.execute(db);
  await sql`create trigger flags_fill before insert on flags for each row execute function netra_flags_fill()`.execute(db);

  // A changed flag (priority, status, person, time): its own rank keys.
  await sql`create function netra_flags_rekey() returns trigger language plpgsql as $$
    declare others integer;
    begin
      select coalesce((select confirmed from person_flag_counts where person_id = new.person_id), 0) into others;
      -- The counts still hold this flag's old state (the AFTER trigger moves them).
      if old.status = 'confirmed' and old.person_id is not distinct from new.person_id then others := others - 1; end if;
      new.event_at := coalesce(new.event_at, new.discovered_at);
      new.rank_base := new.priority + netra_history_bonus(others);
      new.rank_recent := new.rank_base + netra_event_days(new.event_at);
      return new;
    end $$`.execute(db);
  await sql`create trigger flags_rekey before update of priority, status, person_id, event_at on flags
    for each row execute function netra_flags_rekey()`.execute(db);

  // Move the person counts, then re-key those persons' flags: once per statement, set-based
  // (statement triggers with transition tables), so a bulk insert or update costs one pass.
  await sql`create function netra_person_confirmed_apply(pids integer[], deltas integer[]) returns void language plpgsql as $$
    begin
      if pids is null or cardinality(pids) = 0 then return; end if;
      insert into person_flag_counts (person_id, confirmed) select unnest(pids), 0 on conflict (person_id) do nothing;
      update person_flag_counts c set confirmed = greatest(0, c.confirmed + x.d)
        from unnest(pids, deltas) as x(pid, d) where c.person_id = x.pid;
      update flags f set rank_base = f.priority + netra_history_bonus(c.confirmed - (f.status = 'confirmed')::int),
                         rank_recent = f.priority + netra_history_bonus(c.confirmed - (f.status = 'confirmed')::int) + netra_event_days(f.event_at)
        from person_flag_counts c where c.person_id = f.person_id and c.person_id = any(pids);
    end $$`.execute(db);
  await sql`create function netra_flags_counts_insert() returns trigger language plpgsql as $$
    declare pids integer[]; deltas integer[];
    begin
      select array_agg(person_id), array_agg(n) into pids, deltas
        from (select person_id, count(*)::int as n from new_rows where status = 'confirmed' and person_id is not null group by person_id) x;
      perform netra_person_confirmed_apply(pids, deltas);
      return null;
    end $$`.execute(db);
  await sql`create function netra_flags_counts_update() returns trigger language plpgsql as $$
    declare pids integer[]; deltas integer[];
    begin
      select array_agg(person_id), array_agg(d) into pids, deltas from (
        select person_id, sum(d)::int as d from (
          select person_id, -1 as d from old_rows where status = 'confirmed' and person_id is not null
          union all
          select person_id, 1 as d from new_rows where status = 'confirmed' and person_id is not null
        ) y group by person_id having sum(d) <> 0) x;
      perform netra_person_confirmed_apply(pids, deltas);
      return null;
    end $$`.execute(db);
  await sql`create function netra_flags_counts_delete() returns trigger language plpgsql as $$
    declare pids integer[]; deltas integer[];
    begin
      select array_agg(person_id), array_agg(-n) into pids, deltas
        from (select person_id, count(*)::int as n from old_rows where status = 'confirmed' and person_id is not null group by person_id) x;
      perform netra_person_confirmed_apply(pids, deltas);
      return null;
    end $$`.execute(db);
  await sql`create trigger flags_counts_insert after insert on flags referencing new table as new_rows for each statement execute function netra_flags_counts_insert()`.execute(
    db,
  );
  await sql`create trigger flags_counts_update after update on flags referencing old table as old_rows new table as new_rows for each statement execute function netra_flags_counts_update()`.execute(
    db,
  );
  await sql`create trigger flags_counts_delete after delete on flags referencing old table as old_rows for each statement execute function netra_flags_counts_delete()`.execute(
    db,
  );

  // An account linked to another person, a post moved to another account or re-dated.
  await sql`create function netra_accounts_person_moved() returns trigger language plpgsql as $$
    begin
      update flags set person_id = new.person_id where post_id in (select id from posts where account_id = new.id);
      return null;
    end $$`.execute(db);
  await sql`create trigger accounts_person_moved after update of person_id on accounts for each row
    when (old.person_id is distinct from new.person_id) execute function netra_accounts_person_moved()`.execute(db);
  await sql`create function netra_posts_moved() returns trigger language plpgsql as $$
    begin
      update flags set person_id = (select person_id from accounts where id = new.account_id),
                       event_at = coalesce(new.posted_at, discovered_at)
        where post_id = new.id;
      return null;
    end $$`.execute(db);
  await sql`create trigger posts_moved after update of account_id, posted_at on posts for each row
    when (old.account_id is distinct from new.account_id or old.posted_at is distinct from new.posted_at) execute function netra_posts_moved()`.execute(
    db,
  );

  // The undecided flags (the queues), in both rank orders, by post time and by deadline.
  const undecided = sql`status in ('open', 'claimed', 'escalated')`;
  await sql`create index flags_rank_base_idx on flags (rank_base desc, id) where ${undecided}`.execute(db);
  await sql`create index flags_rank_recent_idx on flags (rank_recent desc, id) where ${undecided}`.execute(db);
  await sql`create index flags_event_idx on flags (event_at, id) where ${undecided}`.execute(db);
  await sql`create index flags_discovered_idx on flags (discovered_at, id) where ${undecided}`.execute(db);
  await sql`create index flags_person_idx on flags (person_id)`.execute(db);
  await sql`create index flags_assignee_idx on flags (assignee) where status = 'claimed'`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['flags_fill', 'flags_rekey', 'flags_counts_insert', 'flags_counts_update', 'flags_counts_delete'])
    await sql`drop trigger if exists ${sql.raw(t)} on flags`.execute(db);
  await sql`drop trigger if exists accounts_person_moved on accounts`.execute(db);
  await sql`drop trigger if exists posts_moved on posts`.execute(db);
  for (const f of [
    'netra_flags_fill()',
    'netra_flags_rekey()',
    'netra_flags_counts_insert()',
    'netra_flags_counts_update()',
    'netra_flags_counts_delete()',
    'netra_person_confirmed_apply(integer[], integer[])',
    'netra_accounts_person_moved()',
    'netra_posts_moved()',
    'netra_history_bonus(integer)',
    'netra_event_days(timestamptz)',
  ])
    await sql`drop function if exists ${sql.raw(f)}`.execute(db);
  for (const i of [
    'flags_rank_base_idx',
    'flags_rank_recent_idx',
    'flags_event_idx',
    'flags_discovered_idx',
    'flags_person_idx',
    'flags_assignee_idx',
  ])
    await db.schema.dropIndex(i).ifExists().execute();
  await db.schema
    .alterTable('flags')
    .dropColumn('person_id')
    .dropColumn('event_at')
    .dropColumn('rank_base')
    .dropColumn('rank_recent')
    .execute();
  await db.schema.dropTable('person_flag_counts').ifExists().execute();
}
