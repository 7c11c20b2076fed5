import type { Kysely } from 'kysely';
import type { Config } from '../../config/config.schema.ts';
import type { Database } from '../../db/schema.ts';
import { RETENTION_KINDS, retentionCutoff, type RetentionKind, type RetentionSettings } from '../../domain/retention.ts';
import { removeReleaseFolder } from '../../export/release-folder.ts';
import type { ErasableStore } from '../../registry/person-erasure.ts';
import { appendAudit } from '../../repositories/audit.repository.ts';
import { appendCustody } from '../../repositories/evidence.repository.ts';
import { ownerNeeded, withHistoryUnlocked } from '../../repositories/history-guard.repository.ts';
import { scrubEvidence, scrubPosts, unusedEvidenceFiles, type EvidenceRef } from '../../repositories/post-scrub.repository.ts';
import {
  deleteSessionsDue,
  dismissedPostsDue,
  evidenceDue,
  expireReleases,
  finishRetentionRun,
  releasesDue,
  sessionsDue,
  startRetentionRun,
  unflaggedPostsDue,
  type RetentionRun,
} from '../../repositories/retention.repository.ts';
import type { Db } from '../../db/handle.ts';

/** The retention settings of a configuration. */
export const retentionSettings = (c: Config): RetentionSettings => ({
  unflaggedPosts: c.retainUnflaggedPostsDays,
  dismissedFlags: c.retainDismissedFlagsDays,
  evidence: c.retainEvidenceDays,
  exports: c.retainExportsDays,
  sessions: c.retainSessionsDays,
});

/** How many items of each kind are due now (what a run would remove). */
export async function retentionDue(db: Db, settings: RetentionSettings, now = new Date()): Promise<Record<RetentionKind, number>> {
  const out = Object.fromEntries(RETENTION_KINDS.map((k) => [k, 0])) as Record<RetentionKind, number>;
  const cut = (k: RetentionKind) => retentionCutoff(settings[k], now);
  const c = {
    unflaggedPosts: cut('unflaggedPosts'),
    dismissedFlags: cut('dismissedFlags'),
    evidence: cut('evidence'),
    exports: cut('exports'),
    sessions: cut('sessions'),
  };
  if (c.unflaggedPosts) out.unflaggedPosts = (await unflaggedPostsDue(db, c.unflaggedPosts)).length;
  if (c.dismissedFlags) out.dismissedFlags = (await dismissedPostsDue(db, c.dismissedFlags)).length;
  if (c.evidence) out.evidence = (await evidenceDue(db, c.evidence)).length;
  if (c.exports) out.exports = (await releasesDue(db, c.exports)).length;
  if (c.sessions) out.sessions = await sessionsDue(db, c.sessions, now);
  return out;
}

export interface RetentionReport {
  /** The run's id; null for a dry run, or a scheduled tick another scheduler already ran. */
  runId: number | null;
  /** What was due when the run started, per kind. */
  due: Record<RetentionKind, number>;
  /** What was removed: rows and files per table or kind (counts only). */
  removed: Record<string, number>;
}

export interface ApplyRetentionOptions {
  db: Kysely<Database>;
  settings: RetentionSettings;
  store: ErasableStore;
  actor: string;
  now?: Date;
  /** Count what is due, remove nothing, record nothing. */
  dryRun?: boolean;
  /** A scheduled run claims its tick: a second scheduler with the same tick does nothing. */
  scheduledFor?: Date;
}

const add = (into: Record<string, number>, from: Record<string, number>) => {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
};

/**
 * Apply the retention settings: remove what each kind has kept longer than its days. Posts
 * under an open, claimed, escalated or confirmed flag are never touched. Post content goes the
 * way an erasure removes it (scrubPosts): the rows stay as shells so flags, decisions and the
 * custody chain keep their references; each evidence row cleared gets an `erased` custody entry
 * naming the run; release mappings are deleted (which persons a release contained stays, for
 * recall) and the release folder removed when it is still that release. All database changes
 * are one transaction (as the owner role, like an erasure); files go after the commit. The
 * audit log gets `retention.applied` with the run id and counts; `retention_runs` keeps the
 * settings and counts.
 */
export async function applyRetention(o: ApplyRetentionOptions): Promise<RetentionReport> {
  const now = o.now ?? new Date();
  const due = await retentionDue(o.db, o.settings, now);
  if (o.dryRun) return { runId: null, due, removed: {} };
  const runId = await startRetentionRun(o.db, {
    trigger: o.scheduledFor ? 'schedule' : 'manual',
    scheduledFor: o.scheduledFor ?? null,
    actor: o.actor,
    settings: { ...o.settings },
  });
  if (runId === null) return { runId: null, due, removed: {} };
  const removed: Record<string, number> = {};
  try {
    const cut = (k: RetentionKind) => retentionCutoff(o.settings[k], now);
    const done = await o.db.transaction().execute(async (trx) => {
      const evidence: EvidenceRef[] = [];
      let releases: Awaited<ReturnType<typeof releasesDue>> = [];
      await withHistoryUnlocked(trx, async () => {
        for (const [kind, find] of [
          ['unflaggedPosts', unflaggedPostsDue],
          ['dismissedFlags', dismissedPostsDue],
        ] as const) {
          const before = cut(kind);
          if (!before) continue;
          const ids = await find(trx, before);
          const s = await scrubPosts(trx, ids, 'purged');
          removed[kind === 'unflaggedPosts' ? 'posts_never_flagged' : 'posts_dismissed'] = ids.length;
          add(removed, s.counts);
          evidence.push(...s.evidence);
        }
        const evBefore = cut('evidence');
        if (evBefore) {
          const ev = await evidenceDue(trx, evBefore);
          removed.evidence =
            (removed.evidence ?? 0) +
            (await scrubEvidence(
              trx,
              ev.map((e) => e.id),
            ));
          evidence.push(...ev);
        }
      });
      await appendCustody(
        trx,
        evidence.map((e) => ({
          evidenceId: e.id,
          actor: o.actor,
          action: 'erased' as const,
          sha256Observed: null,
          detail: { retention: runId },
        })),
      );
      const exBefore = cut('exports');
      if (exBefore) {
        releases = await releasesDue(trx, exBefore);
        removed.releases = releases.length;
        add(removed, {
          export_mappings: await expireReleases(
            trx,
            releases.map((r) => r.id),
            now,
          ),
        });
      }
      const seBefore = cut('sessions');
      if (seBefore) removed.sessions = await deleteSessionsDue(trx, seBefore, now);
      const files = await unusedEvidenceFiles(
        trx,
        evidence.map((e) => e.storage_path),
      );
      await appendAudit(trx, {
        actor: o.actor,
        action: 'retention.applied',
        entityType: 'retention_run',
        entityId: runId,
        context: { counts: removed },
      });
      return { files, releases };
    });
    for (const f of done.files) await o.store.discard(f);
    removed.evidence_files = done.files.length;
    for (const r of done.releases) {
      const outcome = await removeReleaseFolder(r.out_dir, r.manifest_sha256);
      removed[`release_folders_${outcome}`] = (removed[`release_folders_${outcome}`] ?? 0) + 1;
    }
    await finishRetentionRun(o.db, runId, { counts: removed });
    return { runId, due, removed };
  } catch (e) {
    const err = ownerNeeded('retention', e);
    await finishRetentionRun(o.db, runId, { counts: {}, error: (err as Error).message ?? String(err) }).catch(() => undefined);
    throw err;
  }
}

export type { RetentionRun };
