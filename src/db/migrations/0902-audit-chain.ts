import { sql, type Kysely } from 'kysely';
import { CHAIN_GENESIS } from '../../domain/hash-chain.ts';

/**
 * Issue 13: history that cannot be rewritten unnoticed.
 *
 * - The audit log becomes a hash chain: every entry gets a sequence number (`seq`, 1, 2, ...
 *   without gaps), the hash of the entry before it (`prev_hash`) and its own hash (`hash`,
 *   SHA-256 over its fields and `prev_hash`), all computed by the database in a BEFORE INSERT
 *   trigger that whatever the app sends cannot skip. `audit_chain_head` holds the last seq and
 *   hash; its row lock orders concurrent writers. `netra audit verify` recomputes the chain
 *   outside the database (exit 1 on any break), so an edited, deleted or inserted entry shows.
 * - `flag_decisions` becomes append-only like the audit log (UPDATE, DELETE, TRUNCATE refused).
 *
 * The hashed payload is `|`-joined fields, each `<UTF-8 byte length>:<text>` or `-` for null:
 * seq, prev_hash, at (UTC, microseconds, `YYYY-MM-DDTHH:MI:SS.USZ`), actor, action,
 * entity_type, entity_id, before, after, context (jsonb as PostgreSQL prints it).
 * Existing entries are chained in id order once, here.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table audit_log add column seq bigint, add column prev_hash text, add column hash text`.execute(db);
  await sql`create table audit_chain_head (
      one boolean primary key default true check (one),
      seq bigint not null,
      hash text not null
    )`.execute(db);

  await sql`create function netra_audit_field(v text) returns text language sql immutable as $$
    select case when v is null then '-' else octet_length(v)::text || ':' || v end $$`.execute(db);
  await sql`create function netra_audit_hash(seq bigint, prev text, at timestamptz, actor text, action text, etype text, eid text, b jsonb, a jsonb, c jsonb)
    returns text language sql stable as $$
    select encode(sha256(convert_to(concat_ws('|',
      netra_audit_field(seq::text), netra_audit_field(prev),
      netra_audit_field(to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')),
      netra_audit_field(actor), netra_audit_field(action), netra_audit_field(etype), netra_audit_field(eid),
      netra_audit_field(b::text), netra_audit_field(a::text), netra_audit_field(c::text)), 'UTF8')), 'hex') $$`.execute(db);

  // Chain what is there, in id order (the append-only trigger is the owner's to lift, here only).
  await sql`alter table audit_log disable trigger audit_log_append_only`.execute(db);
  await sql`do $$
    declare r record; prev text := ${sql.lit(CHAIN_GENESIS)}; n bigint := 0; h text;
    begin
      for r in select * from audit_log order by id loop
        n := n + 1;
        h := netra_audit_hash(n, prev, r.at, r.actor, r.action, r.entity_type, r.entity_id, r.before, r.after, r.context);
        update audit_log set seq = n, prev_hash = prev, hash = h where id = r.id;
        prev := h;
      end loop;
      insert into audit_chain_head (one, seq, hash) values (true, n, prev);
    end $$`.execute(db);
  await sql`alter table audit_log enable trigger audit_log_append_only`.execute(db);
  await sql`alter table audit_log alter column seq set not null, alter column prev_hash set not null, alter column hash set not null`.execute(
    db,
  );
  await sql`create unique index audit_log_seq_key on audit_log (seq)`.execute(db);

  await sql`create function netra_audit_chain() returns trigger language plpgsql as $$
    declare h record;
    begin
      -- The head row's lock makes writers take turns: one chain, no forks.
      select seq, hash into h from audit_chain_head where one for update;
      new.at := coalesce(new.at, now());
      new.seq := h.seq + 1;
      new.prev_hash := h.hash;
      new.hash := netra_audit_hash(new.seq, new.prev_hash, new.at, new.actor, new.action, new.entity_type, new.entity_id, new.before, new.after, new.context);
      update audit_chain_head set seq = new.seq, hash = new.hash where one;
      return new;
    end $$`.execute(db);
  await sql`create trigger audit_log_chain before insert on audit_log for each row execute function netra_audit_chain()`.execute(db);

  // Decisions: append-only by construction too.
  await sql`create function netra_append_only() returns trigger language plpgsql as $$
    begin raise exception '% is append-only (% refused)', tg_table_name, tg_op; end $$`.execute(db);
  await sql`create trigger flag_decisions_append_only before update or delete on flag_decisions for each row execute function netra_append_only()`.execute(
    db,
  );
  await sql`create trigger flag_decisions_no_truncate before truncate on flag_decisions for each statement execute function netra_append_only()`.execute(
    db,
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists flag_decisions_append_only on flag_decisions`.execute(db);
  await sql`drop trigger if exists flag_decisions_no_truncate on flag_decisions`.execute(db);
  await sql`drop trigger if exists audit_log_chain on audit_log`.execute(db);
  await sql`drop function if exists netra_append_only()`.execute(db);
  await sql`drop function if exists netra_audit_chain()`.execute(db);
  await sql`drop index if exists audit_log_seq_key`.execute(db);
  await sql`drop table if exists audit_chain_head`.execute(db);
  await sql`alter table audit_log drop column seq, drop column prev_hash, drop column hash`.execute(db);
  await sql`drop function if exists netra_audit_hash(bigint, text, timestamptz, text, text, text, text, jsonb, jsonb, jsonb)`.execute(db);
  await sql`drop function if exists netra_audit_field(text)`.execute(db);
}
