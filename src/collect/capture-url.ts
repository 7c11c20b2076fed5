import type { Kysely } from 'kysely';
import type { Config } from '../config/config.schema.ts';
import type { Database } from '../db/schema.ts';
import { UserError } from '../domain/errors.ts';
import type { Logger } from '../log/logger.ts';
import { appendAudit } from '../repositories/audit.repository.ts';
import { evidencePathsInUse, recordEvidence } from '../repositories/evidence.repository.ts';
import { markDeleted, storePosts, type StoreOutcome } from '../repositories/posts.repository.ts';
import { findAccount } from '../repositories/registry.repository.ts';
import { formatWib } from '../domain/wib-time.ts';
import { directoryEvidenceStore, type CapturedFile, type EvidenceStore } from './evidence/evidence-store.ts';
import { discardUnreferenced } from './evidence/evidence-orphans.ts';
import { adapterForUrl, loadWebAdapter } from './web/web-adapters.ts';
import { openWebSource } from './web/web.source.ts';

export interface CaptureUrlInput {
  db: Kysely<Database>;
  url: string;
  /** Platform of the URL when its host does not say (a replica, a mirror). */
  platform?: string;
  config: Pick<Config, 'chromiumPath' | 'evidenceDir'>;
  logger: Logger;
  /** Who asked: `user:<name>`. Written to the chain of custody and the audit log. */
  actor: string;
  evidenceStore?: EvidenceStore;
  timeoutMs?: number;
}

export interface CaptureUrlResult {
  status: 'captured' | 'removed';
  platform: string;
  postId: number | null;
  version: number | null;
  outcome: StoreOutcome | null;
  handle: string | null;
  /** The account is in the registry. */
  registered: boolean;
  url: string;
  capturedAt: Date;
  files: { kind: string; file: CapturedFile; evidenceId: number }[];
}

/**
 * `netra capture URL`: an analyst found a post by hand. Fetch its page now, read the post,
 * store it (a new version if it changed), and keep a screenshot and an archived copy with their
 * hashes and the analyst's name in the chain of custody. One request, started by a person.
 */
export async function captureUrl(o: CaptureUrlInput): Promise<CaptureUrlResult> {
  const adapter = o.platform ? await loadWebAdapter(o.platform) : await adapterForUrl(o.url);
  if (!adapter) throw new UserError(`no web adapter knows the site of ${o.url}; name its platform with --platform`);
  const store = o.evidenceStore ?? directoryEvidenceStore(o.config.evidenceDir);
  const source = openWebSource({
    adapter,
    chromiumPath: o.config.chromiumPath,
    evidenceStore: store,
    // A single page an analyst asked for: no pacing delay, but retries and Retry-After still apply.
    politeness: { minDelayMs: 0, maxDelayMs: 0, ...(o.timeoutMs ? { timeoutMs: o.timeoutMs } : {}) },
    logger: o.logger,
  });
  let cap;
  try {
    cap = await source.capturePost(o.url);
  } catch (e) {
    throw new UserError(`could not capture ${o.url}: ${(e as Error).message}`);
  } finally {
    await source.close();
  }
  const base = { platform: adapter.platform, url: cap.url, capturedAt: cap.capturedAt };
  const evidenceRow = (postId: number, version: number | null, f: (typeof cap.files)[number]) => ({
    postId,
    postVersion: version,
    kind: f.kind,
    storagePath: f.file.path,
    sha256: f.file.sha256,
    bytes: f.file.bytes,
    mime: f.file.mime,
    url: cap.url,
    capturedAt: cap.capturedAt,
    capturedAtWib: formatWib(cap.capturedAt),
    collectorVersion: cap.collector,
    source: source.id,
    method: 'manual' as const,
    actor: o.actor,
    ...(f.details ? { details: f.details } : {}),
  });

  // A capture that is not recorded leaves nothing behind in the store.
  const discard = async () => {
    const paths = cap.files.map((f) => f.file.path);
    await discardUnreferenced(store, paths, await evidencePathsInUse(o.db, paths)).catch(() => 0);
  };
  if (cap.status === 'removed') {
    // Gone already: if we hold the post, record the removal page against it.
    const known = await o.db
      .selectFrom('posts')
      .select(['id', 'current_version', 'handle'])
      .where('platform', '=', adapter.platform)
      .where('url', '=', o.url)
      .executeTakeFirst();
    if (!known) {
      await discard();
      throw new UserError(`${o.url}: the platform says this post was removed, and netra holds no copy of it`);
    }
    const ids = await o.db
      .transaction()
      .execute(async (trx) => {
        const ids = await recordEvidence(
          trx,
          cap.files.map((f) => evidenceRow(known.id, known.current_version, f)),
        );
        if ((await markDeleted(trx, [known.id], cap.capturedAt)) > 0)
          await appendAudit(trx, {
            actor: o.actor,
            action: 'post.deleted',
            entityType: 'post',
            entityId: known.id,
            context: { reason: 'post page says it was removed' },
          });
        return ids;
      })
      .catch(async (e: unknown) => {
        await discard();
        throw e;
      });
    return {
      ...base,
      status: 'removed',
      postId: known.id,
      version: known.current_version,
      outcome: null,
      handle: known.handle,
      registered: false,
      files: cap.files.map((f, i) => ({ kind: f.kind, file: f.file, evidenceId: ids[i]! })),
    };
  }
  if (cap.status !== 'ok' || !cap.post) {
    await discard();
    throw new UserError(`could not capture ${o.url}: ${cap.message ?? cap.status}`);
  }
  const post = cap.post;
  const account = await findAccount(o.db, post.platform, post.handle);
  const r = await o.db
    .transaction()
    .execute(async (trx) => {
      const [stored] = await storePosts(trx, [{ ...post, accountId: account?.id ?? null }], {
        source: source.id,
        collectedAt: cap.capturedAt,
      });
      const ids = await recordEvidence(
        trx,
        cap.files.map((f) => evidenceRow(stored!.postId, stored!.version, f)),
      );
      await appendAudit(trx, {
        actor: o.actor,
        action: 'post.captured',
        entityType: 'post',
        entityId: stored!.postId,
        after: { version: stored!.version, outcome: stored!.outcome },
        context: { evidence: ids },
      });
      return { stored: stored!, ids };
    })
    .catch(async (e: unknown) => {
      await discard();
      throw e;
    });
  if (!account)
    o.logger.warn(
      { platform: post.platform, handle: post.handle },
      'the post is stored, but its author is not in the registry: it is not linked to an ASN identity',
    );
  return {
    ...base,
    status: 'captured',
    postId: r.stored.postId,
    version: r.stored.version,
    outcome: r.stored.outcome,
    handle: post.handle,
    registered: Boolean(account),
    files: cap.files.map((f, i) => ({ kind: f.kind, file: f.file, evidenceId: r.ids[i]! })),
  };
}
