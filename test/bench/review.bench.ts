/**
 * `npm run bench:review`: how fast the review app answers at national scale. For each database
 * (PGlite; PostgreSQL from NETRA_BENCH_DATABASE_URL or NETRA_TEST_DATABASE_URL, skipped when
 * neither is set) and each size (open flags), a fresh database is filled with generated
 * registry, posts and flags (10% more flags already confirmed, so the person-history part of the
 * rank has something to count), `netra serve`'s app is started on 127.0.0.1, and:
 *
 * - one client at a time: the queue (JSON and the HTML page), a filtered queue, take-next
 *   (each taken flag is given back), the flag page (HTML and JSON) of random flags, the person
 *   page (HTML, first and third page, of the most prolific people; JSON of anyone): p50/p99;
 * - then 20 analysts at once, each looping queue -> take next -> flag page -> dismiss for
 *   `--seconds`: requests/s and p50/p99 per kind of request.
 *
 * The machine's load average is printed with every case: on a shared machine the figures
 * measure the neighbours too.
 *
 *   npm run bench:review -- [--sizes 10000,100000] [--dialects pglite,postgres] [--samples 40] [--analysts 20] [--seconds 20] [--budget 120]
 *
 * `--budget` caps the seconds spent on one measurement (a slow queue is reported with the
 * samples it managed); `--seconds 0` skips the concurrent part.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { openDatabase, type NetraDatabase } from '../../src/db/connect.ts';
import type { Database } from '../../src/db/schema.ts';
import type { ListeningServer } from '../../src/review/http/server.ts';
import { ApiClient, startReviewServer } from '../helpers/review-server.ts';
import { seedUser, TEST_PASSWORD } from '../helpers/review-seed.ts';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,100000' },
    dialects: { type: 'string', default: 'pglite,postgres' },
    samples: { type: 'string', default: '40' },
    analysts: { type: 'string', default: '20' },
    seconds: { type: 'string', default: '20' },
    budget: { type: 'string', default: '120' },
  },
});
const sizes = values.sizes.split(',').map(Number);
const dialects = values.dialects.split(',');
const SAMPLES = Number(values.samples);
const ANALYSTS = Number(values.analysts);
const SECONDS = Number(values.seconds);
const BUDGET_MS = Number(values.budget) * 1000;
const pgUrl = process.env.NETRA_BENCH_DATABASE_URL ?? process.env.NETRA_TEST_DATABASE_URL;

const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
const pct = (xs: number[], q: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
};
const ms = (x: number) => (Number.isNaN(x) ? '-' : x >= 100 ? x.toFixed(0) : x.toFixed(1));

/**
 * Registry, posts, classifications and flags made by the database itself (generate_series):
 * `open` open flags plus 10% confirmed ones; a fifth of the posts come from 1% of the people
 * (prolific accounts with about 80 flags each), the rest about three per person; 40 agencies,
 * 30 regions, posts spread over the last 30 days.
 */
async function fill(db: Kysely<Database>, open: number): Promise<void> {
  const total = Math.round(open * 1.1);
  const persons = Math.max(1, Math.round(total / 4));
  await sql`insert into agencies (name) select 'Dinas Uji ' || g from generate_series(1, 40) g`.execute(db);
  await sql`insert into persons (person_key, nip, name, agency_id, position, region, province, employment_type, updated_at)
    select 'nip:' || lpad(g::text, 18, '0'), lpad(g::text, 18, '0'), 'Pegawai ' || g, (select min(id) from agencies) + g % 40, 'Guru',
      'Kabupaten ' || (g % 30), 'Provinsi ' || (g % 10), 'PNS', now() from generate_series(1, ${persons}) g`.execute(db);
  await sql`insert into accounts (person_id, platform, handle, profile_url, link_source, link_confidence, updated_at)
    select id, case when id % 3 = 0 then 'facebook' else 'x' end, 'asn_' || id, 'https://x.com/asn_' || id, 'bio', 0.9, now() from persons`.execute(
    db,
  );
  await sql`insert into posts (platform, external_id, account_id, handle, url, kind, text, posted_at, collected_at, last_seen_at, content_sha256, raw)
    select a.platform, 'b' || g, a.id, a.handle, 'https://x.com/p/' || g, 'post',
      'Unggahan nomor ' || g || ' ayo coblos paslon ' || (g % 3 + 1) || ' demi ' || md5(g::text),
      now() - (random() * 30) * interval '1 day', now(), now(), md5(g::text), '{}'
    from generate_series(1, ${total}) g
    join accounts a on a.id = (select min(id) from accounts) + (case when g % 5 = 0 then g % ${Math.max(1, Math.round(persons / 100))} else g % ${persons} end)`.execute(
    db,
  );
  await sql`insert into classifications (post_id, post_version, classifier_key, scores, flags, evidence, findings, nlp_version, lexicon_version, model_versions)
    select id, 1, 'bench', '{"partisan": 0.9}', x.labels, '[]', '[]', 'nlp-bench', 'lex-bench', '{}'
    from (select id, (array['["partisan"]', '["hate"]', '["abusive"]', '["hoax"]', '["money_politics"]', '["partisan", "money_politics"]'])[1 + id % 6]::jsonb as labels from posts) x`.execute(
    db,
  );
  await sql`insert into flags (post_id, classification_id, labels, max_score, priority, status, discovered_at, updated_at)
    select c.post_id, c.id, c.flags, 0.9, round((random() * 100)::numeric, 2), case when c.post_id % 11 = 0 then 'confirmed' else 'open' end, now() - random() * interval '5 days', now()
    from classifications c`.execute(db);
  await sql`analyze`.execute(db);
}

