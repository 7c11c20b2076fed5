import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncClaimFeed } from '../../src/claims/feeds/claims-sync.ts';
import { politeFeedHttp } from '../../src/collect/api/feed-http.client.ts';
import { getFeedCursor } from '../../src/repositories/claim-feeds.repository.ts';
import { findClaim } from '../../src/repositories/claims.repository.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { startClaimsFeedReplay, type ClaimsFeedReplay } from '../helpers/api-replay/claims-feed-replay.ts';
import { openTestDb, testDialects, type TestDb } from '../helpers/test-db.ts';

/** Issue 12 item 8: `netra claims sync` against saved TurnBackHoax (WordPress REST) and RSS responses on 127.0.0.1. */
let feed: ClaimsFeedReplay;
beforeAll(async () => {
  feed = await startClaimsFeedReplay();
});
afterAll(async () => feed?.close());

const http = () =>
  politeFeedHttp({
    politeness: { minDelayMs: 0, maxDelayMs: 0, backoffBaseMs: 50, backoffMaxMs: 200, intervalCap: 1000 },
    logger: silentLogger(),
  });
const tbh = () => ({ kind: 'wordpress' as const, url: feed.url, name: 'turnbackhoax.id' });

describe.each(testDialects())('claims sync on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(dialect);
    feed.reset();
  });
  afterAll(async () => t?.close());

  it('pulls debunks from the WordPress API, extracts the circulated claim, skips what is not a debunk', async () => {
    const s = await syncClaimFeed(t.db, tbh(), http());
    expect(s).toMatchObject({ status: 'ok', items: 5, created: 3, updated: 0, unchanged: 0 });
    expect(s.skipped).toHaveLength(2);
    expect(s.skipped.join('\n')).toMatch(/verdict \[KLARIFIKASI\]/);
    // Old format: [NARASI]: “...” between rules, the explanation left out.
    const old = await findClaim(t.db, 'turnbackhoax.id:161001');
    expect(old).toMatchObject({
      title: 'Surat Suara Pemilu 2024 Sudah Dicoblos di Gudang KPU',
      category: 'Konten yang Menyesatkan/Misleading Content',
      published_on: '2024-01-20',
    });
    expect(old!.claim_text).toBe('Surat suara di gudang KPU sudah dicoblos untuk paslon 02 sebelum hari pemungutan, curang dari awal!');
    expect(old!.debunk_url).toBe('https://turnbackhoax.id/2024/01/20/salah-surat-suara-pemilu-2024-sudah-dicoblos-di-gudang-kpu/');
    // Today's format: "berisi narasi:" then the quoted text.
    expect((await findClaim(t.db, 'turnbackhoax.id:161003'))!.claim_text).toBe(
      'Semua ASN wajib memilih paslon nomor 1, yang tidak memilih akan dipecat setelah pemilu',
    );
    // Nothing marked: the title stands for the claim; entities decoded.
    expect((await findClaim(t.db, 'turnbackhoax.id:161004'))!.claim_text).toBe('Bansos Hanya untuk Pendukung Paslon & Keluarganya');
    const cursor = await getFeedCursor(t.db, 'turnbackhoax.id');
    expect(cursor).toMatchObject({ lastStatus: 'ok', claimsCreated: 3 });
    expect(cursor!.modifiedAfter?.toISOString()).toBe('2024-01-24T11:00:00.000Z');
    const q = new URL(feed.hits[0]!.path, 'http://x').searchParams;
    expect([q.get('per_page'), q.get('orderby'), q.get('order'), q.get('modified_after')]).toEqual(['100', 'modified', 'asc', null]);
    expect(feed.hits[0]!.userAgent).toMatch(/^netra\/.+claims sync/);
  });

  it('asks only for what changed since its cursor, and picks up new and corrected debunks', async () => {
    feed.hits.length = 0;
    const again = await syncClaimFeed(t.db, tbh(), http());
    expect(again).toMatchObject({ status: 'ok', created: 0, updated: 0 });
    expect(new URL(feed.hits[0]!.path, 'http://x').searchParams.get('modified_after')).toBe('2024-01-24T10:59:59');
    feed.posts = [
      ...feed.posts.map((p) =>
        p.id === 161004
          ? {
              ...p,
              modified_gmt: '2024-02-01T01:00:00',
              content: { rendered: '<p>[KATEGORI]: Konten Palsu</p><p>Tidak ada pernyataan resmi.</p>' },
            }
          : p,
      ),
      {
        id: 161010,
        date_gmt: '2024-02-02T02:00:00',
        modified_gmt: '2024-02-02T02:00:00',
        link: 'https://turnbackhoax.id/2024/02/02/salah-tps-dipindah/',
        title: { rendered: '[SALAH] TPS Dipindah ke Balai Desa' },
        content: {
          rendered: '<p>NARASI: “TPS 05 pindah ke balai desa, jangan datang ke sekolah”</p><p>= = = = =</p><p>PENJELASAN: tidak benar.</p>',
        },
      },
    ];
    const s = await syncClaimFeed(t.db, tbh(), http());
    // The post in the cursor's own second is read again (an explainer: skipped again).
    expect(s).toMatchObject({ status: 'ok', items: 3, created: 1, updated: 1 });
    expect((await findClaim(t.db, 'turnbackhoax.id:161004'))!.category).toBe('Konten Palsu');
    expect((await findClaim(t.db, 'turnbackhoax.id:161010'))!.claim_text).toBe('TPS 05 pindah ke balai desa, jangan datang ke sekolah');
    expect((await getFeedCursor(t.db, 'turnbackhoax.id'))!.modifiedAfter?.toISOString()).toBe('2024-02-02T02:00:00.000Z');
  });

  it('retries 503 and waits out a 429 Retry-After; a feed that keeps failing is recorded, its cursor kept', async () => {
    feed.failNext(503, 1);
    expect((await syncClaimFeed(t.db, tbh(), http())).status).toBe('ok');
    feed.failNext(429, 1);
    const t0 = Date.now();
    expect((await syncClaimFeed(t.db, tbh(), http())).status).toBe('ok');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
    const before = await getFeedCursor(t.db, 'turnbackhoax.id');
    feed.failNext(503, 10);
    const s = await syncClaimFeed(t.db, tbh(), http());
    expect(s.status).toBe('error');
    expect(s.message).toMatch(/HTTP 503/);
    const after = await getFeedCursor(t.db, 'turnbackhoax.id');
    expect(after).toMatchObject({ lastStatus: 'error', modifiedAfter: before!.modifiedAfter });
    feed.failNext(503, 0);
  });

  it('pages through a large backlog by modification time, a sync at most maxPages requests', async () => {
    feed.posts = Array.from({ length: 250 }, (_, i) => ({
      id: 200000 + i,
      date_gmt: '2024-03-01T00:00:00',
      modified_gmt: new Date(Date.parse('2024-03-01T00:00:00Z') + i * 60_000).toISOString().slice(0, 19),
      link: `https://turnbackhoax.id/p/${i}`,
      title: { rendered: `[SALAH] Klaim palsu nomor ${i}` },
      content: { rendered: '<p>x</p>' },
    }));
    const first = await syncClaimFeed(t.db, { ...tbh(), name: 'backlog', maxPages: 2 }, http());
    // Two requests: 100 posts, then 100 from the newest one's second on (itself read again).
    expect(first).toMatchObject({ status: 'ok', items: 200, created: 199, more: true });
    const rest = await syncClaimFeed(t.db, { ...tbh(), name: 'backlog', maxPages: 2 }, http());
    expect(rest).toMatchObject({ status: 'ok', created: 51, more: false });
    expect(
      Number(
        (
          await t.db
            .selectFrom('claims')
            .select((e) => e.fn.countAll<number>().as('n'))
            .where('source', '=', 'backlog')
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ).toBe(250);
    feed.reset();
  });

  it('reads an RSS 2.0 feed of fact-checks', async () => {
    const s = await syncClaimFeed(t.db, { kind: 'rss', url: `${feed.url}/feed/`, name: 'factcheck.example' }, http());
    expect(s).toMatchObject({ status: 'ok', items: 2, created: 1 });
    const again = await syncClaimFeed(t.db, { kind: 'rss', url: `${feed.url}/feed/`, name: 'factcheck.example' }, http());
    expect(again).toMatchObject({ items: 0, created: 0 });
  });
});
