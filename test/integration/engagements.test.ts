import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadElectionCalendar } from '../../src/classify/rules/election-calendar.load.ts';
import { InputFileError } from '../../src/domain/errors.ts';
import { erasePerson } from '../../src/registry/person-erasure.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { loadPipeline } from '../../src/pipeline/pipeline.load.ts';
import { runScan } from '../../src/pipeline/scan.ts';
import { formatScanReport } from '../../src/cli/scan-report.format.ts';
import { importCampaignAccountsCsv } from '../../src/registry/campaign-accounts-import.ts';
import { dashboardData } from '../../src/repositories/dashboard.repository.ts';
import { flaggedPostIds, listPersonEngagements } from '../../src/repositories/engagements.repository.ts';
import { getFlagDetail } from '../../src/repositories/flag-detail.repository.ts';
import { listFlags } from '../../src/repositories/flags.repository.ts';
import { listQueue } from '../../src/repositories/queue.repository.ts';
import { unflaggedPostsDue } from '../../src/repositories/retention.repository.ts';
import { buildCaseReport } from '../../src/review/case-report.ts';
import type { PledgeRules } from '../../src/domain/pledge.ts';
import { fakeClassifier } from '../helpers/fake-classifier.ts';
import { openTestDb, testDialects, type TestDb } from '../helpers/test-db.ts';
import { CAMPAIGN, POSTS, post, writeEngagementFixture } from '../helpers/engagement-fixture.ts';

