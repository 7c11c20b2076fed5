import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadElectionCalendar } from '../../../src/classify/rules/election-calendar.load.ts';
import { silentLogger } from '../../../src/log/logger.ts';
import { loadPipeline } from '../../../src/pipeline/pipeline.load.ts';
import { runScan } from '../../../src/pipeline/scan.ts';
import { fakeClassifier } from '../../helpers/fake-classifier.ts';
import { sharedOf } from '../../helpers/fixture-site/fixture-data.ts';
import { startFixtureSite, type FixtureSite } from '../../helpers/fixture-site/fixture-site.ts';
import { CHROMIUM } from '../../helpers/collect-helpers.ts';
import { describeBrowser } from '../../helpers/chromium.ts';
import { openTestDb, testDialects } from '../../helpers/test-db.ts';

/**
 * Issue 16 on the fixture site's X and Facebook pages (web source, Chromium): budi_guru's reposts
 * and quotes of `akun_kampanye`, and on X his reply to `disdik_sleman`, which this test registers
 * as a campaign account only to see a reply from the page become an engagement.
 */
let site: FixtureSite;
let dir: string;
beforeAll(async () => {
  site = await startFixtureSite();
  dir = await mkdtemp(path.join(tmpdir(), 'netra-webeng-'));
  await writeFile(
    path.join(dir, 'registry.csv'),
    [
      'nip,name,agency,platform,handle',
      ...['x', 'facebook'].map((p) => `198503122010011002,Budi Santoso,Dinas Pendidikan Kabupaten Sleman,${p},budi_guru`),
    ].join('\n'),
  );
  await writeFile(
    path.join(dir, 'ca.csv'),
    [
      'contest,owner_kind,owner_name,owner_ref,platform,handle,profile_url,source,source_url,note',
      'pilpres-2024,team,Akun Kampanye (fixture),02,x,akun_kampanye,,fixture site,,',
      'pilpres-2024,team,Akun Kampanye (fixture),02,facebook,akun_kampanye,,fixture site,,',
      'pilpres-2024,team,Stand-in for a campaign account (fixture),02,x,disdik_sleman,,fixture site: stands in so a reply is seen,,',
    ].join('\n'),
  );
  for (const platform of ['x', 'facebook'])
    await writeFile(
      path.join(dir, `${platform}.yaml`),
      `name: eng-${platform}
registry: registry.csv
campaignAccounts: ca.csv
accounts: { platforms: [${platform}] }
sources:
  - kind: web
    platform: ${platform}
    baseUrl: ${site.baseUrl(platform as 'x' | 'facebook')}
    evidence: none
    quietMs: 150
    politeness: { minDelayMs: 0, maxDelayMs: 0, intervalCap: 1000, backoffBaseMs: 50 }
`,
    );
});
afterAll(async () => {
  await site?.close();
  await rm(dir, { recursive: true, force: true });
});

describeBrowser.each(testDialects())('engagements from public pages on %s', (dialect) => {
  it.each(['x', 'facebook'] as const)(
    '%s: every repost, quote and reply of a campaign account is an item of one flag',
    async (platform) => {
      const t = await openTestDb(dialect);
      try {
        const r = await runScan({
          db: t.db,
          loaded: await loadPipeline(path.join(dir, `${platform}.yaml`)),
          classifier: fakeClassifier({ partisan: '#coblos02' }, `fake-${platform}`),
          calendar: await loadElectionCalendar(),
          logger: silentLogger(),
          config: { chromiumPath: CHROMIUM, evidenceDir: path.join(dir, 'evidence'), xApiBearerToken: undefined },
        });
        const expected: Record<string, number> = {};
        for (const p of site.posts(platform, 'budi_guru')) {
          const s = sharedOf(p);
          if (s?.authorHandle === 'akun_kampanye') expected[s.kind] = (expected[s.kind] ?? 0) + 1;
          else if (!s && p.replyTo?.handle === 'disdik_sleman' && platform === 'x') expected.reply = (expected.reply ?? 0) + 1;
        }
        expect(Object.keys(expected).length).toBeGreaterThan(0);
        // Reposts and quotes from the page; on X also the reply ("Membalas @akun", or the JSON's in_reply_to_*).
        const found = r.engagements?.found ?? {};
        for (const [k, n] of Object.entries(expected)) expect(found[k], k).toBe(n);
        expect(r.run.counts).toMatchObject({ engagement_flags_created: 1 });
        expect(r.engagements?.notVisible[`${platform}-web`]).toEqual(platform === 'x' ? ['follow', 'like'] : ['reply', 'follow', 'like']);
      } finally {
        await t.close();
      }
    },
  );
});
