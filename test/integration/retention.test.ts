import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directoryEvidenceStore, type EvidenceStore } from '../../src/collect/evidence/evidence-store.ts';
import { verifyCustodyChain } from '../../src/collect/evidence/evidence-verify.ts';
import { loadConfig } from '../../src/config/config.load.ts';
import { verifyAuditChain } from '../../src/domain/audit-chain.ts';
import type { RetentionSettings } from '../../src/domain/retention.ts';
import { exportDataset } from '../../src/export/export-dataset.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { applyRetention, retentionSettings } from '../../src/pipeline/retention/apply-retention.ts';
import { retentionStatus } from '../../src/pipeline/retention/retention-summary.ts';
import { retentionTask } from '../../src/pipeline/retention/retention-task.ts';
import { schedulePass } from '../../src/pipeline/scheduler.ts';
import { auditChainHead, auditChainPage } from '../../src/repositories/audit.repository.ts';
import { recordEvidence } from '../../src/repositories/evidence.repository.ts';
import { scanExportFixture } from '../helpers/export-fixture.ts';
import { seedUser } from '../helpers/review-seed.ts';
import { openTestDb, testDialects, type TestDb } from '../helpers/test-db.ts';

const DAY = 86_400_000;
const SETTINGS: RetentionSettings = { unflaggedPosts: 90, dismissedFlags: 365, evidence: 365, exports: 365, sessions: 30 };

