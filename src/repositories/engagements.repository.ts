import { sql } from 'kysely';
import type { Db } from '../db/handle.ts';
import type { Engagement } from '../db/schema.ts';
import { engagementKey, engagementPriority, type EngagementKind } from '../domain/engagement.ts';
import { PHASE_GRAVITY, type ElectionPhase } from '../domain/election-phase.ts';
import { appendAudit } from './audit.repository.ts';

/** An engagement as detected, before storage. */
export interface EngagementInput {
  kind: EngagementKind;
  accountId: number;
  personId: number | null;
  postId: number | null;
  campaignAccountId: number;
  targetExternalId: string | null;
  targetUrl: string | null;
  targetAuthorHandle: string;
  targetText: string | null;
  source: string;
  observedAt: Date;
  phase: ElectionPhase | null;
  detail?: Record<string, unknown>;
}

/** Store engagements once (by key); returns the ones that are new. */
export async function storeEngagements(db: Db, list: readonly EngagementInput[]): Promise<Engagement[]> {
  if (list.length === 0) return [];
  return db
    .insertInto('engagements')
    .values(
      list.map((e) => ({
        engagement_key: engagementKey(e),
        kind: e.kind,
        account_id: e.accountId,
        person_id: e.personId,
        post_id: e.postId,
        campaign_account_id: e.campaignAccountId,
        target_external_id: e.targetExternalId,
        target_url: e.targetUrl,
        target_author_handle: e.targetAuthorHandle,
        target_text: e.targetText,
        source: e.source,
        observed_at: e.observedAt,
        detail: JSON.stringify({ ...e.detail, phase: e.phase }),
      })),
    )
    .onConflict((oc) => oc.column('engagement_key').doNothing())
    .returningAll()
    .execute();
}

const UNDECIDED = ['open', 'claimed', 'escalated'] as const;
const gravest = (phases: (ElectionPhase | null)[]) =>
  phases.reduce<ElectionPhase | null>((g, p) => (p && (!g || PHASE_GRAVITY[p] > PHASE_GRAVITY[g]) ? p : g), null);

/**
 * Raise new engagements as `partisan` flags of kind `engagement`, one per person: they join the
 * person's undecided engagement flag (its priority rises with the count), or start a new one
 * when the person has none (a decided flag is never reopened by a machine). Audited with ids
 * and counts only. Engagements of an account without a person are stored but not flagged.
 */
