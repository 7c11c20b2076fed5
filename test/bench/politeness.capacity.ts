/**
 * The politeness part of `npm run bench:collect`: what the default paces allow per platform and
 * egress (requests per minute, accounts per day), and a measured check that workers sharing a
 * store keep one pace (memory store; PostgreSQL too with NETRA_TEST_DATABASE_URL).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PoliteRunner } from '../../src/collect/politeness/polite-runner.ts';
import { paceCapacity } from '../../src/collect/politeness/politeness-capacity.ts';
import { MemoryPolitenessStore, type PolitenessStore } from '../../src/collect/politeness/politeness-store.ts';
import { API_POLITENESS, resolvePoliteness, WEB_POLITENESS } from '../../src/collect/politeness/politeness.settings.ts';
import { SharedPolitenessStore } from '../../src/collect/politeness/shared-politeness.store.ts';
import { openDatabase } from '../../src/db/connect.ts';

const fmt = (n: number) => Math.round(n).toLocaleString('en');

export function printCapacityTable(): void {
  // Documented platform limits (README "Sizing"): X user timeline 10,000 / 15 min per app (pay-per-use
  // rate-limit table; older Pro docs: 1,500); TikTok Research API 1,000 requests a day; Meta Content
  // Library API 60 synchronous queries a minute.
  const rows: [string, Parameters<typeof paceCapacity>[0], Parameters<typeof paceCapacity>[1], string][] = [
    [
      'web (x, instagram, facebook, tiktok), defaults',
      WEB_POLITENESS,
      { requestsPerAccount: 2, requestMs: 3000 },
      'page + 1 scroll per account',
    ],
    [
      'x-api timeline, defaults',
      API_POLITENESS,
      { requestsPerAccount: 1, requestMs: 400, platformPerMinute: 10_000 / 15 },
      '1 call per account (ids stored)',
    ],
    [
      'x-api, X limit 1,500/15 min (older Pro)',
      API_POLITENESS,
      { requestsPerAccount: 1, requestMs: 400, platformPerMinute: 1_500 / 15 },
      '',
    ],
    [
      'tiktok-research, 1,000 requests/day',
      { ...API_POLITENESS, intervalMs: 86_400_000, intervalCap: 1000 },
      { requestsPerAccount: 1, requestMs: 800 },
      '1 query per account and 30 days',
    ],
    [
      'meta-content-library, 60/min',
      { ...API_POLITENESS, intervalMs: 60_000, intervalCap: 60 },
      { requestsPerAccount: 1, requestMs: 800 },
      '1 query per account',
    ],
  ];
  console.log('\nWhat politeness allows, per platform and egress (every worker on the egress together):\n');
  console.log('| source | requests/min | bound by | accounts/day | assumption |');
  console.log('|---|---|---|---|---|');
  for (const [name, s, o, note] of rows) {
    const c = paceCapacity(s, o);
    console.log(`| ${name} | ${c.requestsPerMinute.toFixed(1)} | ${c.boundBy} | ${fmt(c.accountsPerDay)} | ${note} |`);
  }
}

/** Three workers, each sending as fast as allowed for `seconds`: requests per minute arriving. */
async function measure(stores: PolitenessStore[], seconds: number): Promise<number> {
  const arrivals: number[] = [];
  const server = createServer((_q, r) => {
    arrivals.push(Date.now());
    r.end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  // A scaled-down pace: 12 starts per 3 s (240/min), pauses off.
  const s = resolvePoliteness(WEB_POLITENESS, { intervalMs: 3000, intervalCap: 12, minDelayMs: 0, maxDelayMs: 0 });
  const stop = Date.now() + seconds * 1000;
  await Promise.all(
    stores.map(async (store) => {
      const r = new PoliteRunner('bench', s, { store, egress: 'bench' });
      while (Date.now() < stop) await r.run(url, () => fetch(url).then((x) => x.text()));
    }),
  );
  server.close();
  const t0 = arrivals[0]!;
  const inWindow = arrivals.filter((t) => t < t0 + seconds * 1000).length;
  return (inWindow * 60) / seconds;
}

export async function measureSharedPace(seconds = 9): Promise<void> {
  console.log(`\nMeasured: 3 workers on one egress, pace 12 requests / 3 s (= 240/min), ${seconds} s each:\n`);
  console.log('| state | requests/min arriving |');
  console.log('|---|---|');
  console.log(
    `| per process (3 separate memory stores, the old behaviour) | ${fmt(
      await measure(
        [1, 2, 3].map(() => new MemoryPolitenessStore()),
        seconds,
      ),
    )} |`,
  );
  const one = new MemoryPolitenessStore();
  console.log(`| one store shared by the 3 (one process) | ${fmt(await measure([one, one, one], seconds))} |`);
  const url = process.env.NETRA_TEST_DATABASE_URL;
  if (url) {
    const schema = `bench_pol_${process.pid}`;
    const dbs = [await openDatabase({ databaseUrl: url, dbPath: '', schema })];
    for (let i = 0; i < 2; i++) dbs.push(await openDatabase({ databaseUrl: url, dbPath: '', schema, migrate: false }));
    try {
      console.log(
        `| PostgreSQL, 3 separate connection pools | ${fmt(
          await measure(
            dbs.map((d) => new SharedPolitenessStore(d.db)),
            seconds,
          ),
        )} |`,
      );
    } finally {
      await dbs[0]!.db.schema
        .dropSchema(schema)
        .cascade()
        .execute()
        .catch(() => undefined);
      for (const d of dbs) await d.close();
    }
  } else console.log('| PostgreSQL | (set NETRA_TEST_DATABASE_URL to measure) |');
}
