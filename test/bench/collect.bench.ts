/**
 * `npm run bench:collect`: posts per minute and peak memory collecting 50 accounts x 40 posts
 * from the fixture site (127.0.0.1) with politeness delays at zero, without and with
 * screenshots (`evidence: all`: a PNG per post and an MHTML per page round), at several
 * concurrencies. The real scan path: `runScan` with a web-source pipeline (plan, one collect
 * job per account, classify, finish), storage included (in-memory PGlite); the classifier is a
 * marker-word stand-in, so the time is the collection's. Memory is sampled every 250 ms: this
 * Node process, and Chromium's processes (its children), summed from /proc.
 *
 * It first prints what politeness allows (requests per minute and accounts per day per platform
 * and egress, from the default paces and the platforms' documented limits) and measures that
 * three workers sharing the politeness store keep one pace (PostgreSQL too, with
 * NETRA_TEST_DATABASE_URL): real collection is bounded by that, not by loopback speed.
 *
 *   npm run bench:collect -- [--platform x] [--accounts 50] [--concurrency 1,2,4] [--quiet-ms 150] [--modes off,on] [--politeness-only]
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../../src/db/connect.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { loadPipeline } from '../../src/pipeline/pipeline.load.ts';
import { runScan } from '../../src/pipeline/scan.ts';
import { ensureAgency, upsertAccount, upsertPerson } from '../../src/repositories/registry.repository.ts';
import { CHROMIUM, tempStore } from '../helpers/collect-helpers.ts';
import { fakeClassifier } from '../helpers/fake-classifier.ts';
import { FIXTURE_PLATFORMS, type FixturePlatform } from '../helpers/fixture-site/fixture-data.ts';
import { startFixtureSite } from '../helpers/fixture-site/fixture-site.ts';
import { measureSharedPace, printCapacityTable } from './politeness.capacity.ts';

const { values } = parseArgs({
  options: {
    platform: { type: 'string', default: 'x' },
    accounts: { type: 'string', default: '50' },
    concurrency: { type: 'string', default: '1,2,4' },
    'quiet-ms': { type: 'string', default: '150' },
    modes: { type: 'string', default: 'off,on' },
    'politeness-only': { type: 'boolean', default: false },
  },
});
printCapacityTable();
await measureSharedPace();
if (values['politeness-only']) process.exit(0);
console.log('\nLoopback speed (fixture site on 127.0.0.1, every politeness delay at zero):');
const platform = values.platform as FixturePlatform;
if (!FIXTURE_PLATFORMS.includes(platform)) throw new Error(`--platform must be one of ${FIXTURE_PLATFORMS.join(', ')}`);
const nAccounts = Math.min(50, Math.max(1, Number(values.accounts)));
const levels = values.concurrency.split(',').map(Number);
const modes = values.modes.split(',') as ('off' | 'on')[];
const quietMs = Number(values['quiet-ms']);

/**
 * Memory of every process descended from `root` (Chromium and its helpers), as PSS: shared
 * pages are split between the processes sharing them, so the sum is not inflated. The tree is
 * walked through /proc/<pid>/task/<tid>/children, so only our own processes are read.
 */
async function childrenOf(pid: number): Promise<number[]> {
  const out: number[] = [];
  for (const tid of await readdir(`/proc/${pid}/task`).catch(() => [] as string[])) {
    const c = await readFile(`/proc/${pid}/task/${tid}/children`, 'utf8').catch(() => '');
    out.push(...c.split(' ').filter(Boolean).map(Number));
  }
  return out;
}
async function descendantsRss(root: number): Promise<number> {
  let total = 0;
  const todo = await childrenOf(root);
  while (todo.length > 0) {
    const pid = todo.pop()!;
    const roll = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8').catch(() => '');
    total += Number(/Pss:\s+(\d+) kB/.exec(roll)?.[1] ?? 0) * 1024;
    todo.push(...(await childrenOf(pid)));
  }
  return total;
}

