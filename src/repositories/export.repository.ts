import { sql } from 'kysely';
import type { FlagStatus } from '../domain/statuses.ts';
import type { Judgement } from '../domain/human-labels.ts';
import type { Db } from '../db/handle.ts';

/** Which posts a research export takes. Every field narrows; an empty filter takes every classified post. */
export interface ExportFilter {
  /** First day, `YYYY-MM-DD` in WIB (post time). */
  from?: string;
  /** Last day, inclusive, `YYYY-MM-DD` in WIB. */
  to?: string;
  /** Any of these labels: predicted by the model, on the flag, or given by a person. */
  labels?: string[];
  /** Flag statuses; `unflagged` takes posts without a flag. */
  statuses?: (FlagStatus | 'unflagged')[];
  /** Agency names (case-insensitive). */
  agencies?: string[];
  platforms?: string[];
  /** Only posts a person decided on (a confirmed or dismissed flag, or an imported annotation). */
  reviewedOnly?: boolean;
  /** Take deleted posts too (admin only, with a purpose; checked by the caller). */
  includeDeleted?: boolean;
}

/** One post as the export reads it, before pseudonymisation and redaction. */
export interface ExportSourceRow {
  postId: number;
  platform: string;
  externalId: string;
  text: string;
  postedAt: Date | null;
  deletedAt: Date | null;
  accountId: number | null;
  personId: number | null;
  /** The person's stable registry key (`nip:...` or `name:...@agency`): what picks the split. */
  personKey: string | null;
  province: string | null;
  flagId: number | null;
  flagStatus: FlagStatus | null;
  /** The flag's labels now (after any correction). */
  flagLabels: string[] | null;
  /** The labels the classifier raised the flag with (before any correction). */
  flagModelLabels: string[] | null;
  scores: Record<string, number>;
  modelLabels: string[];
  classifierKey: string;
  nlpVersion: string;
  lexiconVersion: string;
  modelVersions: Record<string, string>;
}

const WIB = '+07:00';

const nextDay = (d: string) => {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + 1);
  return t.toISOString().slice(0, 10);
};

/**
 * The posts an export takes, each with the newest classification of its current version, its
 * flag (if any) and the province of the person behind the account. Paged by post id.
 */
export async function exportSourceRows(db: Db, f: ExportFilter, page: { afterId: number; limit: number }): Promise<ExportSourceRow[]> {
  const latest = db
    .selectFrom('classifications as c')
    .innerJoin('posts as pp', (j) => j.onRef('pp.id', '=', 'c.post_id').onRef('pp.current_version', '=', 'c.post_version'))
    .distinctOn('c.post_id')
    .select(['c.id', 'c.post_id', 'c.scores', 'c.flags', 'c.classifier_key', 'c.nlp_version', 'c.lexicon_version', 'c.model_versions'])
    .orderBy('c.post_id')
    .orderBy('c.id', 'desc')
    .as('lc');
  let q = db
    .selectFrom('posts as p')
    .innerJoin(latest, 'lc.post_id', 'p.id')
    .leftJoin('flags as f', 'f.post_id', 'p.id')
    .leftJoin('classifications as fc', 'fc.id', 'f.classification_id')
    .leftJoin('accounts as a', 'a.id', 'p.account_id')
    .leftJoin('persons as pe', 'pe.id', 'a.person_id')
    .leftJoin('agencies as g', 'g.id', 'pe.agency_id')
    .select([
      'p.id as postId',
      'p.platform',
      'p.external_id as externalId',
      'p.text',
      'p.posted_at as postedAt',
      'p.deleted_at as deletedAt',
      'p.account_id as accountId',
      'a.person_id as personId',
      'pe.person_key as personKey',
      'pe.province',
      'f.id as flagId',
      'f.status as flagStatus',
      'f.labels as flagLabels',
      'fc.flags as flagModelLabels',
      'lc.scores',
      'lc.flags as modelLabels',
      'lc.classifier_key as classifierKey',
      'lc.nlp_version as nlpVersion',
      'lc.lexicon_version as lexiconVersion',
      'lc.model_versions as modelVersions',
    ])
    .where('p.id', '>', page.afterId);
  if (!f.includeDeleted) q = q.where('p.deleted_at', 'is', null);
  if (f.from) q = q.where('p.posted_at', '>=', new Date(`${f.from}T00:00:00${WIB}`));
  if (f.to) q = q.where('p.posted_at', '<', new Date(`${nextDay(f.to)}T00:00:00${WIB}`));
  if (f.platforms?.length) q = q.where('p.platform', 'in', f.platforms);
  if (f.agencies?.length) q = q.where(sql<boolean>`lower(g.name) in (${sql.join(f.agencies.map((a) => a.toLowerCase()))})`);
  if (f.statuses?.length) {
    const real = f.statuses.filter((s): s is FlagStatus => s !== 'unflagged');
    const unflagged = f.statuses.includes('unflagged');
    q = q.where((eb) => eb.or([...(real.length ? [eb('f.status', 'in', real)] : []), ...(unflagged ? [eb('f.id', 'is', null)] : [])]));
  }
  if (f.labels?.length) {
    const labels = sql.val(f.labels);
    q = q.where(
      sql<boolean>`(lc.flags ?| ${labels}::text[] or coalesce(f.labels ?| ${labels}::text[], false)
        or exists (select 1 from flag_decisions fd where fd.flag_id = f.id and fd.corrected_labels ?| ${labels}::text[])
        or exists (select 1 from post_annotations pa where pa.post_id = p.id and pa.labels ?| ${labels}::text[]))`,
    );
  }
  if (f.reviewedOnly) {
    // Settled, or judged by someone (a flag escalated after a disagreement keeps its first decision).
    q = q.where(
      sql<boolean>`(f.status in ('confirmed', 'dismissed')
        or exists (select 1 from flag_decisions fd where fd.flag_id = f.id and fd.decision in ('confirm', 'dismiss'))
        or exists (select 1 from post_annotations pa where pa.post_id = p.id))`,
    );
  }
  const rows = await q.orderBy('p.id').limit(page.limit).execute();
  return rows.map((r) => ({
    ...r,
    flagStatus: r.flagStatus ?? null,
    flagLabels: r.flagLabels ?? null,
    flagModelLabels: r.flagModelLabels ?? null,
  }));
}

