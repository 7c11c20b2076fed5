import { sql, type Kysely } from 'kysely';

/**
 * Issue 13, the analysts' workflow and tools:
 * - a supervisor may `reopen` a decided (or escalated) flag, sending it back to the queue, or
 *   `withdraw` it (status `withdrawn`: out of the process, never reported, not training data),
 *   both with a reason; they are decisions (append-only, round 1) like the others;
 * - search: the post text of every flag as a `simple` text-search vector (kept by the
 *   database), and post handles indexed.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table flag_decisions drop constraint flag_decisions_decision_check`.execute(db);
  await sql`alter table flag_decisions add constraint flag_decisions_decision_check
    check (decision in ('confirm', 'dismiss', 'escalate', 'correct', 'reopen', 'withdraw'))`.execute(db);
  await sql`alter table flag_decisions add constraint flag_decisions_reopen_reason
    check (decision not in ('reopen', 'withdraw') or length(trim(coalesce(note, ''))) > 0)`.execute(db);
  await sql`alter table flags drop constraint flags_status_check`.execute(db);
  await sql`alter table flags add constraint flags_status_check
    check (status in ('open', 'claimed', 'escalated', 'confirmed', 'dismissed', 'withdrawn'))`.execute(db);

  await sql`alter table flags add column search tsvector`.execute(db);
  await sql`update flags f set search = to_tsvector('simple', p.text) from posts p where p.id = f.post_id`.execute(db);
  await sql`create index flags_search_idx on flags using gin (search)`.execute(db);
  await sql`create index posts_handle_idx on posts (handle)`.execute(db);
  await sql`create function netra_flags_search_fill() returns trigger language plpgsql as $$
    begin
      new.search := to_tsvector('simple', coalesce((select text from posts where id = new.post_id), ''));
      return new;
    end $$`.execute(db);
  await sql`create trigger flags_search_fill before insert on flags for each row execute function netra_flags_search_fill()`.execute(db);
  await sql`create function netra_posts_text_changed() returns trigger language plpgsql as $$
    begin
      update flags set search = to_tsvector('simple', new.text) where post_id = new.id;
      return null;
    end $$`.execute(db);
  await sql`create trigger posts_text_changed after update of text on posts for each row
    when (old.text is distinct from new.text) execute function netra_posts_text_changed()`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists posts_text_changed on posts`.execute(db);
  await sql`drop trigger if exists flags_search_fill on flags`.execute(db);
  await sql`drop function if exists netra_posts_text_changed()`.execute(db);
  await sql`drop function if exists netra_flags_search_fill()`.execute(db);
  await sql`drop index if exists posts_handle_idx`.execute(db);
  await sql`alter table flags drop column search`.execute(db);
  await sql`alter table flags drop constraint flags_status_check`.execute(db);
  await sql`alter table flags add constraint flags_status_check check (status in ('open', 'claimed', 'escalated', 'confirmed', 'dismissed'))`.execute(
    db,
  );
  await sql`alter table flag_decisions drop constraint flag_decisions_reopen_reason`.execute(db);
  await sql`alter table flag_decisions drop constraint flag_decisions_decision_check`.execute(db);
  await sql`alter table flag_decisions add constraint flag_decisions_decision_check check (decision in ('confirm', 'dismiss', 'escalate', 'correct'))`.execute(
    db,
  );
}