export async function raiseEngagementFlags(
  db: Db,
  engagements: readonly Engagement[],
  actor: string,
  now = new Date(),
): Promise<{ created: number; updated: number; flagIds: number[] }> {
  const byPerson = new Map<number, Engagement[]>();
  for (const e of engagements) if (e.person_id !== null) byPerson.set(e.person_id, [...(byPerson.get(e.person_id) ?? []), e]);
  const out = { created: 0, updated: 0, flagIds: [] as number[] };
  for (const [personId, items] of byPerson) {
    const ids = items.map((e) => e.id);
    const open = await db
      .selectFrom('flags')
      .selectAll()
      .where('kind', '=', 'engagement')
      .where('person_id', '=', personId)
      .where('status', 'in', [...UNDECIDED])
      .orderBy('id', 'desc')
      .executeTakeFirst();
    const earlier = open
      ? await db.selectFrom('engagements').select(['observed_at', 'detail']).where('flag_id', '=', open.id).execute()
      : [];
    const all = [...earlier, ...items];
    const phase = gravest(all.map((e) => (e.detail.phase as ElectionPhase | null | undefined) ?? null));
    const priority = engagementPriority(all.length, phase);
    const eventAt = new Date(Math.max(...all.map((e) => e.observed_at.getTime())));
    let flagId: number;
    if (open) {
      flagId = open.id;
      await db
        .updateTable('flags')
        .set({ priority, election_phase: phase, event_at: eventAt, updated_at: now, version: sql`version + 1` })
        .where('id', '=', open.id)
        .execute();
      out.updated++;
    } else {
      const row = await db
        .insertInto('flags')
        .values({
          kind: 'engagement',
          post_id: null,
          classification_id: null,
          person_id: personId,
          labels: JSON.stringify(['partisan']),
          max_score: 1,
          priority,
          status: 'open',
          election_phase: phase,
          discovered_at: now,
          event_at: eventAt,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      flagId = row.id;
      out.created++;
    }
    await db.updateTable('engagements').set({ flag_id: flagId }).where('id', 'in', ids).execute();
    await appendAudit(db, {
      actor,
      action: open ? 'flag.engagements_added' : 'flag.created',
      entityType: 'flag',
      entityId: flagId,
      after: { kind: 'engagement', person_id: personId, engagement_ids: ids, items: all.length, priority, election_phase: phase },
    });
    out.flagIds.push(flagId);
  }
  return out;
}

/** One engagement as the flag page and the person page show it: the action beside the campaign post. */
export interface EngagementView {
  id: number;
  kind: EngagementKind;
  observedAt: Date;
  source: string;
  flagId: number | null;
  flagStatus: string | null;
  account: { id: number; platform: string; handle: string };
  /** The civil servant's own post (absent for a follow or a like). */
  post: { id: number; url: string | null; text: string; kind: string; postedAt: Date | null } | null;
  campaign: {
    id: number;
    contest: string;
    ownerKind: string;
    ownerName: string;
    ownerRef: string | null;
    handle: string | null;
    source: string;
  };
  target: { externalId: string | null; url: string | null; authorHandle: string; text: string | null };
  detail: Record<string, unknown>;
}

function engagementQuery(db: Db) {
  return db
    .selectFrom('engagements as e')
    .innerJoin('accounts as a', 'a.id', 'e.account_id')
    .innerJoin('campaign_accounts as ca', 'ca.id', 'e.campaign_account_id')
    .leftJoin('posts as p', 'p.id', 'e.post_id')
    .leftJoin('flags as f', 'f.id', 'e.flag_id')
    .select([
      'e.id',
      'e.kind',
      'e.observed_at',
      'e.source',
      'e.flag_id',
      'f.status as flag_status',
      'e.detail',
      'e.target_external_id',
      'e.target_url',
      'e.target_author_handle',
      'e.target_text',
      'a.id as account_id',
      'a.platform',
      'a.handle',
      'p.id as post_id',
      'p.url as post_url',
      'p.text as post_text',
      'p.kind as post_kind',
      'p.posted_at',
      'ca.id as ca_id',
      'ca.contest',
      'ca.owner_kind',
      'ca.owner_name',
      'ca.owner_ref',
      'ca.handle as ca_handle',
      'ca.source as ca_source',
    ]);
}

type EngagementRow = Awaited<ReturnType<ReturnType<typeof engagementQuery>['execute']>>[number];

const toView = (r: EngagementRow): EngagementView => ({
  id: r.id,
  kind: r.kind,
  observedAt: r.observed_at,
  source: r.source,
  flagId: r.flag_id,
  flagStatus: r.flag_status,
  account: { id: r.account_id, platform: r.platform, handle: r.handle },
  post:
    r.post_id === null
      ? null
      : { id: r.post_id, url: r.post_url, text: r.post_text ?? '', kind: r.post_kind ?? 'post', postedAt: r.posted_at },
  campaign: {
    id: r.ca_id,
    contest: r.contest,
    ownerKind: r.owner_kind,
    ownerName: r.owner_name,
    ownerRef: r.owner_ref,
    handle: r.ca_handle,
    source: r.ca_source,
  },
  target: { externalId: r.target_external_id, url: r.target_url, authorHandle: r.target_author_handle, text: r.target_text },
  detail: r.detail,
});

/** The items of an engagement flag, oldest first. */
export async function listFlagEngagements(db: Db, flagId: number): Promise<EngagementView[]> {
  return (await engagementQuery(db).where('e.flag_id', '=', flagId).orderBy('e.observed_at').orderBy('e.id').execute()).map(toView);
}

/** A person's engagements with campaign accounts over time (oldest first), with the flag each joined. */
export async function listPersonEngagements(db: Db, personId: number): Promise<EngagementView[]> {
  return (await engagementQuery(db).where('e.person_id', '=', personId).orderBy('e.observed_at').orderBy('e.id').execute()).map(toView);
}

/** A page of a person's engagements, newest first, and how many there are. */
export async function personEngagementsPage(
  db: Db,
  personId: number,
  page: { limit: number; offset: number },
): Promise<{ total: number; items: EngagementView[] }> {
  const { n } = await db
    .selectFrom('engagements')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('person_id', '=', personId)
    .executeTakeFirstOrThrow();
  const rows = await engagementQuery(db)
    .where('e.person_id', '=', personId)
    .orderBy('e.observed_at', 'desc')
    .orderBy('e.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return { total: Number(n), items: rows.map(toView) };
}

/** The posts behind flags: a post flag's post, an engagement flag's items' posts. */
export async function flaggedPostIds(db: Db, flagIds: readonly number[]): Promise<number[]> {
  if (flagIds.length === 0) return [];
  const direct = await db
    .selectFrom('flags')
    .select('post_id')
    .where('id', 'in', [...flagIds])
    .where('post_id', 'is not', null)
    .execute();
  const items = await db
    .selectFrom('engagements')
    .select('post_id')
    .where('flag_id', 'in', [...flagIds])
    .where('post_id', 'is not', null)
    .execute();
  return [...new Set([...direct, ...items].map((r) => r.post_id!))];
}

/** The accounts whose actions an engagement flag gathers. */
export async function engagementAccounts(db: Db, flagId: number): Promise<{ accountId: number }[]> {
  const rows = await db
    .selectFrom('engagements')
    .select('account_id')
    .distinct()
    .where('flag_id', '=', flagId)
    .orderBy('account_id')
    .execute();
  return rows.map((r) => ({ accountId: r.account_id }));
}