/** Everything the registry knows that identifies a person: redacted from exported text. */
export async function registryIdentifiers(
  db: Db,
): Promise<{ names: string[]; handles: string[]; ids: string[]; workplaces: string[]; positions: string[] }> {
  const persons = await db.selectFrom('persons').select(['name', 'nip', 'position']).execute();
  const agencies = await db.selectFrom('agencies').select('name').execute();
  const accounts = await db.selectFrom('accounts').select(['handle', 'platform_account_id']).execute();
  const postHandles = await db.selectFrom('posts').select('handle').distinct().execute();
  return {
    names: persons.map((p) => p.name),
    handles: [...accounts.map((a) => a.handle), ...postHandles.map((p) => p.handle)],
    ids: [
      ...persons.flatMap((p) => (p.nip ? [p.nip] : [])),
      ...accounts.flatMap((a) => (a.platform_account_id ? [a.platform_account_id] : [])),
    ],
    workplaces: agencies.map((a) => a.name),
    positions: [...new Set(persons.flatMap((p) => (p.position ? [p.position] : [])))],
  };
}

export interface AnnotationRow {
  postId: number;
  labels: string[];
  provenance: string;
  annotator: string;
  annotatedAt: Date | null;
  importedAt: Date;
}

/** Imported annotations (Label Studio) of these posts. */
export async function annotationsOf(db: Db, postIds: readonly number[]): Promise<AnnotationRow[]> {
  if (postIds.length === 0) return [];
  return db
    .selectFrom('post_annotations')
    .select(['post_id as postId', 'labels', 'provenance', 'annotator', 'annotated_at as annotatedAt', 'imported_at as importedAt'])
    .where('post_id', 'in', [...postIds])
    .orderBy('id')
    .execute();
}

/** Review decisions of these flags, as judgements (`who` is `user:<id>`, pseudonymised on export). */
export async function decisionsOf(db: Db, flagIds: readonly number[]): Promise<Map<number, Judgement[]>> {
  const out = new Map<number, Judgement[]>();
  for (let i = 0; i < flagIds.length; i += 1000) {
    const chunk = flagIds.slice(i, i + 1000);
    if (chunk.length === 0) continue;
    const rows = await db
      .selectFrom('flag_decisions')
      .select(['flag_id', 'round', 'decision', 'corrected_labels', 'decided_by', 'decided_at', 'dismiss_reason'])
      .where('flag_id', 'in', [...chunk])
      .orderBy('id')
      .execute();
    for (const r of rows) {
      const list = out.get(r.flag_id) ?? [];
      list.push({
        source: 'review',
        who: `user:${r.decided_by}`,
        round: r.round,
        decision: r.decision,
        labels: r.corrected_labels,
        at: r.decided_at,
        dismissReason: r.dismiss_reason,
      });
      out.set(r.flag_id, list);
    }
  }
  return out;
}
