import { listFlagEngagements, type EngagementView } from './engagements.repository.ts';
import { flagHandleSql, flagPlatformSql, flagPostedAtSql, flagTextSql } from './engagement-flag.sql.ts';
import type { AuditEntry, Evidence, Flag, ImageTextTable, PostVersion } from '../db/schema.ts';
import type { Selectable } from 'kysely';
import type { EvidenceSpan, LabelFinding } from '../domain/classification.ts';
import { auditHistory } from './audit.repository.ts';
import { type Db } from '../db/handle.ts';
import { listDecisions, listNotes, type DecisionView } from './decisions.repository.ts';
import { sharedPostOfRow, type StoredSharedPost } from './shared-post.row.ts';
import type { PersonAccount } from './person-detail.repository.ts';

/** Everything the flag page and the case report show about one flag. */
export interface FlagDetail {
  flag: Flag;
  /** The flagged post; null for an engagement flag, whose items are in `engagements` (0907). */
  post: {
    id: number;
    platform: string;
    externalId: string;
    handle: string;
    url: string | null;
    kind: string;
    text: string;
    postedAt: Date | null;
    collectedAt: Date;
    deletedAt: Date | null;
    currentVersion: number;
    contentSha256: string;
    /** The post this one quotes or reposts: context, never the account's own words. (0801) */
    shared: StoredSharedPost | null;
  } | null;
  /** Null for an engagement flag. */
  classification: {
    id: number;
    postVersion: number;
    scores: Record<string, number>;
    evidence: EvidenceSpan[];
    findings: LabelFinding[];
    nlpVersion: string;
    lexiconVersion: string;
    modelVersions: Record<string, string>;
    classifiedAt: Date;
  } | null;
  /** An engagement flag's items: each civil servant's action beside the campaign post it touches (0907). */
  engagements: EngagementView[];
  /** The post's account and how it was linked to the person (the person page's account, less platform, tags and state). */
  account: Pick<
    PersonAccount,
    | 'id'
    | 'handle'
    | 'profileUrl'
    | 'platformAccountId'
    | 'linkSource'
    | 'linkConfidence'
    | 'linkEstablishedBy'
    | 'linkEstablishedAt'
    | 'linkEvidenceUrl'
  > | null;
  person: {
    id: number;
    name: string;
    nip: string | null;
    position: string | null;
    region: string | null;
    province: string | null;
    employmentType: string | null;
    agency: string;
  } | null;
  evidence: Evidence[];
  /** Text OCR read from the post's images (current version): never the account's own words. (0920) */
  imageTexts: Selectable<ImageTextTable>[];
  postVersions: PostVersion[];
  otherFlags: { id: number; labels: string[]; status: string; postedAt: Date | null; text: string; handle: string; platform: string }[];
  decisions: DecisionView[];
  notes: Awaited<ReturnType<typeof listNotes>>;
  audit: AuditEntry[];
}

export async function getFlagDetail(db: Db, flagId: number): Promise<FlagDetail | undefined> {
  const flag = await db.selectFrom('flags').selectAll().where('id', '=', flagId).executeTakeFirst();
  if (!flag) return undefined;
  const post =
    flag.post_id === null ? undefined : await db.selectFrom('posts').selectAll().where('id', '=', flag.post_id).executeTakeFirstOrThrow();
  const cls =
    flag.classification_id === null
      ? undefined
      : await db.selectFrom('classifications').selectAll().where('id', '=', flag.classification_id).executeTakeFirstOrThrow();
  const engagements = flag.kind === 'engagement' ? await listFlagEngagements(db, flag.id) : [];
  // A post flag's account is its post's; an engagement flag's, its first item's.
  const accountId = post ? post.account_id : (engagements[0]?.account.id ?? null);
  const acc = accountId ? await db.selectFrom('accounts').selectAll().where('id', '=', accountId).executeTakeFirst() : undefined;
  // The posts behind the flag: its post, or its items' posts (their evidence and versions).
  const postIds = post ? [post.id] : engagements.flatMap((e) => (e.post ? [e.post.id] : []));
  const per = acc
    ? await db
        .selectFrom('persons as pe')
        .innerJoin('agencies as g', 'g.id', 'pe.agency_id')
        .selectAll('pe')
        .select('g.name as agency')
        .where('pe.id', '=', acc.person_id)
        .executeTakeFirst()
    : undefined;
  const evidence = await db
    .selectFrom('evidence')
    .selectAll()
    .where('post_id', 'in', postIds.length > 0 ? postIds : [-1])
    .orderBy('captured_at')
    .orderBy('id')
    .execute();
  // A post flag's image texts (OCR) of its current version; an engagement flag has none of its own.
  const imageTexts = post
    ? await db
        .selectFrom('image_texts')
        .selectAll()
        .where('post_id', '=', post.id)
        .where('post_version', '=', post.current_version)
        .orderBy('id')
        .execute()
    : [];
  const postVersions = await db
    .selectFrom('post_versions')
    .selectAll()
    .where('post_id', 'in', postIds.length > 0 ? postIds : [-1])
    .orderBy('post_id')
    .orderBy('version')
    .execute();
  const otherFlags = per
    ? await db
        .selectFrom('flags as f')
        .leftJoin('posts as p', 'p.id', 'f.post_id')
        .select([
          'f.id',
          'f.labels',
          'f.status',
          flagPostedAtSql.as('postedAt'),
          flagTextSql.as('text'),
          flagHandleSql.as('handle'),
          flagPlatformSql.as('platform'),
        ])
        .where('f.person_id', '=', per.id)
        .where('f.id', '<>', flag.id)
        .orderBy(flagPostedAtSql, 'desc')
        .limit(50)
        .execute()
    : [];
  return {
    flag,
    post: post
      ? {
          id: post.id,
          platform: post.platform,
          externalId: post.external_id,
          handle: post.handle,
          url: post.url,
          kind: post.kind,
          text: post.text,
          postedAt: post.posted_at,
          collectedAt: post.collected_at,
          deletedAt: post.deleted_at,
          currentVersion: post.current_version,
          contentSha256: post.content_sha256,
          shared: sharedPostOfRow(post),
        }
      : null,
    classification: cls
      ? {
          id: cls.id,
          postVersion: cls.post_version,
          scores: cls.scores,
          evidence: cls.evidence as EvidenceSpan[],
          findings: cls.findings as LabelFinding[],
          nlpVersion: cls.nlp_version,
          lexiconVersion: cls.lexicon_version,
          modelVersions: cls.model_versions,
          classifiedAt: cls.created_at,
        }
      : null,
    engagements,
    account: acc
      ? {
          id: acc.id,
          handle: acc.handle,
          profileUrl: acc.profile_url,
          platformAccountId: acc.platform_account_id,
          linkSource: acc.link_source,
          linkConfidence: acc.link_confidence,
          linkEstablishedBy: acc.link_established_by,
          linkEstablishedAt: acc.link_established_at,
          linkEvidenceUrl: acc.link_evidence_url,
        }
      : null,
    person: per
      ? {
          id: per.id,
          name: per.name,
          nip: per.nip,
          position: per.position,
          region: per.region,
          province: per.province,
          employmentType: per.employment_type,
          agency: per.agency,
        }
      : null,
    evidence,
    imageTexts,
    postVersions,
    otherFlags,
    decisions: await listDecisions(db, flag.id),
    notes: await listNotes(db, flag.id),
    audit: await auditHistory(db, 'flag', flag.id),
  };
}

export async function getEvidence(db: Db, id: number): Promise<Evidence | undefined> {
  return db.selectFrom('evidence').selectAll().where('id', '=', id).executeTakeFirst();
}