describe.each(testDialects())('engagements with campaign accounts on %s', (dialect) => {
  let t: TestDb;
  let dir: string;
  const calendar = loadElectionCalendar();
  const scan = async () =>
    runScan({
      db: t.db,
      loaded: await loadPipeline(path.join(dir, 'p.yaml')),
      classifier: fakeClassifier(),
      calendar: await calendar,
      logger: silentLogger(),
    });
  beforeAll(async () => {
    t = await openTestDb(dialect);
    dir = await mkdtemp(path.join(os.tmpdir(), 'netra-eng-'));
    await writeEngagementFixture(dir);
  });
  afterAll(async () => {
    await t?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('raises one partisan engagement flag per person with every engagement as an item', async () => {
    const r = await scan();
    expect(r.run.counts).toMatchObject({ engagements: 5, engagement_flags_created: 1, flags_created: 2 });
    expect(r.engagements?.found).toEqual({ repost: 1, quote: 1, reply: 1, mention: 2 });
    const flags = await t.db.selectFrom('flags').selectAll().where('kind', '=', 'engagement').execute();
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ post_id: null, classification_id: null, labels: ['partisan'], status: 'open' });
    const items = await t.db.selectFrom('engagements').select(['kind', 'flag_id', 'target_author_handle']).orderBy('id').execute();
    expect(items.map((i) => [i.kind, i.target_author_handle])).toEqual([
      ['repost', 'pair_ab'],
      ['quote', 'pair_ab'],
      ['reply', 'tim_ab'],
      ['mention', 'pair_ab'],
      ['mention', 'pair.ab'],
    ]);
    expect(new Set(items.map((i) => i.flag_id))).toEqual(new Set([flags[0]!.id]));
    // Below the original partisan post flags of the same person.
    const postFlags = await t.db
      .selectFrom('flags')
      .select('priority')
      .where('kind', '=', 'post')
      .where(sql<boolean>`labels ? 'partisan'`)
      .execute();
    expect(Math.min(...postFlags.map((f) => f.priority))).toBeGreaterThan(flags[0]!.priority);
    expect(formatScanReport(r)).toMatch(
      /engaged\s+5\s+with campaign accounts: 2 mention, 1 quote, 1 reply, 1 repost; 1 new engagement flag/,
    );
    expect(formatScanReport(r)).toMatch(/cannot see[^\n]*\n\s+file: follow, like/);
  });

  it('shows the flag in the lists, the queue and the dashboard, and its items beside the campaign posts', async () => {
    const flag = (await t.db.selectFrom('flags').selectAll().where('kind', '=', 'engagement').executeTakeFirstOrThrow())!;
    const listed = (await listFlags(t.db)).find((f) => f.id === flag.id);
    expect(listed).toMatchObject({ kind: 'engagement', postId: null, platform: 'x', handle: 'budi_guru', personName: 'Budi Santoso' });
    expect(listed!.text).toBe('engagement with campaign accounts: 2 mention, 1 quote, 1 reply, 1 repost (@pair.ab @pair_ab @tim_ab)');
    const queue = await listQueue(t.db, { platforms: ['instagram'] }, { limit: 50, offset: 0 });
    expect(queue.items.map((i) => i.id)).toContain(flag.id);
    expect((await dashboardData(t.db, { days: 3 })).byAgency[0]!.n).toBeGreaterThan(0);

    const d = (await getFlagDetail(t.db, flag.id))!;
    expect(d.post).toBeNull();
    expect(d.person?.name).toBe('Budi Santoso');
    expect(d.engagements.map((e) => [e.kind, e.post?.text ?? null, e.target.authorHandle, e.target.text])).toEqual([
      ['repost', '', 'pair_ab', 'Kampanye akbar Sabtu!'],
      ['quote', 'Setuju', 'pair_ab', 'Program 100 hari'],
      ['reply', 'Siap hadir', 'tim_ab', null],
      ['mention', 'Pilih nomor satu #coblos02 @pair_ab', 'pair_ab', null],
      ['mention', 'gas #coblos02 @pair.ab', 'pair.ab', null],
    ]);
    expect(d.engagements[0]!.campaign).toMatchObject({ ownerName: 'Calon A - Calon B', source: 'surat KPU uji 1/2024 (fixture)' });
    expect(d.postVersions).toHaveLength(5);
    expect(await flaggedPostIds(t.db, [flag.id])).toHaveLength(5);
    const report = buildCaseReport(d, {
      pledge: { skb: { items: [] }, pledge: { clauses: [] } } as unknown as PledgeRules,
      reportingUnit: 'Bawaslu Uji',
      saved: undefined,
    });
    expect(report.material.narrative).toMatch(/berinteraksi dengan akun kampanye sebanyak 5 kali/);
    expect(report.material.text).toMatch(/membagikan ulang \(repost\) unggahan @pair_ab/);
  });

  it('re-scanning adds nothing; a decided flag is not reopened: a new engagement starts a new flag', async () => {
    const again = await scan();
    expect(again.run.counts).toMatchObject({ engagements: 0, engagement_flags_created: 0, engagement_flags_updated: 0 });
    const first = (await t.db.selectFrom('flags').selectAll().where('kind', '=', 'engagement').executeTakeFirstOrThrow())!;
    await t.db.updateTable('flags').set({ status: 'confirmed' }).where('id', '=', first.id).execute();
    await writeFile(
      path.join(dir, 'posts.jsonl'),
      [
        ...POSTS,
        post('107', {
          text: '',
          kind: 'share',
          posted_at: '2024-10-08T08:00:00+07:00',
          shared: { kind: 'repost', external_id: '907', author_handle: 'pair_ab' },
        }),
      ].join('\n'),
    );
    const r = await scan();
    expect(r.run.counts).toMatchObject({ engagements: 1, engagement_flags_created: 1 });
    const all = await t.db.selectFrom('flags').select(['id', 'status']).where('kind', '=', 'engagement').orderBy('id').execute();
    expect(all.map((f) => f.status)).toEqual(['confirmed', 'open']);
    expect(await t.db.selectFrom('engagements').select('id').where('flag_id', '=', first.id).execute()).toHaveLength(5);
    // Another new one joins the open flag, whose priority rises.
    const before = (await t.db.selectFrom('flags').select('priority').where('id', '=', all[1]!.id).executeTakeFirstOrThrow()).priority;
    await writeFile(
      path.join(dir, 'posts.jsonl'),
      [
        ...POSTS,
        post('107', {
          text: '',
          kind: 'share',
          posted_at: '2024-10-08T08:00:00+07:00',
          shared: { kind: 'repost', external_id: '907', author_handle: 'pair_ab' },
        }),
        post('108', { text: 'Ok', kind: 'reply', posted_at: '2024-10-09T08:00:00+07:00', reply_to: { author_handle: 'tim_ab' } }),
      ].join('\n'),
    );
    expect((await scan()).run.counts).toMatchObject({ engagements: 1, engagement_flags_created: 0, engagement_flags_updated: 1 });
    const after = (await t.db.selectFrom('flags').select('priority').where('id', '=', all[1]!.id).executeTakeFirstOrThrow()).priority;
    expect(after).toBeGreaterThan(before);
    const history = await listPersonEngagements(t.db, first.person_id!);
    expect(history.map((e) => [e.kind, e.flagStatus])).toEqual([
      ['repost', 'confirmed'],
      ['quote', 'confirmed'],
      ['reply', 'confirmed'],
      ['mention', 'confirmed'],
      ['mention', 'confirmed'],
      ['repost', 'open'],
      ['reply', 'open'],
    ]);
  });

  it('retention keeps the posts that carry an undecided or confirmed engagement flag (they are its evidence)', async () => {
    const far = new Date(Date.now() + 10 * 365 * 86_400_000);
    const items = await t.db.selectFrom('engagements').select('post_id').where('post_id', 'is not', null).execute();
    const due = new Set(await unflaggedPostsDue(t.db, far));
    expect(items.filter((i) => due.has(i.post_id!))).toEqual([]);
    // The neutral @-mention (no engagement) and the repost of a news account are not kept by any flag.
    const neutral = await t.db.selectFrom('posts').select('id').where('external_id', 'in', ['105', '106']).execute();
    expect(neutral.every((p) => due.has(p.id))).toBe(true);
  });

  it("erasing the person clears the free text of their engagement flags and the engagements' details", async () => {
    const flag = await t.db
      .selectFrom('flags')
      .select(['id', 'person_id'])
      .where('kind', '=', 'engagement')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const user = await t.db
      .insertInto('users')
      .values({ username: 'sari', display_name: 'Sari', role: 'analyst', password_hash: 'x', updated_at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db.insertInto('flag_notes').values({ flag_id: flag.id, author_id: user.id, text: 'Budi Santoso, tetangga pelapor' }).execute();
    await erasePerson({
      db: t.db,
      person: String(flag.person_id),
      reason: 'permintaan subjek data 2024-12-01 no. 7',
      actor: 'user:admin',
      store: { discard: async () => undefined },
    });
    expect(await t.db.selectFrom('flag_notes').select('id').where('flag_id', '=', flag.id).execute()).toEqual([]);
    const left = await t.db.selectFrom('engagements').select('detail').where('person_id', '=', flag.person_id).execute();
    expect(left.length).toBeGreaterThan(0);
    expect(left.every((e) => Object.keys(e.detail).length === 0)).toBe(true);
  });

  it('campaign-accounts import: idempotent, audited without handles or names, and a bad file changes nothing', async () => {
    const file = path.join(dir, 'ca.csv');
    expect(await importCampaignAccountsCsv(t.db, file)).toMatchObject({ rows: 4, created: 0, updated: 0, unchanged: 4, withoutHandle: 1 });
    const audit = await t.db.selectFrom('audit_log').select(['after']).where('action', '=', 'campaign_account.created').execute();
    expect(audit).toHaveLength(4);
    expect(JSON.stringify(audit)).not.toMatch(/pair_ab|Calon A|surat KPU/);
    expect(audit[0]!.after).toMatchObject({
      id: expect.any(Number),
      contest: 'pilkada-uji-2024',
      changed: expect.arrayContaining(['handle']),
    });
    const before = await t.db.selectFrom('campaign_accounts').selectAll().orderBy('id').execute();
    const bad = path.join(dir, 'bad.csv');
    await writeFile(
      bad,
      `${CAMPAIGN.replace('surat KPU uji 1/2024 (fixture)', 'surat KPU uji 3/2024')}\npilkada-uji-2024,pair,Calon X,02,x,@@,,src,,`,
    );
    const err = await importCampaignAccountsCsv(t.db, bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputFileError);
    expect((err as InputFileError).problems).toEqual([{ file: bad, line: 6, field: 'handle', message: expect.stringContaining('"@"') }]);
    expect(await t.db.selectFrom('campaign_accounts').selectAll().orderBy('id').execute()).toEqual(before);
  });
});