interface Case {
  dialect: string;
  size: number;
  d: NetraDatabase;
  drop(): Promise<void>;
}

async function openCase(dialect: string, size: number): Promise<Case> {
  if (dialect === 'pglite') {
    const d = await openDatabase({ dbPath: 'memory://' });
    return { dialect, size, d, drop: async () => undefined };
  }
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  const d = await openDatabase({ databaseUrl: pgUrl!, dbPath: '', schema });
  return {
    dialect,
    size,
    d,
    drop: async () => {
      const c = new pg.Client({ connectionString: pgUrl });
      await c.connect();
      try {
        await c.query(`drop schema if exists ${schema} cascade`);
      } finally {
        await c.end();
      }
    },
  };
}

type Row = { dialect: string; size: number; what: string; n: number; p50: number; p99: number; extra?: string };
const rows: Row[] = [];

/** Time `fn` up to SAMPLES times (or until the budget runs out); a request that fails is counted, not timed. */
async function measure(c: Case, what: string, fn: (i: number) => Promise<unknown>): Promise<void> {
  const times: number[] = [];
  let failed = 0;
  const start = Date.now();
  for (let i = 0; i < SAMPLES && Date.now() - start < BUDGET_MS; i++) {
    const t0 = performance.now();
    try {
      await fn(i);
      times.push(performance.now() - t0);
    } catch (e) {
      failed++;
      process.stderr.write(`  ${what} failed: ${(e as Error).message} ${String((e as { cause?: unknown }).cause ?? '')}\n`);
    }
  }
  const r = {
    dialect: c.dialect,
    size: c.size,
    what,
    n: times.length,
    p50: pct(times, 0.5),
    p99: pct(times, 0.99),
    ...(failed ? { extra: `${failed} failed` } : {}),
  };
  rows.push(r);
  process.stderr.write(`  ${what}: n=${r.n} p50=${ms(r.p50)} ms p99=${ms(r.p99)} ms (load ${load()})\n`);
}

async function expectOk(p: Promise<{ status: number; text: string }>, what: string) {
  const r = await p;
  if (r.status >= 300 && r.status !== 303 && r.status !== 409) throw new Error(`${what}: HTTP ${r.status} ${r.text.slice(0, 300)}`);
  return r;
}

