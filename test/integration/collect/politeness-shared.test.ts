import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlockedError, CircuitOpenError } from '../../../src/collect/collect-errors.ts';
import { PoliteRunner } from '../../../src/collect/politeness/polite-runner.ts';
import { MemoryPolitenessStore, type PolitenessStore } from '../../../src/collect/politeness/politeness-store.ts';
import { resolvePoliteness, WEB_POLITENESS } from '../../../src/collect/politeness/politeness.settings.ts';
import { SharedPolitenessStore } from '../../../src/collect/politeness/shared-politeness.store.ts';
import type { NetraDatabase } from '../../../src/db/connect.ts';
import { openTestDb, testDialects, type TestDb } from '../../helpers/test-db.ts';

/**
 * Issue 12, "Small": rate limits and the breaker were per process, so N workers sent N times the
 * traffic. With the shared store in PostgreSQL, workers (here: separate connection pools, as
 * separate processes have) keep one pace and one breaker.
 */
const settings = resolvePoliteness(WEB_POLITENESS, {
  minDelayMs: 0,
  maxDelayMs: 0,
  intervalMs: 1000,
  intervalCap: 3,
  concurrency: 4,
  perHostConcurrency: 4,
  breakerThreshold: 2,
  breakerCooldownMs: 60_000,
});

/** Most request arrivals in any window of `ms`. */
function busiestWindow(times: number[], ms: number): number {
  const t = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0; i < t.length; i++) best = Math.max(best, t.filter((u) => u >= t[i]! && u < t[i]! + ms).length);
  return best;
}

let server: Server;
let url = '';
const arrivals: number[] = [];
beforeAll(async () => {
  server = createServer((_req, res) => {
    arrivals.push(Date.now());
    res.end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
});

/** `workers` runners, each sending `each` requests to the local server at once. */
async function burst(stores: PolitenessStore[], each: number): Promise<number[]> {
  arrivals.length = 0;
  const runners = stores.map((store) => new PoliteRunner('instagram', settings, { store, egress: 'proxy-a' }));
  await Promise.all(runners.flatMap((r) => Array.from({ length: each }, () => r.run(url, async () => (await fetch(url)).text()))));
  return [...arrivals];
}

describe('politeness kept per process (the old behaviour)', () => {
  it('lets three workers send three times the pace', async () => {
    const times = await burst([new MemoryPolitenessStore(), new MemoryPolitenessStore(), new MemoryPolitenessStore()], 3);
    // Each worker keeps its own pace of 3 a second: together far more than 3 arrive in one second.
    expect(busiestWindow(times, 1000)).toBeGreaterThanOrEqual(6);
  });
});

describe.skipIf(!testDialects().includes('postgres'))('politeness shared in PostgreSQL', () => {
  let t: TestDb;
  const extra: NetraDatabase[] = [];
  beforeAll(async () => {
    t = await openTestDb('postgres');
    for (let i = 0; i < 2; i++) extra.push(await t.reopen());
  });
  afterAll(async () => {
    for (const d of extra) await d.close();
    await t?.close();
  });

  it('three workers on separate connections keep one pace together', async () => {
    const reserved: number[] = [];
    const stores = [t.db, ...extra.map((d) => d.db)].map((db) => {
      const s = new SharedPolitenessStore(db);
      const reserve = s.reserve.bind(s);
      s.reserve = async (...a) => {
        const start = await reserve(...a);
        reserved.push(start);
        return start;
      };
      return s;
    });
    const t0 = Date.now();
    const times = await burst(stores, 4);
    expect(times).toHaveLength(12);
    // 12 requests at 3 per second: the starts the workers reserved together never put more than 3
    // in any second (arrivals add timer and network jitter), so the burst takes at least 3 s.
    expect(reserved).toHaveLength(12);
    expect(busiestWindow(reserved, 1000)).toBe(3);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(2900);
  });

  it('another egress keeps its own pace', async () => {
    const store = new SharedPolitenessStore(extra[0]!.db);
    const a = new PoliteRunner('tiktok', settings, { store, egress: 'proxy-a' });
    const b = new PoliteRunner('tiktok', settings, { store: new SharedPolitenessStore(extra[1]!.db), egress: 'proxy-b' });
    arrivals.length = 0;
    await Promise.all([...[1, 2, 3].map(() => a.run(url, () => fetch(url))), ...[1, 2, 3].map(() => b.run(url, () => fetch(url)))]);
    // Each egress gets its own 3 a second.
    expect(busiestWindow(arrivals, 1000)).toBeGreaterThan(3);
  });

  it('a breaker opened by one worker pauses the platform for the others', async () => {
    const one = new PoliteRunner('facebook', settings, { store: new SharedPolitenessStore(t.db) });
    const other = new PoliteRunner('facebook', settings, { store: new SharedPolitenessStore(extra[1]!.db) });
    for (let i = 0; i < 2; i++)
      await expect(
        one.run(url, async () => {
          throw new BlockedError('HTTP 403', 'http_403');
        }),
      ).rejects.toBeInstanceOf(BlockedError);
    let sent = 0;
    await expect(other.run(url, async () => sent++)).rejects.toBeInstanceOf(CircuitOpenError);
    expect(sent).toBe(0);
    expect(other.report()).toMatchObject({ state: 'open', refused: 1, lastReasons: { http_403: 2 } });
  });

  it('the platform rate-limit window is one for every worker', async () => {
    const a = new SharedPolitenessStore(t.db);
    const b = new SharedPolitenessStore(extra[0]!.db);
    const now = Date.now();
    await a.updateWindow('window:x-api@direct:tweets', 2, now + 60_000);
    expect(await a.takeWindow('window:x-api@direct:tweets', now)).toBe(0);
    expect(await b.takeWindow('window:x-api@direct:tweets', now)).toBe(0);
    expect(await b.takeWindow('window:x-api@direct:tweets', now)).toBe(60_000);
    expect(await a.takeWindow('window:x-api@direct:tweets', now + 60_000)).toBe(0);
  });
});

describe.each(testDialects())('memory store conformance (%s)', () => {
  it('keeps at most cap starts per interval and hands out the next free start', async () => {
    const s = new MemoryPolitenessStore();
    const starts = [];
    for (let i = 0; i < 7; i++) starts.push(await s.reserve('k', { cap: 3, intervalMs: 1000 }, 0));
    expect(starts).toEqual([0, 0, 0, 1000, 1000, 1000, 2000]);
  });
});
