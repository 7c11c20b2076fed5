import { afterAll, beforeAll } from 'vitest';
import { openFileSource } from '../../../src/collect/sources/file/file.source.ts';
import { openXApiSource } from '../../../src/collect/sources/x-api/x-api.source.ts';
import { FIXTURE_PLATFORMS } from '../../helpers/fixture-site/fixture-data.ts';
import { startFixtureSite, type FixtureSite } from '../../helpers/fixture-site/fixture-site.ts';
import { FAST, fixtureWebSource } from '../../helpers/collect-helpers.ts';
import { conformanceDb, sourceConformance } from './source-conformance.ts';

/** Every source kind passes the same contract. */
let site: FixtureSite;
beforeAll(async () => {
  site = await startFixtureSite();
});
afterAll(async () => {
  await site?.close();
  await (await conformanceDb()).close();
});

sourceConformance('file (JSONL export)', async () => ({
  source: await openFileSource({ path: 'test/fixtures/posts/small.jsonl' }),
  platform: 'x',
  known: { handle: 'budi_guru', posts: 2 },
  unknown: 'tidakada',
}));

sourceConformance('file (CSV export with a column mapping)', async () => ({
  source: await openFileSource({
    path: 'test/fixtures/posts/research-export.csv',
    platform: 'x',
    columns: { external_id: 'tweet_id', handle: 'user', text: 'full_text', posted_at: 'created_at', url: 'link' },
  }),
  platform: 'x',
  known: { handle: 'budi_guru', posts: 2 },
  unknown: 'tidakada',
}));

sourceConformance('x-api (X API v2 replay)', async () => ({
  source: openXApiSource({
    bearerToken: 'fixture-token',
    baseUrl: `${site.url}/x-api`,
    postUrlBase: site.baseUrl('x'),
    politeness: FAST,
    maxResults: 20,
  }),
  platform: 'x',
  known: { handle: 'bench_007', posts: 40 },
  unknown: 'tidakada',
}));

for (const platform of FIXTURE_PLATFORMS) {
  sourceConformance(`${platform}-web (fixture site)`, async () => {
    const source = await fixtureWebSource(site, platform);
    return { source, platform, known: { handle: 'bench_003', posts: 40 }, unknown: 'tidakada', close: () => source.close() };
  });
}
