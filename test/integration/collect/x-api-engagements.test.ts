import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadElectionCalendar } from '../../../src/classify/rules/election-calendar.load.ts';
import { openXApiSource } from '../../../src/collect/sources/x-api/x-api.source.ts';
import { silentLogger } from '../../../src/log/logger.ts';
import { loadPipeline } from '../../../src/pipeline/pipeline.load.ts';
import { runScan } from '../../../src/pipeline/scan.ts';
import { formatScanReport } from '../../../src/cli/scan-report.format.ts';
import { listFlagEngagements } from '../../../src/repositories/engagements.repository.ts';
import { fakeClassifier } from '../../helpers/fake-classifier.ts';
import { startFixtureSite, type FixtureSite } from '../../helpers/fixture-site/fixture-site.ts';
import { openTestDb, testDialects } from '../../helpers/test-db.ts';
import { CHROMIUM } from '../../helpers/collect-helpers.ts';

/**
 * Issue 16 on the X API replay (test/helpers/fixture-site/x-api-replay.ts): reposts and quotes
 * (`pengutip`), a reply and follows (`pengikut`, GET /2/users/:id/following) of the campaign
 * account `akun_kampanye`, each an item of one engagement flag per person.
 */
let site: FixtureSite;
let dir: string;
const politeness = '{ minDelayMs: 0, maxDelayMs: 0, intervalCap: 1000, backoffBaseMs: 50 }';
beforeAll(async () => {
  site = await startFixtureSite();
  dir = await mkdtemp(path.join(tmpdir(), 'netra-xeng-'));
  await writeFile(
    path.join(dir, 'registry.csv'),
    [
      'nip,name,agency,platform,handle',
      '198503122010011003,Sari Dewi,Dinas Kesehatan Kabupaten Sleman,x,pengutip',
      '198503122010011004,Agus Salim,Kecamatan Depok,x,pengikut',
    ].join('\n'),
  );
  await writeFile(
    path.join(dir, 'ca.csv'),
    [
      'contest,owner_kind,owner_name,owner_ref,platform,handle,profile_url,source,source_url,note',
      'pilpres-2024,team,Akun Kampanye (fixture),02,x,akun_kampanye,,fixture of the X API replay,,',
    ].join('\n'),
  );
});
afterAll(async () => {
  await site?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const pipeline = async (following: boolean) => {
  const file = path.join(dir, `x-api-${following}.yaml`);
  await writeFile(
    file,
    `name: eng-x-api
registry: registry.csv
campaignAccounts: ca.csv
sources:
  - kind: x-api
    baseUrl: ${site.url}/x-api
    postUrlBase: https://x.com
    evidence: none
    politeness: ${politeness}
${following ? '    following: true\n' : ''}`,
  );
  return loadPipeline(file);
};

describe.each(testDialects())('engagements from the X API on %s', (dialect) => {
  it('finds reposts, quotes, a reply and a follow, one flag per person; follows are not visible when not read', async () => {
    const t = await openTestDb(dialect);
    try {
      const scan = async (following: boolean) =>
        runScan({
          db: t.db,
          loaded: await pipeline(following),
          classifier: fakeClassifier({ partisan: 'coblos nomor 2' }, 'fake-x-api'),
          calendar: await loadElectionCalendar(),
          logger: silentLogger(),
          config: { chromiumPath: CHROMIUM, evidenceDir: path.join(dir, 'evidence'), xApiBearerToken: 'fixture-token' },
        });
      const first = await scan(false);
      expect(first.engagements?.found).toEqual({ quote: 2, repost: 1, reply: 1 });
      expect(first.engagements?.notVisible).toEqual({ 'x-api': ['follow', 'like'] });
      expect(formatScanReport(first)).toMatch(/x-api: follow, like/);
      expect(first.run.counts).toMatchObject({ engagements: 4, engagement_flags_created: 2 });

      const second = await scan(true);
      expect(second.engagements?.found).toEqual({ follow: 1 });
      expect(second.engagements?.notVisible).toEqual({ 'x-api': ['like'] });
      expect(second.run.counts).toMatchObject({ engagements: 1, engagement_flags_created: 0, engagement_flags_updated: 1 });

      const flags = await t.db
        .selectFrom('flags as f')
        .innerJoin('persons as p', 'p.id', 'f.person_id')
        .select(['f.id', 'p.name'])
        .where('f.kind', '=', 'engagement')
        .orderBy('p.name')
        .execute();
      expect(flags.map((f) => f.name)).toEqual(['Agus Salim', 'Sari Dewi']);
      const agus = await listFlagEngagements(t.db, flags[0]!.id);
      expect(agus.map((e) => [e.kind, e.target.authorHandle, e.target.text, e.post?.text ?? null])).toEqual([
        ['reply', 'akun_kampanye', null, '@akun_kampanye Siap, hadir!'],
        ['follow', 'akun_kampanye', null, null],
      ]);
      expect(agus[0]!.target).toMatchObject({
        externalId: '1757000000000000077',
        url: 'https://x.com/akun_kampanye/status/1757000000000000077',
      });
      expect(agus[1]).toMatchObject({ post: null, source: 'x-api', detail: { seenIn: 'following list' } });
      const sari = await listFlagEngagements(t.db, flags[1]!.id);
      expect(sari.map((e) => [e.kind, e.target.text])).toEqual([
        ['repost', 'Coblos nomor 2! Lanjutkan pembangunan #02Melanjutkan'],
        ['quote', 'Coblos nomor 2! Lanjutkan pembangunan #02Melanjutkan'],
        ['quote', 'Coblos nomor 2! Lanjutkan pembangunan #02Melanjutkan'],
      ]);
      // The rest of the following list is not stored anywhere.
      expect(JSON.stringify(await t.db.selectFrom('engagements').selectAll().execute())).not.toMatch(/info_cuaca/);
      // Re-scanning adds nothing.
      expect((await scan(true)).run.counts).toMatchObject({ engagements: 0 });
    } finally {
      await t.close();
    }
  });
});

describe('the X API following list', () => {
  it('reads every page, and says when it stopped early instead of reporting no follow', async () => {
    const open = (pages: number) =>
      openXApiSource({
        bearerToken: 'fixture-token',
        baseUrl: `${site.url}/x-api`,
        following: true,
        followingPageSize: 1,
        followingMaxPages: pages,
        politeness: { minDelayMs: 0, maxDelayMs: 0, intervalCap: 1000, backoffBaseMs: 50 },
      });
    const ctx = { logger: silentLogger() } as Parameters<ReturnType<typeof openXApiSource>['collectAccount']>[1];
    const acc = { accountId: 1, platform: 'x', handle: 'pengikut', profileUrl: '' };
    expect((await open(5).collectAccount(acc, ctx)).following).toEqual({ handles: ['info_cuaca', 'akun_kampanye'], complete: true });
    expect((await open(1).collectAccount(acc, ctx)).following).toEqual({
      handles: ['info_cuaca'],
      complete: false,
      message: 'X API following: stopped after 1 page(s)',
    });
  });
});