const mb = (b: number) => `${Math.round(b / 1048576)} MB`;
const site = await startFixtureSite();
const rows: string[][] = [];
process.stderr.write(
  `collecting ${nAccounts} accounts x 40 posts from the ${platform} fixture site (delays 0, quietMs ${quietMs}); ${levels.length * modes.length} runs\n`,
);

for (const mode of modes) {
  for (const c of levels) {
    site.reset();
    const d = await openDatabase({ dbPath: 'memory://' });
    const agencyId = await ensureAgency(d.db, 'Benchmark');
    for (let i = 0; i < nAccounts; i++) {
      const handle = `bench_${String(i).padStart(3, '0')}`;
      const p = await upsertPerson(d.db, {
        personKey: `name:${handle}`,
        nip: null,
        name: handle,
        agencyId,
        position: null,
        region: null,
        province: null,
        employmentType: null,
      });
      await upsertAccount(d.db, { personId: p.row.id, platform, handle, profileUrl: '', linkSource: null, linkConfidence: null, tags: [] });
    }
    const store = await tempStore();
    const dir = await mkdtemp(path.join(tmpdir(), 'netra-bench-collect-'));
    const pipelineFile = path.join(dir, 'bench.yaml');
    await writeFile(
      pipelineFile,
      [
        'name: bench',
        'sources:',
        '  - kind: web',
        `    platform: ${platform}`,
        `    baseUrl: ${site.baseUrl(platform)}`,
        `    evidence: ${mode === 'on' ? 'all' : 'none'}`,
        `    quietMs: ${quietMs}`,
        `    politeness: { concurrency: ${c}, perHostConcurrency: ${c}, minDelayMs: 0, maxDelayMs: 0, intervalCap: 100000, intervalMs: 1000 }`,
        `collect: { concurrency: ${c} }`,
        '',
      ].join('\n'),
    );
    const loaded = await loadPipeline(pipelineFile);
    let peakNode = 0;
    let peakBrowser = 0;
    let peakTotal = 0;
    const sample = async () => {
      const node = process.memoryUsage().rss;
      const browser = await descendantsRss(process.pid);
      peakNode = Math.max(peakNode, node);
      peakBrowser = Math.max(peakBrowser, browser);
      peakTotal = Math.max(peakTotal, node + browser);
    };
    const timer = setInterval(() => void sample(), 250);
    const t0 = performance.now();
    const report = await runScan({
      db: d.db,
      loaded,
      classifier: fakeClassifier(),
      calendar: [],
      logger: silentLogger(),
      config: { chromiumPath: CHROMIUM, evidenceDir: dir, xApiBearerToken: undefined },
      evidenceStore: store,
    });
    const stats = report.collect;
    const secs = (performance.now() - t0) / 1000;
    await sample();
    clearInterval(timer);
    await d.close();
    await store.dispose();
    await rm(dir, { recursive: true, force: true });
    const posts = stats.postsNew;
    // Logged-out X is listed by popularity: that alert is expected, any other is a failed run.
    const alerts = stats.alerts.filter((a) => !/listed by popularity/.test(a));
    if (posts !== nAccounts * 40 || alerts.length > 0)
      throw new Error(`run ${mode}/${c} collected ${posts} posts; alerts: ${alerts.join('; ')}`);
    const row = [
      mode === 'on' ? 'on' : 'off',
      String(c),
      String(posts),
      secs.toFixed(1),
      String(Math.round((posts / secs) * 60)),
      String(stats.evidence ?? 0),
      mb(peakNode),
      mb(peakBrowser),
      mb(peakTotal),
    ];
    rows.push(row);
    process.stderr.write(`  screenshots ${row[0]}, concurrency ${c}: ${row[4]} posts/min, peak ${row[8]}\n`);
  }
}
await site.close();

const head = [
  'screenshots',
  'concurrency',
  'posts',
  'seconds',
  'posts/min',
  'evidence files',
  'peak RSS node',
  'peak RSS chromium',
  'peak RSS total',
];
const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (r: string[]) => r.map((c, i) => c.padEnd(w[i]!)).join('  ');
process.stdout.write(`\n${line(head)}\n${w.map((n) => '-'.repeat(n)).join('  ')}\n${rows.map(line).join('\n')}\n`);