async function runCase(dialect: string, size: number): Promise<void> {
  process.stderr.write(`\n${dialect}, ${size} open flags: filling (load ${load()})\n`);
  const c = await openCase(dialect, size);
  let srv: ListeningServer | undefined;
  try {
    const t0 = Date.now();
    await fill(c.d.db, size);
    for (let i = 0; i < ANALYSTS; i++) await seedUser(c.d.db, `analis${i}`, 'analyst');
    process.stderr.write(`  filled in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
    srv = await startReviewServer(c.d.db, { loginRateLimit: 1000 });
    const clients: ApiClient[] = [];
    for (let i = 0; i < ANALYSTS; i++) {
      const cl = new ApiClient(srv.url);
      if ((await cl.login(`analis${i}`, TEST_PASSWORD)) !== 200) throw new Error('login failed');
      clients.push(cl);
    }
    const a = clients[0]!;
    const ids = (await c.d.db.selectFrom('flags').select('id').where('status', '=', 'open').orderBy('id').execute()).map((r) => r.id);
    const pick = (i: number) => ids[(i * 7919) % ids.length]!;

    await measure(c, 'GET /api/queue', () => expectOk(a.get('/api/queue'), 'queue'));
    await measure(c, 'GET /queue (page)', () => expectOk(a.get('/queue'), 'queue page'));
    await measure(c, 'GET /api/queue?label=hate&region=...', (i) =>
      expectOk(a.get(`/api/queue?label=hate&region=Kabupaten%20${i % 30}`), 'filtered queue'),
    );
    await measure(c, 'POST /api/queue/next', async (i) => {
      const cl = clients[i % clients.length]!;
      const r = await expectOk(cl.post('/api/queue/next'), 'take next');
      const id = (JSON.parse(r.text) as { flag: { id: number } | null }).flag?.id;
      if (id) await expectOk(cl.post(`/api/flags/${id}/release`), 'release');
    });
    await measure(c, 'GET /flags/:id (page)', (i) => expectOk(a.get(`/flags/${pick(i)}`), 'flag page'));
    await measure(c, 'GET /api/flags/:id', (i) => expectOk(a.get(`/api/flags/${pick(i + 1000)}`), 'flag json'));
    // The person page: the most prolific people (about 80 flags each), their third page of posts, and anyone.
    const heavy = (
      await sql<{ id: number }>`select person_id as id from flags group by person_id order by count(*) desc limit 50`.execute(c.d.db)
    ).rows.map((r) => r.id);
    const people = (await c.d.db.selectFrom('persons').select('id').orderBy('id').execute()).map((r) => r.id);
    await measure(c, 'GET /persons/:id (page, prolific person)', (i) =>
      expectOk(a.get(`/persons/${heavy[i % heavy.length]}`), 'person page'),
    );
    await measure(c, 'GET /persons/:id?postOffset=40 (prolific)', (i) =>
      expectOk(a.get(`/persons/${heavy[(i + 7) % heavy.length]}?postOffset=40&flagOffset=40`), 'person page 3'),
    );
    await measure(c, 'GET /api/persons/:id (anyone)', (i) =>
      expectOk(a.get(`/api/persons/${people[(i * 7919) % people.length]}`), 'person json'),
    );

    if (SECONDS <= 0) return;
    // 20 analysts at once: queue -> take next -> flag page -> dismiss.
    const lat: Record<string, number[]> = { queue: [], next: [], page: [], decide: [] };
    let requests = 0;
    let failures = 0;
    const until = Date.now() + SECONDS * 1000;
    const time = async <T>(k: string, p: () => Promise<T>): Promise<T> => {
      const t = performance.now();
      const r = await p();
      lat[k]!.push(performance.now() - t);
      requests++;
      return r;
    };
    const started = Date.now();
    await Promise.all(
      clients.map(async (cl) => {
        while (Date.now() < until) {
          try {
            await time('queue', () => expectOk(cl.get('/api/queue'), 'queue'));
            const r = await time('next', () => expectOk(cl.post('/api/queue/next'), 'next'));
            const flag = (JSON.parse(r.text) as { flag: { id: number; version: number } | null }).flag;
            if (!flag) break;
            await time('page', () => expectOk(cl.get(`/flags/${flag.id}`), 'page'));
            await time('decide', () =>
              expectOk(
                cl.post(`/api/flags/${flag.id}/decisions`, {
                  version: flag.version,
                  decision: 'dismiss',
                  dismissReason: 'neutral_context',
                }),
                'decide',
              ),
            );
          } catch (e) {
            // A request that failed or timed out (undici gives up after 300 s without headers).
            failures++;
            process.stderr.write(`  request failed: ${(e as Error).message} ${String((e as { cause?: unknown }).cause ?? '')}\n`);
          }
        }
      }),
    );
    const secs = (Date.now() - started) / 1000;
    const all = Object.values(lat).flat();
    rows.push({
      dialect,
      size,
      what: `${ANALYSTS} analysts at once (all requests)`,
      n: all.length,
      p50: pct(all, 0.5),
      p99: pct(all, 0.99),
      extra: `${(requests / secs).toFixed(1)} req/s${failures ? `, ${failures} failed` : ''}`,
    });
    for (const [k, v] of Object.entries(lat))
      rows.push({ dialect, size, what: `  ${ANALYSTS} analysts: ${k}`, n: v.length, p50: pct(v, 0.5), p99: pct(v, 0.99) });
    process.stderr.write(`  ${ANALYSTS} analysts: ${(requests / secs).toFixed(1)} requests/s over ${secs.toFixed(1)} s (load ${load()})\n`);
  } finally {
    await srv?.close();
    await c.d.close();
    await c.drop();
  }
}

const cpus = os.cpus();
process.stdout.write(`review bench: ${cpus.length} x ${cpus[0]?.model ?? '?'}, load average at start ${load()}\n`);
for (const dialect of dialects) {
  if (dialect === 'postgres' && !pgUrl) {
    process.stdout.write('postgres: skipped (set NETRA_BENCH_DATABASE_URL or NETRA_TEST_DATABASE_URL)\n');
    continue;
  }
  for (const size of sizes) {
    await runCase(dialect, size);
    process.stdout.write(`done ${dialect} ${size} (load ${load()})\n`);
  }
}
process.stdout.write(`\n| database | open flags | request | n | p50 ms | p99 ms | |\n|---|---|---|---|---|---|---|\n`);
for (const r of rows)
  process.stdout.write(
    `| ${r.dialect} | ${r.size.toLocaleString('en')} | ${r.what} | ${r.n} | ${ms(r.p50)} | ${ms(r.p99)} | ${r.extra ?? ''} |\n`,
  );
process.stdout.write(`load average at end: ${load()}\n`);
