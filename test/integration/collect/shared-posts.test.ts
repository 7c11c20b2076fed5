import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadElectionCalendar } from '../../../src/classify/rules/election-calendar.load.ts';
import { silentLogger } from '../../../src/log/logger.ts';
import { loadPipeline } from '../../../src/pipeline/pipeline.load.ts';
import { runScan } from '../../../src/pipeline/scan.ts';
import { backfillWebReposts } from '../../../src/db/migrations/0801-post-shared.ts';
import { fakeClassifier } from '../../helpers/fake-classifier.ts';
import { ownText, sharedOf, type FixturePlatform } from '../../helpers/fixture-site/fixture-data.ts';
import { startFixtureSite, type FixtureSite } from '../../helpers/fixture-site/fixture-site.ts';
import { CHROMIUM } from '../../helpers/collect-helpers.ts';
import { describeBrowser } from '../../helpers/chromium.ts';
import { openTestDb, testDialects, type TestDb } from '../../helpers/test-db.ts';

/**
 * Quotes and reposts told apart (issue 12, item 3): the civil servant's own words are the post's
 * text, the shared post (its words, author, URL) is stored beside them, and the classifier scores
 * the own words only. A media-only quote of a campaign account's post is not the civil servant
 * saying the campaign's words.
 */
let site: FixtureSite;
let dir: string;
beforeAll(async () => {
  site = await startFixtureSite();
  dir = await mkdtemp(path.join(tmpdir(), 'netra-shared-'));
  await writeFile(
    path.join(dir, 'registry.csv'),
    [
      'nip,name,agency,platform,handle',
      ...['x', 'facebook'].map((p) => `198503122010011002,Budi Santoso,Dinas Pendidikan Kabupaten Sleman,${p},budi_guru`),
    ].join('\n'),
  );
  for (const platform of ['x', 'facebook']) {
    await writeFile(
      path.join(dir, `${platform}.yaml`),
      `name: shared-${platform}
registry: registry.csv
accounts: { platforms: [${platform}] }
sources:
  - kind: web
    platform: ${platform}
    baseUrl: ${site.baseUrl(platform as FixturePlatform)}
    evidence: none
    quietMs: 150
    politeness: { minDelayMs: 0, maxDelayMs: 0, intervalCap: 1000, backoffBaseMs: 50 }
`,
    );
  }
});
afterAll(async () => {
  await site?.close();
  await rm(dir, { recursive: true, force: true });
});

describeBrowser.each(testDialects())('quotes and reposts on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(dialect);
  });
  afterAll(async () => t?.close());

  const scan = async (platform: string, markers: Parameters<typeof fakeClassifier>[0], key: string) =>
    runScan({
      db: t.db,
      loaded: await loadPipeline(path.join(dir, `${platform}.yaml`)),
      classifier: fakeClassifier(markers, key),
      calendar: await loadElectionCalendar(),
      logger: silentLogger(),
      config: { chromiumPath: CHROMIUM, evidenceDir: path.join(dir, 'evidence'), xApiBearerToken: undefined },
    });
  const row = (platform: string, text: string) =>
    t.db
      .selectFrom('posts')
      .selectAll()
      .where('platform', '=', platform)
      .where('handle', '=', 'budi_guru')
      .where('shared_text', '=', text)
      .executeTakeFirstOrThrow();

  it.each(['x', 'facebook'] as const)('%s: stores the own words as the text and the shared post beside them', async (platform) => {
    await scan(platform, { partisan: '#coblos02' }, `fake-${platform}`);
    const shared = site.posts(platform, 'budi_guru').filter((p) => sharedOf(p));
    expect(shared.length).toBeGreaterThan(0);
    for (const p of shared) {
      const s = sharedOf(p)!;
      const r = await row(platform, s.text);
      expect(r.text).toBe(ownText(p));
      expect(r).toMatchObject({ shared_kind: s.kind, shared_author_handle: s.authorHandle, shared_external_id: s.externalId });
      expect(r.shared_url).toMatch(new RegExp(`/${s.authorHandle}/(status|posts)/${s.externalId}$`));
      expect(r.kind).toBe('share');
    }
  });

  it("never scores the shared post's words as the civil servant's, and evidence spans point into the own words", async () => {
    // "menangkan 02" is only in the campaign post that budi_guru quoted without a word of his own;
    // "info untuk warga" is budi_guru's own comment on another campaign post.
    await scan('x', { partisan: 'menangkan 02', hate: 'info untuk warga' }, 'fake-x-2');
    const flags = await t.db
      .selectFrom('flags')
      .innerJoin('posts', 'posts.id', 'flags.post_id')
      .innerJoin('classifications', 'classifications.id', 'flags.classification_id')
      .select(['posts.text', 'posts.shared_text', 'flags.labels', 'classifications.evidence'])
      .where('posts.platform', '=', 'x')
      .execute();
    expect(flags.filter((f) => (f.labels as string[]).includes('partisan') && /menangkan 02/.test(f.shared_text ?? ''))).toEqual([]);
    const own = flags.find((f) => (f.labels as string[]).includes('hate'))!;
    expect(own.text).toBe('Info untuk warga, silakan dibaca.');
    const span = (own.evidence as { start: number; end: number; text: string }[])[0]!;
    expect(own.text.slice(span.start, span.end)).toBe(span.text);
  });
});

/**
 * The X API gives the same shared post (`RawPost.shared`, from its referenced_tweets expansion):
 * it is stored in the same columns as the web's, so both sources give one representation.
 * Before the merge of collect-api and collect-web the API's `shared` was parsed and then dropped.
 */