describe.each(testDialects())('retention on %s', (dialect) => {
  let t: TestDb;
  let tmp: string;
  let store: EvidenceStore;
  const now = new Date();
  const ago = (days: number) => new Date(now.getTime() - days * DAY);
  /** Post ids by role in the scenario. */
  const p = { unflagged: 0, recentUnflagged: 0, open: 0, confirmed: 0, oldDismissed: 0, recentDismissed: 0 };
  const files = { unflagged: '', confirmed: '', oldDismissed: '' };
  let releaseDir: string;
  let releaseId: string;

  async function evidenceFor(postId: number, tag: string): Promise<string> {
    const f = await store.put(Buffer.from(`screenshot ${tag} ${postId}`), 'image/png');
    await recordEvidence(t.db, [
      {
        postId,
        postVersion: 1,
        kind: 'screenshot',
        storagePath: f.path,
        sha256: f.sha256,
        bytes: f.bytes,
        mime: 'image/png',
        url: `https://x.com/s/${postId}`,
        capturedAt: ago(400),
        capturedAtWib: '2025-01-01 10:00:00 WIB',
        collectorVersion: 'test',
        source: 'x-web',
        method: 'manual',
        actor: 'user:admin',
        details: {},
      },
    ]);
    return f.path;
  }

  beforeAll(async () => {
    t = await openTestDb(dialect);
    tmp = await mkdtemp(path.join(os.tmpdir(), 'netra-retention-'));
    store = directoryEvidenceStore(path.join(tmp, 'evidence'));
    await scanExportFixture(t);
    await t.db
      .updateTable('posts')
      .set({ collected_at: ago(200) })
      .execute();
    const flagged = await t.db.selectFrom('flags').select(['id', 'post_id']).orderBy('id').execute();
    const flaggedPosts = new Set(flagged.map((f) => f.post_id));
    const unflagged = (await t.db.selectFrom('posts').select('id').orderBy('id').execute())
      .map((r) => r.id)
      .filter((id) => !flaggedPosts.has(id));
    expect(flagged.length).toBeGreaterThanOrEqual(4);
    expect(unflagged.length).toBeGreaterThanOrEqual(2);
    p.unflagged = unflagged[0]!;
    p.recentUnflagged = unflagged[1]!;
    await t.db
      .updateTable('posts')
      .set({ collected_at: ago(10) })
      .where('id', '=', p.recentUnflagged)
      .execute();
    // One flag per post for the scenario: open, confirmed, dismissed long ago, dismissed lately.
    const byPost = [...new Map(flagged.map((f) => [f.post_id, f.id])).entries()];
    const set = async (i: number, status: 'open' | 'confirmed' | 'dismissed', at: Date) => {
      const [postId] = byPost[i]!;
      await t.db.updateTable('flags').set({ status, updated_at: at }).where('post_id', '=', postId).execute();
      return postId!;
    };
    p.open = await set(0, 'open', ago(500));
    p.confirmed = await set(1, 'confirmed', ago(500));
    p.oldDismissed = await set(2, 'dismissed', ago(400));
    p.recentDismissed = await set(3, 'dismissed', ago(20));
    files.unflagged = await evidenceFor(p.unflagged, 'a');
    files.confirmed = await evidenceFor(p.confirmed, 'b');
    files.oldDismissed = await evidenceFor(p.oldDismissed, 'c');
    // Sessions: one started 60 days ago (still in use), one fresh.
    const admin = await seedUser(t.db, 'admin', 'admin');
    for (const [id, created] of [
      ['old-session', ago(60)],
      ['new-session', ago(1)],
    ] as const)
      await t.db
        .insertInto('sessions')
        .values({
          id,
          user_id: admin.id,
          csrf_token: 'x',
          created_at: created,
          last_seen_at: now,
          expires_at: new Date(now.getTime() + DAY),
          ip: '10.0.0.1',
          user_agent: 'test',
        })
        .execute();
    releaseDir = path.join(tmp, 'release');
    const r = await exportDataset(t.db, {
      outDir: releaseDir,
      filter: {},
      formats: ['jsonl'],
      labelStudio: false,
      idsOnly: false,
      time: 'week',
      seed: 7,
      actor: 'user:admin',
      purpose: null,
      netraVersion: '0.0.0-test',
      logger: silentLogger(),
    });
    releaseId = r.releaseId;
    await t.db
      .updateTable('export_releases')
      .set({ created_at: ago(400) } as never)
      .where('id', '=', releaseId)
      .execute();
  });
  afterAll(async () => {
    await t?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  const text = async (id: number) =>
    await t.db.selectFrom('posts').select(['text', 'purged_at']).where('id', '=', id).executeTakeFirstOrThrow();
  const exists = (f: string) =>
    stat(path.join(tmp, 'evidence', f)).then(
      () => true,
      () => false,
    );

  it('reads its settings from the configuration, rejecting bad values by name', () => {
    expect(retentionSettings(loadConfig({ env: {} }))).toEqual({
      unflaggedPosts: 90,
      dismissedFlags: 365,
      evidence: 365,
      exports: 365,
      sessions: 30,
    });
    expect(retentionSettings(loadConfig({ env: { NETRA_RETAIN_EVIDENCE_DAYS: 'keep' } })).evidence).toBeNull();
    expect(() => loadConfig({ env: { NETRA_RETAIN_SESSIONS_DAYS: '0' } })).toThrow(
      /NETRA_RETAIN_SESSIONS_DAYS: "0" is not valid for retainSessionsDays/,
    );
    expect(() => loadConfig({ env: { NETRA_RETENTION_CRON: 'daily' } })).toThrow(/NETRA_RETENTION_CRON.*retentionCron/);
  });

  it('a dry run counts what is due and removes nothing', async () => {
    const r = await applyRetention({ db: t.db, settings: SETTINGS, store, actor: 'user:admin', now, dryRun: true });
    expect(r.runId).toBeNull();
    expect(r.due.unflaggedPosts).toBeGreaterThanOrEqual(1);
    expect(r.due.dismissedFlags).toBe(1);
    expect(r.due.evidence).toBe(2);
    expect(r.due.exports).toBe(1);
    expect(r.due.sessions).toBe(1);
    expect((await text(p.unflagged)).text).not.toBe('');
    expect(await t.db.selectFrom('retention_runs').selectAll().execute()).toEqual([]);
  });

  it('removes what is due and never touches posts under an open or confirmed flag', async () => {
    const kept = { open: await text(p.open), confirmed: await text(p.confirmed), recent: await text(p.recentDismissed) };
    const r = await applyRetention({ db: t.db, settings: SETTINGS, store, actor: 'system:retention', now });
    expect(r.runId).not.toBeNull();
    expect((await text(p.unflagged)).text).toBe('');
    expect((await text(p.unflagged)).purged_at).not.toBeNull();
    expect((await text(p.recentUnflagged)).text).not.toBe('');
    expect((await text(p.oldDismissed)).text).toBe('');
    expect(await text(p.open)).toEqual(kept.open);
    expect(await text(p.confirmed)).toEqual(kept.confirmed);
    expect(await text(p.recentDismissed)).toEqual(kept.recent);
    const versions = await t.db.selectFrom('post_versions').select('text').where('post_id', '=', p.unflagged).execute();
    expect(versions.every((v) => v.text === '')).toBe(true);
    // Evidence: files of the unflagged and dismissed posts go, the confirmed case's stays; custody says so.
    expect(await exists(files.unflagged)).toBe(false);
    expect(await exists(files.oldDismissed)).toBe(false);
    expect(await exists(files.confirmed)).toBe(true);
    const custody = await t.db.selectFrom('evidence_custody').select(['action', 'detail']).where('action', '=', 'erased').execute();
    expect(custody).toEqual([
      { action: 'erased', detail: { retention: r.runId } },
      { action: 'erased', detail: { retention: r.runId } },
    ]);
    expect((await verifyCustodyChain(t.db)).breaks).toEqual([]);
    // Release: mappings and folder gone, whom it contained kept.
    expect(await t.db.selectFrom('export_release_posts').select('post_id').where('release_id', '=', releaseId).execute()).toEqual([]);
    expect(await stat(releaseDir).catch(() => null)).toBeNull();
    expect(
      (await t.db.selectFrom('export_release_persons').select('person_id').where('release_id', '=', releaseId).execute()).length,
    ).toBeGreaterThan(0);
    expect((await t.db.selectFrom('sessions').select('id').execute()).map((s) => s.id)).toEqual(['new-session']);
    // The audit log: counts and the run id only.
    const audit = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'retention.applied').executeTakeFirstOrThrow();
    expect(audit.entity_id).toBe(String(r.runId));
    expect(JSON.stringify(audit)).not.toMatch(/https?:|x\.com|@/);
    expect((await verifyAuditChain((after) => auditChainPage(t.db, after), await auditChainHead(t.db))).breaks).toEqual([]);
    expect(r.removed).toMatchObject({ posts_dismissed: 1, releases: 1, sessions: 1, evidence_files: 2, release_folders_removed: 1 });
    // Nothing is due any more; the status names the run.
    const s = await retentionStatus(t.db, SETTINGS, null, now);
    expect(s.settings.map((x) => x.due)).toEqual([0, 0, 0, 0, 0]);
    expect(s.lastRun?.id).toBe(r.runId);
    expect(s.lastRun?.counts).toMatchObject({ posts_dismissed: 1 });
  });

  it('a scheduled tick runs once, whatever the number of schedulers', async () => {
    const config = loadConfig({ env: { NETRA_RETENTION_CRON: '0 3 * * *' } });
    const task = retentionTask({ db: t.db, config, store, logger: silentLogger() })!;
    const at = () => new Date('2026-12-06T20:30:00Z'); // 03:30 WIB: the 03:00 tick is due
    const first = await schedulePass({
      pipelines: [],
      start: () => Promise.resolve(false),
      tasks: [task],
      logger: silentLogger(),
      now: at,
    });
    const second = await schedulePass({
      pipelines: [],
      start: () => Promise.resolve(false),
      tasks: [task],
      logger: silentLogger(),
      now: at,
    });
    expect(first).toEqual([{ pipeline: 'retention', tick: new Date('2026-12-06T20:00:00Z'), started: true }]);
    expect(second[0]!.started).toBe(false);
    const runs = await t.db.selectFrom('retention_runs').select(['trigger', 'scheduled_for']).where('trigger', '=', 'schedule').execute();
    expect(runs).toEqual([{ trigger: 'schedule', scheduled_for: new Date('2026-12-06T20:00:00Z') }]);
  });
});
