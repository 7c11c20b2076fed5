import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { DecisionKind } from '../domain/decisions.ts';
import type { UserRole } from '../domain/roles.ts';
import type { FlagStatus, ScanPhase, ScanStatus } from '../domain/statuses.ts';

/** A jsonb column: selected as T, written as a JSON string (pg would turn JS arrays into PG arrays). */
export type Json<T> = ColumnType<T, string, string>;
/** A jsonb column with a database default: optional on insert. */
export type JsonWithDefault<T> = ColumnType<T, string | undefined, string>;
/** A timestamptz column with a database default. */
export type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamptz column with a database default that updates may set. */
export type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;

export interface AgencyTable {
  id: Generated<number>;
  name: string;
  created_at: CreatedAt;
}

/** An ASN identity: the person an account is believed to belong to. */
export interface PersonTable {
  id: Generated<number>;
  /** `nip:<NIP>` when the NIP is known, else `name:<lower name>@<agency id>`: makes re-import idempotent. */
  person_key: string;
  nip: string | null;
  name: string;
  agency_id: number;
  position: string | null;
  region: string | null;
  province: string | null;
  employment_type: 'PNS' | 'PPPK' | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

/** One platform handle of a person. */
export interface AccountTable {
  id: Generated<number>;
  person_id: number;
  platform: string;
  /** Lowercase, without `@`. */
  handle: string;
  profile_url: string;
  platform_account_id: string | null;
  /** Why the account is believed to be this person's. */
  link_source: string | null;
  /** Confidence of that link, 0..1. */
  link_confidence: number | null;
  /** Who established the link (analyst, unit, or the tool that proposed it). (0403) */
  link_established_by: string | null;
  /** When the link was established, `YYYY-MM-DD`. (0403) */
  link_established_at: string | null;
  /** A URL showing the basis of the link, e.g. the profile bio or an agency page. (0403) */
  link_evidence_url: string | null;
  tags: JsonWithDefault<string[]>;
  active: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface PostTable {
  id: Generated<number>;
  platform: string;
  external_id: string;
  account_id: number | null;
  handle: string;
  url: string | null;
  kind: string;
  /** Text of the current version. */
  text: string;
  posted_at: Date | null;
  collected_at: Timestamp;
  last_seen_at: Timestamp;
  current_version: number;
  content_sha256: string;
  raw: Json<unknown>;
  deleted_at: Date | null;
  /** The post this one shares, when it is a quote or a repost; never the account's own words. (0801) */
  shared_kind: 'quote' | 'repost' | null;
  shared_external_id: string | null;
  shared_url: string | null;
  /** Lowercase, without `@`. */
  shared_author_handle: string | null;
  shared_author_name: string | null;
  shared_text: string | null;
  /** The post a reply answers, where the source returns it (0907). */
  reply_to_external_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** Lowercase, without `@` (0907). */
  reply_to_author_handle: ColumnType<string | null, string | null | undefined, string | null>;
  reply_to_url: ColumnType<string | null, string | null | undefined, string | null>;
  /** When the post's content was removed by retention or an erasure (0935); the row stays as a shell. */
  purged_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** Every version of a post's content; version 1 is the first seen. Never overwritten. */
export interface PostVersionTable {
  id: Generated<number>;
  post_id: number;
  version: number;
  text: string;
  content_sha256: string;
  raw: Json<unknown>;
  collected_at: Timestamp;
  source: string;
}

export interface EvidenceTable {
  id: Generated<number>;
  post_id: number;
  post_version: number | null;
  kind: string;
  storage_path: string;
  sha256: string;
  bytes: number;
  mime: string | null;
  url: string | null;
  captured_at: Timestamp;
  collector_version: string | null;
  created_at: CreatedAt;
  /** Capture time as a Bawaslu report shows it, e.g. `2024-02-12 15:30:00 WIB`. (0402) */
  captured_at_wib: string | null;
  /** Source id that captured it (`x-web`, ...). (0402) */
  source: string | null;
  /** `collection` (while listing), `flagged` (after a flag), `manual` (`netra capture`), `collected-record`. (0402) */
  method: 'collection' | 'flagged' | 'manual' | 'collected-record' | null;
  /** Who started the capture: `system:scan#12`, `user:sari`. (0402) */
  actor: string | null;
  /** Browser, viewport, selector, page URL. (0402) */
  details: JsonWithDefault<Record<string, unknown>>;
  /** Set when the person was erased: URL and details cleared, file deleted (0960). */
  erased_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** Chain of custody of evidence files: every capture and every hash check. Append-only; a hash chain since 0802. */
export interface EvidenceCustodyTable {
  id: Generated<number>;
  evidence_id: number;
  at: CreatedAt;
  actor: string;
  action: 'captured' | 'verified' | 'verify_failed' | 'missing' | 'erased';
  sha256_observed: string | null;
  detail: Json<unknown> | null;
  /** Position in the hash chain, from 1. (0802) */
  seq: ColumnType<number, number, never>;
  /** The previous entry's `entry_hash` (64 zeros for the first). (0802) */
  prev_hash: string;
  /** SHA-256 of this entry's fields and `prev_hash` (src/domain/custody-chain.ts). (0802) */
  entry_hash: string;
}

/** Where collection of an account by a source got to. (0401) */
export interface CollectCursorTable {
  account_id: number;
  source: string;
  newest_external_id: string | null;
  newest_posted_at: Date | null;
  last_run_at: Timestamp;
  last_status: string;
  last_message: string | null;
  last_ok_at: Date | null;
  last_post_count: ColumnType<number, number | undefined, number>;
  max_post_count: ColumnType<number, number | undefined, number>;
  runs: ColumnType<number, number | undefined, number>;
}

export interface ClassificationTable {
  id: Generated<number>;
  post_id: number;
  post_version: number;
  classifier_key: string;
  /** The key without the claims version (0851); null for classifications stored before. */
  base_key: ColumnType<string | null, string | null | undefined, string | null>;
  scores: Json<Record<string, number>>;
  flags: Json<string[]>;
  evidence: Json<unknown[]>;
  findings: Json<unknown[]>;
  nlp_version: string;
  lexicon_version: string;
  model_versions: Json<Record<string, string>>;
  created_at: CreatedAt;
}

export interface FlagTable {
  id: Generated<number>;
  /** Null exactly for an engagement flag (0907). */
  post_id: number | null;
  classification_id: number | null;
  /** `post`: one post's flag; `engagement`: a person's engagements with campaign accounts, as items (0907). */
  kind: ColumnType<'post' | 'engagement', 'post' | 'engagement' | undefined, never>;
  labels: Json<string[]>;
  max_score: number;
  priority: number;
  status: FlagStatus;
  assignee: string | null;
  claimed_at: Date | null;
  claim_expires_at: Date | null;
  election_phase: string | null;
  /** Date the possible breach was found: starts the 7-day reporting window. */
  discovered_at: Timestamp;
  /** Optimistic concurrency: bumped on every change. */
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: Timestamp;
  /** The person behind the post's account; set by the database (0901). */
  person_id: ColumnType<number | null, number | null | undefined, number | null>;
  /** The post's time, else the discovery time: recency in the queue fades from it; set by the database (0901). */
  event_at: ColumnType<Date, Date | string | undefined, Date | string>;
  /** priority + the person's history bonus; kept by the database (0901). */
  rank_base: ColumnType<number, never, never>;
  /** rank_base + event_at in days: the rank is greatest(rank_base, rank_recent + 6 - now in days) (0901). */
  rank_recent: ColumnType<number, never, never>;
  /** The post text as a `simple` text-search vector, for search; kept by the database (0904). */
  search: ColumnType<string | null, never, never>;
}

/** Confirmed flags per person, kept current by triggers on `flags` (0901). */
export interface PersonFlagCountTable {
  person_id: number;
  confirmed: ColumnType<number, never, never>;
}

/** Append-only: a trigger refuses UPDATE and DELETE. A hash chain, kept by the database (0902). */
export interface AuditLogTable {
  id: Generated<number>;
  at: CreatedAt;
  actor: string;
  action: string;
  entity_type: string;
  entity_id: string;
  before: Json<unknown> | null;
  after: Json<unknown> | null;
  context: Json<unknown> | null;
  /** 1, 2, 3 ... in chain order, no gaps (0902). */
  seq: ColumnType<number, never, never>;
  /** The hash of entry `seq - 1` (64 zeros for the first) (0902). */
  prev_hash: ColumnType<string, never, never>;
  /** SHA-256 of this entry's fields and `prev_hash` (0902). */
  hash: ColumnType<string, never, never>;
}

/** The last entry of the audit chain (one row) (0902). */
export interface AuditChainHeadTable {
  one: boolean;
  seq: number;
  hash: string;
}

/** Login attempts per `account:<name>` and `address:<ip>` (0903). */
export interface LoginThrottleTable {
  key: string;
  attempts: ColumnType<number, number | undefined, number>;
  window_started_at: Timestamp;
  locked_until: Date | null;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** The owner and app roles of a PostgreSQL deployment, recorded by `netra db roles` (0905). */
export interface DatabaseRoleTable {
  kind: 'owner' | 'app';
  role_name: string;
}

/** One research export. (0701) */
export interface ExportReleaseTable {
  /** Random release id, also in the export's manifest. */
  id: string;
  created_at: CreatedAt;
  actor: string;
  purpose: string | null;
  out_dir: string;
  filters: Json<unknown>;
  counts: Json<Record<string, unknown>>;
  /** When retention removed the release's pseudonym mappings and folder (0935). */
  expired_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  manifest_sha256: string | null;
}

/** Which post a release's pseudonymous id stands for: kept in netra only, never exported. (0701) */
export interface ExportReleasePostTable {
  release_id: string;
  pseudonym: string;
  post_id: number;
}

/** A label annotation brought in from outside the review app (Label Studio). (0701) */
export interface PostAnnotationTable {
  id: Generated<number>;
  post_id: number;
  /** The labels the annotator says apply; empty: none. */
  labels: Json<string[]>;
  /** `label-studio:<annotator>`. */
  provenance: string;
  annotator: string;
  annotated_at: Date | null;
  /** `<file>#task=<id>/annotation=<id>`. */
  source_ref: string;
  import_id: string;
  imported_at: CreatedAt;
}

/** A person who signs in to the review app. (0601) */
export interface UserTable {
  id: Generated<number>;
  /** Lowercase login name, `^[a-z][a-z0-9._-]{1,31}$`; never renamed (audit entries say `user:<username>`). */
  username: string;
  display_name: string;
  role: UserRole;
  /** `scrypt$<N>$<r>$<p>$<salt base64>$<hash base64>`. */
  password_hash: string;
  disabled: Generated<boolean>;
  last_login_at: Date | null;
  password_changed_at: ColumnType<Date, Date | string | undefined, Date | string>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

/** A signed-in browser. The id is the SHA-256 of the cookie token, never the token. (0601) */
export interface SessionTable {
  id: string;
  user_id: number;
  /** Sent back in a header or form field with every state change. */
  csrf_token: string;
  created_at: CreatedAt;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

/**
 * A decision a person took on a flag. Several per flag: round 1 is the review that drives the
 * flag's status (escalate, then confirm by a supervisor, ...); rounds 2+ are blind reviews of
 * the same flag by other people, for agreement. (0601)
 */
export interface FlagDecisionTable {
  id: Generated<number>;
  flag_id: number;
  round: ColumnType<number, number | undefined, never>;
  decision: DecisionKind;
  /** SKB 2022 item (1-11); required for `confirm`. */
  skb_item: number | null;
  /** Required for `dismiss`: a key of the dismiss-reason list (domain/decisions.ts). */
  dismiss_reason: string | null;
  dismiss_text: string | null;
  labels_before: Json<string[]> | null;
  /** Required for `correct`: the labels the person says are right. */
  corrected_labels: Json<string[]> | null;
  /** Free text; the reason, required, of a `reopen` or `withdraw` (0904). */
  note: string | null;
  decided_by: number;
  decided_at: CreatedAt;
  /** The flag version the person saw when deciding. */
  flag_version: number;
}

/** A free-text note on a flag. (0601) */
export interface FlagNoteTable {
  id: Generated<number>;
  flag_id: number;
  author_id: number;
  text: string;
  created_at: CreatedAt;
}

/** The editable part of a confirmed flag's case report (the rest is read live). (0602) */
export interface CaseReportTable {
  flag_id: number;
  /** Uraian kejadian. */
  narrative: string;
  reporter_name: string | null;
  place: string | null;
  version: Generated<number>;
  created_by: number;
  updated_by: number;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface ScanRunTable {
  id: Generated<number>;
  pipeline: string;
  pipeline_path: string | null;
  trigger: string;
  status: ScanStatus;
  started_at: Timestamp;
  finished_at: Date | null;
  counts: JsonWithDefault<Record<string, number>>;
  errors: JsonWithDefault<unknown[]>;
  /** `embedded`: one process runs every job (`netra scan`); `queued`: workers share them. (0501) */
  mode: ColumnType<'embedded' | 'queued', 'embedded' | 'queued' | undefined, 'embedded' | 'queued'>;
  /** plan -> collect -> classify -> finish -> done. (0501) */
  phase: ColumnType<ScanPhase, ScanPhase | undefined, ScanPhase>;
  /** The parsed pipeline the run was started with: every worker uses this one. (0501) */
  definition: Json<unknown> | null;
  /** Folder the definition's relative paths are taken from. (0501) */
  base_dir: string | null;
  /** The scheduler tick that started it; unique per pipeline. (0501) */
  scheduled_for: Date | null;
  /** Classifier key fixed at planning; a worker with another one refuses its jobs. (0501) */
  classifier_key: string | null;
  collect_total: number | null;
  classify_total: number | null;
  /** Embedded runs: last sign of life of their process. (0501) */
  heartbeat_at: Date | null;
  /** Per-source statistics, alerts, registry import, evidence, dead jobs. (0501) */
  summary: JsonWithDefault<Record<string, unknown>>;
}

/** A finished job of a scan run, written with its effects: the job's idempotency record. (0501) */
export interface ScanJobTable {
  scan_run_id: number;
  key: string;
  kind: 'plan' | 'collect' | 'classify' | 'finish';
  status: 'done' | 'dead';
  result: JsonWithDefault<Record<string, unknown>>;
  error: string | null;
  attempts: ColumnType<number, number | undefined, number>;
  worker: string | null;
  finished_at: CreatedAt;
}

/** A debunked claim that hoax claim matching compares posts with. (0310) */
export interface ClaimTable {
  id: Generated<number>;
  /** Who debunked it / where it came from: `turnbackhoax`, `mafindo`, or a JSONL file's `source`. */
  source: string;
  /** The claim's id at its source; unique per source. */
  source_id: string;
  title: string;
  /** The claim as circulated (the fact-check's explanation, if the source appended one, is kept here but not matched). */
  claim_text: string;
  /** Normalised, stemmed text the matcher indexes (title stems ` | ` circulated stems), and what made it (nlp version + layout). */
  normalised_text: string;
  nlp_version: string;
  category: string | null;
  debunk_url: string | null;
  /** `YYYY-MM-DD` when the debunk was published, if known. */
  published_on: string | null;
  /** SHA-256 over the imported fields: an unchanged re-import changes nothing. */
  content_sha256: string;
  imported_at: CreatedAt;
  updated_at: Timestamp;
}

/** The platform's id of a registered account, per source, and what its lookup found. (0850) */
export interface AccountPlatformIdTable {
  account_id: number;
  /** `x-api`, `meta-content-library:instagram`, ... */
  source: string;
  /** The handle the id was looked up for: a renamed registry handle is looked up again. */
  handle: string;
  platform_user_id: string | null;
  /** `pending` while a worker looks it up. */
  status: 'pending' | 'ok' | 'not_found' | 'private' | 'suspended';
  detail: string | null;
  checked_at: Timestamp;
  /** A worker is looking this handle up (batch lookups do not overlap). */
  claimed_until: Date | null;
}

/** Units an API source used per UTC day (posts read, requests, records). (0850) */
export interface ApiUsageTable {
  source_key: string;
  unit: string;
  /** `YYYY-MM-DD` (UTC). */
  day: ColumnType<string, string, string>;
  used: ColumnType<number, number | undefined, number>;
  updated_at: UpdatedAt;
}

/** One of `cap` request slots of a pace (platform and egress); each slot starts at most once per interval. (0850) */
export interface PolitenessSlotTable {
  key: string;
  slot: number;
  last_start: Timestamp;
}

/** A platform's own rate-limit window (from its headers), per endpoint. (0850) */
export interface PolitenessWindowTable {
  key: string;
  remaining: number;
  reset_at: Timestamp;
  updated_at: UpdatedAt;
}

/** A circuit breaker's state, shared by every worker. (0850) */
export interface PolitenessBreakerTable {
  key: string;
  state: Json<Record<string, unknown>>;
  updated_at: UpdatedAt;
}

/** How far a debunked-claims feed was read, and how its last sync went. (0851) */
export interface ClaimFeedCursorTable {
  feed: string;
  url: string;
  /** The newest `modified` time read: the next sync asks for what changed after it. */
  modified_after: Date | null;
  last_run_at: Timestamp;
  last_ok_at: Date | null;
  last_status: string;
  last_message: string | null;
  items_seen: ColumnType<number, number | undefined, number>;
  claims_created: ColumnType<number, number | undefined, number>;
  claims_updated: ColumnType<number, number | undefined, number>;
}

/** That a person was erased: the audit log names only this row (0960). */
export interface PersonErasureTable {
  id: Generated<number>;
  person_id: number;
  erased_at: CreatedAt;
  actor: string;
  reason: string;
  counts: JsonWithDefault<Record<string, number>>;
}

/** Digests of an erased person's identifiers: the registry import refuses matching rows (0960). */
export interface ErasureTombstoneTable {
  digest: string;
  kind: 'person_key' | 'nip' | 'account';
  erasure_id: number;
  created_at: CreatedAt;
}

/** Which persons a release contains, by id only: what to recall after an erasure (0960). */
export interface ExportReleasePersonTable {
  release_id: string;
  person_id: number;
  posts: number;
}

/** An official account of a candidate, pair, party or campaign team, with its source (0906). */
export interface CampaignAccountTable {
  id: Generated<number>;
  entry_key: string;
  contest: string;
  owner_kind: 'candidate' | 'pair' | 'party' | 'team';
  owner_name: string;
  /** Ballot number of the pair or party, when it has one. */
  owner_ref: string | null;
  /** Both null: the owner is known, no cited source gives its handle. */
  platform: string | null;
  handle: string | null;
  profile_url: string | null;
  source: string;
  source_url: string | null;
  note: string | null;
  active: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

/** A registered account's action toward a campaign account's post or account (0907). */
export interface EngagementTable {
  id: Generated<number>;
  engagement_key: string;
  kind: 'repost' | 'quote' | 'reply' | 'mention' | 'follow' | 'like';
  account_id: number;
  person_id: number | null;
  /** The civil servant's own post (the repost, quote, reply or mention); null for a follow or a like. */
  post_id: number | null;
  campaign_account_id: number;
  /** The campaign post as captured (its id, URL, author, text); for a follow, the campaign account. */
  target_external_id: string | null;
  target_url: string | null;
  target_author_handle: string;
  target_text: string | null;
  source: string;
  observed_at: Timestamp;
  detail: JsonWithDefault<Record<string, unknown>>;
  flag_id: number | null;
  created_at: CreatedAt;
}

/** Text OCR read from a post's image (an `image` evidence file), never the post's own words (0920). */
export interface ImageTextTable {
  id: Generated<number>;
  post_id: number;
  post_version: number;
  evidence_id: number;
  image_sha256: string;
  /** Engine + model key: an image is read once per key. */
  engine_key: string;
  engine: string;
  engine_version: string;
  model: string;
  model_version: string;
  text: string;
  /** Mean word confidence, 0-100. */
  confidence: number;
  /** `OcrWord[]`: text, confidence, box (pixels), offsets into `text`. */
  words: JsonWithDefault<unknown[]>;
  passes: JsonWithDefault<string[]>;
  /** Why the image could not be read (the text is then empty). */
  error: string | null;
  ms: ColumnType<number, number | undefined, number>;
  created_at: CreatedAt;
}

/** One applied retention run: settings and counts only (0935). */
export interface RetentionRunTable {
  id: Generated<number>;
  started_at: CreatedAt;
  finished_at: Date | null;
  trigger: 'schedule' | 'manual';
  scheduled_for: Date | null;
  actor: string;
  settings: Json<Record<string, number | null>>;
  counts: JsonWithDefault<Record<string, number>>;
  error: string | null;
}

/** Which persons' reviewed posts a model version was trained on, ids and counts only (0936). */
export interface ModelTrainingPersonTable {
  task: string;
  version: string;
  person_id: number;
  posts: number;
  trained_at: CreatedAt;
}

export interface Database {
  agencies: AgencyTable;
  persons: PersonTable;
  accounts: AccountTable;
  posts: PostTable;
  post_versions: PostVersionTable;
  evidence: EvidenceTable;
  evidence_custody: EvidenceCustodyTable;
  collect_cursors: CollectCursorTable;
  classifications: ClassificationTable;
  flags: FlagTable;
  person_flag_counts: PersonFlagCountTable;
  audit_log: AuditLogTable;
  audit_chain_head: AuditChainHeadTable;
  login_throttle: LoginThrottleTable;
  database_roles: DatabaseRoleTable;
  scan_runs: ScanRunTable;
  scan_jobs: ScanJobTable;
  post_annotations: PostAnnotationTable;
  export_releases: ExportReleaseTable;
  export_release_posts: ExportReleasePostTable;
  claims: ClaimTable;
  users: UserTable;
  sessions: SessionTable;
  flag_decisions: FlagDecisionTable;
  flag_notes: FlagNoteTable;
  case_reports: CaseReportTable;
  account_platform_ids: AccountPlatformIdTable;
  api_usage: ApiUsageTable;
  politeness_slots: PolitenessSlotTable;
  politeness_windows: PolitenessWindowTable;
  politeness_breakers: PolitenessBreakerTable;
  claim_feed_cursors: ClaimFeedCursorTable;
  person_erasures: PersonErasureTable;
  erasure_tombstones: ErasureTombstoneTable;
  export_release_persons: ExportReleasePersonTable;
  campaign_accounts: CampaignAccountTable;
  engagements: EngagementTable;
  image_texts: ImageTextTable;
  retention_runs: RetentionRunTable;
  model_training_persons: ModelTrainingPersonTable;
}

export type Agency = Selectable<AgencyTable>;
export type Person = Selectable<PersonTable>;
export type Account = Selectable<AccountTable>;
export type NewAccount = Insertable<AccountTable>;
export type Post = Selectable<PostTable>;
export type PostVersion = Selectable<PostVersionTable>;
export type Evidence = Selectable<EvidenceTable>;
export type EvidenceCustody = Selectable<EvidenceCustodyTable>;
export type CollectCursor = Selectable<CollectCursorTable>;
export type ClassificationRow = Selectable<ClassificationTable>;
export type Flag = Selectable<FlagTable>;
export type FlagUpdate = Updateable<FlagTable>;
export type AuditEntry = Selectable<AuditLogTable>;
export type ScanRun = Selectable<ScanRunTable>;
export type ScanJobRow = Selectable<ScanJobTable>;
export type PostAnnotation = Selectable<PostAnnotationTable>;
export type ExportRelease = Selectable<ExportReleaseTable>;
export type Claim = Selectable<ClaimTable>;
export type User = Selectable<UserTable>;
export type Session = Selectable<SessionTable>;
export type FlagDecision = Selectable<FlagDecisionTable>;
export type FlagNote = Selectable<FlagNoteTable>;
export type CaseReportRow = Selectable<CaseReportTable>;
export type CampaignAccount = Selectable<CampaignAccountTable>;
export type Engagement = Selectable<EngagementTable>;