describe.each(testDialects())('quotes and reposts from the X API on %s', (dialect) => {
  it('stores the own words as the text and the quoted or reposted post beside them', async () => {
    const t = await openTestDb(dialect);
    try {
      await writeFile(
        path.join(dir, 'registry-api.csv'),
        ['nip,name,agency,platform,handle', '198503122010011003,Sari Dewi,Dinas Kesehatan Kabupaten Sleman,x,pengutip'].join('\n'),
      );
      await writeFile(
        path.join(dir, 'x-api.yaml'),
        `name: shared-x-api
registry: registry-api.csv
accounts: { platforms: [x] }
sources:
  - kind: x-api
    baseUrl: ${site.url}/x-api
    postUrlBase: ${site.baseUrl('x')}
    evidence: none
    politeness: { minDelayMs: 0, maxDelayMs: 0, intervalCap: 1000, backoffBaseMs: 50 }
`,
      );
      await runScan({
        db: t.db,
        loaded: await loadPipeline(path.join(dir, 'x-api.yaml')),
        classifier: fakeClassifier({ partisan: 'coblos nomor 2' }, 'fake-x-api'),
        calendar: await loadElectionCalendar(),
        logger: silentLogger(),
        config: { chromiumPath: CHROMIUM, evidenceDir: path.join(dir, 'evidence'), xApiBearerToken: 'fixture-token' },
      });
      const rows = await t.db
        .selectFrom('posts')
        .select(['text', 'kind', 'shared_kind', 'shared_author_handle', 'shared_external_id', 'shared_url', 'shared_text'])
        .where('handle', '=', 'pengutip')
        .where('shared_kind', 'is not', null)
        .orderBy('posted_at', 'desc')
        .execute();
      const campaign = 'Coblos nomor 2! Lanjutkan pembangunan #02Melanjutkan';
      expect(rows.map((r) => [r.text, r.kind, r.shared_kind, r.shared_author_handle, r.shared_text])).toEqual([
        ['Setuju banget, ini baru pemimpin!', 'share', 'quote', 'akun_kampanye', campaign],
        ['', 'share', 'quote', 'akun_kampanye', campaign],
        ['', 'share', 'repost', 'akun_kampanye', campaign],
      ]);
      expect(rows[0]!.shared_url).toBe(`${site.baseUrl('x')}/akun_kampanye/status/${rows[0]!.shared_external_id}`);
      // The campaign's words are never flagged as the civil servant's.
      expect(
        await t.db
          .selectFrom('flags')
          .innerJoin('posts', 'posts.id', 'flags.post_id')
          .select('posts.id')
          .where('posts.handle', '=', 'pengutip')
          .execute(),
      ).toEqual([]);
    } finally {
      await t.close();
    }
  });
});

describe.each(testDialects())('migration 0801 on %s', (dialect) => {
  it("moves an old web repost's words to the shared columns, with a new version whose own words are empty", async () => {
    const t = await openTestDb(dialect);
    try {
      const [row] = await t.db
        .insertInto('posts')
        .values({
          platform: 'x',
          external_id: 'rt:budi_guru:123',
          account_id: null,
          handle: 'budi_guru',
          url: 'https://x.com/akun_kampanye/status/123',
          kind: 'share',
          text: 'Coblos nomor 2!',
          posted_at: null,
          collected_at: new Date(),
          last_seen_at: new Date(),
          current_version: 1,
          content_sha256: 'x',
          raw: JSON.stringify({ via: 'web', repostOf: { handle: 'Akun_Kampanye', id: '123' } }),
        })
        .returning('id')
        .execute();
      await t.db
        .insertInto('post_versions')
        .values({
          post_id: row!.id,
          version: 1,
          text: 'Coblos nomor 2!',
          content_sha256: 'x',
          raw: '{}',
          collected_at: new Date(),
          source: 'x-web',
        })
        .execute();
      await backfillWebReposts(t.db);
      await backfillWebReposts(t.db);
      const p = await t.db.selectFrom('posts').selectAll().where('id', '=', row!.id).executeTakeFirstOrThrow();
      expect(p).toMatchObject({
        text: '',
        current_version: 2,
        shared_kind: 'repost',
        shared_external_id: '123',
        shared_author_handle: 'akun_kampanye',
        shared_text: 'Coblos nomor 2!',
      });
      expect(
        await t.db
          .selectFrom('post_versions')
          .select(['version', 'text', 'source'])
          .where('post_id', '=', row!.id)
          .orderBy('version')
          .execute(),
      ).toEqual([
        { version: 1, text: 'Coblos nomor 2!', source: 'x-web' },
        { version: 2, text: '', source: 'migration:0801' },
      ]);
      expect(await t.db.selectFrom('audit_log').select('action').where('entity_id', '=', String(row!.id)).execute()).toEqual([
        { action: 'post.versioned' },
      ]);
    } finally {
      await t.close();
    }
  });
});

describe('file imports keep working without shared posts', () => {
  it('a post without `shared` stores no shared columns', async () => {
    const t = await openTestDb('pglite');
    try {
      const { storePosts } = await import('../../../src/repositories/posts.repository.ts');
      await t.db.transaction().execute((trx) =>
        storePosts(
          trx,
          [
            {
              platform: 'x',
              externalId: '1',
              handle: 'a',
              url: null,
              kind: 'post',
              text: 'halo',
              postedAt: null,
              raw: {},
              accountId: null,
            },
          ],
          { source: 'file' },
        ),
      );
      expect(await t.db.selectFrom('posts').select(['shared_kind', 'shared_text']).executeTakeFirstOrThrow()).toEqual({
        shared_kind: null,
        shared_text: null,
      });
    } finally {
      await t.close();
    }
  });
});
