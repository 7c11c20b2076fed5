import { flaggedPostIds } from '../../repositories/engagements.repository.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Logger } from '../../log/logger.ts';
import { appendAudit } from '../../repositories/audit.repository.ts';
import { postsLackingScreenshot, recordEvidence, type EvidenceInput } from '../../repositories/evidence.repository.ts';
import { markDeleted, storePosts } from '../../repositories/posts.repository.ts';
import type { WebSource } from '../web/web.source.ts';
import { formatWib } from '../../domain/wib-time.ts';
import type { EvidenceCapturers } from './capturers.ts';
import type { EvidenceStore } from './evidence-store.ts';

export interface FlaggedEvidenceInput {
  db: Kysely<Database>;
  /** Flags raised or refreshed by this scan (the classify jobs' `flagIds`). */
  flagIds: readonly number[];
  capturers: Pick<EvidenceCapturers, 'get'>;
  store: EvidenceStore;
  logger: Logger;
  actor: string;
  signal?: AbortSignal;
}

export interface FlaggedEvidenceStats {
  /** Flagged posts whose current version had no screenshot yet. */
  needed: number;
  /** Posts captured now (screenshot and archived page). */
  captured: number;
  /** Posts whose page now says they are gone: marked deleted, removal page and collected copy kept. */
  removed: number;
  /** Posts no capturer serves (no source of their platform asked for evidence). */
  skipped: number;
  failed: { postId: number; url: string | null; message: string }[];
}

/**
 * Evidence for flagged posts: for each flagged post whose current version has no screenshot,
 * open the post's own page, screenshot the post and archive the page, and record both with
 * their SHA-256 and chain of custody. A post whose page now says it is gone is marked deleted;
 * the removal page and the HTML kept at collection time are stored instead.
 * Idempotent: a post that has its screenshot is not captured again.
 */
export async function captureFlaggedEvidence(input: FlaggedEvidenceInput): Promise<FlaggedEvidenceStats> {
  const { db, flagIds, capturers, store, actor, signal } = input;
  const log = input.logger.child({ stage: 'evidence' });
  const stats: FlaggedEvidenceStats = { needed: 0, captured: 0, removed: 0, skipped: 0, failed: [] };
  if (flagIds.length === 0) return stats;
  // A post flag's post; an engagement flag's items' posts (the civil servant's repost, quote, reply or mention).
  const postIds = await flaggedPostIds(db, flagIds);
  const posts = await postsLackingScreenshot(db, postIds);
  stats.needed = posts.length;
  for (const p of posts) {
    if (signal?.aborted) break;
    const capturer: WebSource | null = await capturers.get(p.platform);
    if (!capturer) {
      stats.skipped++;
      continue;
    }
    if (!p.url) {
      stats.failed.push({ postId: p.id, url: null, message: 'the post has no URL to capture' });
      continue;
    }
    try {
      const cap = await capturer.capturePost(p.url, signal ? { signal } : {});
      const row = (
        kind: string,
        file: { sha256: string; path: string; bytes: number; mime: string },
        version: number,
        method: EvidenceInput['method'] = 'flagged',
        details?: Record<string, unknown>,
      ): EvidenceInput => ({
        postId: p.id,
        postVersion: version,
        kind,
        storagePath: file.path,
        sha256: file.sha256,
        bytes: file.bytes,
        mime: file.mime,
        url: cap.url,
        capturedAt: cap.capturedAt,
        capturedAtWib: formatWib(cap.capturedAt),
        collectorVersion: cap.collector,
        source: capturer.id,
        method,
        actor,
        ...(details ? { details } : {}),
      });
      if (cap.status === 'ok' && cap.post) {
        await db.transaction().execute(async (trx) => {
          let version = p.current_version;
          // The page may show a newer text than we stored: store it as a version, and attach the evidence to it.
          if (
            cap.post!.externalId ===
            (await trx.selectFrom('posts').select('external_id').where('id', '=', p.id).executeTakeFirstOrThrow()).external_id
          ) {
            const [s] = await storePosts(trx, [{ ...cap.post!, accountId: p.account_id }], {
              source: capturer.id,
              collectedAt: cap.capturedAt,
            });
            if (s) version = s.version;
          }
          await recordEvidence(
            trx,
            cap.files.map((f) => row(f.kind, f.file, version, 'flagged', f.details)),
          );
        });
        stats.captured++;
      } else if (cap.status === 'removed') {
        await db.transaction().execute(async (trx) => {
          const rows = cap.files.map((f) => row(f.kind, f.file, p.current_version));
          const raw = p.raw as { html?: unknown; via?: unknown } | null;
          if (typeof raw?.html === 'string') {
            // What was on the page when it was collected: the only copy left of the post itself.
            const file = await store.put(Buffer.from(raw.html, 'utf8'), 'text/html');
            rows.push(
              row('collected-html', file, p.current_version, 'collected-record', {
                note: 'post HTML kept at collection time; the post was removed before a screenshot could be taken',
              }),
            );
          } else if (raw?.via === 'web-json') {
            // The platform's own record of the post (its feed JSON), as collected.
            const file = await store.put(Buffer.from(JSON.stringify(raw, null, 2), 'utf8'), 'application/json');
            rows.push(
              row('collected-json', file, p.current_version, 'collected-record', {
                note: "the platform's JSON record of the post, kept at collection time; the post was removed before a screenshot could be taken",
              }),
            );
          }
          await recordEvidence(trx, rows);
          if ((await markDeleted(trx, [p.id], cap.capturedAt)) > 0)
            await appendAudit(trx, {
              actor,
              action: 'post.deleted',
              entityType: 'post',
              entityId: p.id,
              context: { source: capturer.id, reason: 'post page says it was removed' },
            });
        });
        stats.removed++;
      } else {
        stats.failed.push({ postId: p.id, url: p.url, message: cap.message ?? cap.status });
      }
    } catch (e) {
      stats.failed.push({ postId: p.id, url: p.url, message: (e as Error).message });
      log.warn({ postId: p.id, url: p.url, err: (e as Error).message }, 'evidence capture failed');
    }
  }
  log.info({ evidence: { ...stats, failed: stats.failed.length } }, 'evidence for flagged posts');
  return stats;
}
