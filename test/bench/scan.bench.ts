/**
 * `npm run bench:scan`: end-to-end posts/second of a scan (collect from a generated file source
 * -> store -> classify with the shipped rule classifier -> flag -> record), for 100,000 posts
 * across 1,000 accounts, on PGlite (embedded `netra scan`, 1 or 2 job slots) and on PostgreSQL
 * (queued: `netra scans start` + 1 or 2 `netra worker` processes). Each case is a fresh database.
 * posts/s counts the scan run itself (started_at -> finished_at); peak memory is the largest
 * resident set (VmRSS, sampled every 200 ms) of each netra process. On a shared machine wall
 * time measures the neighbours too, so CPU time is measured as well: user+system seconds of the
 * netra processes and, on PostgreSQL, of the server backends serving them (found by
 * application_name), giving posts per CPU-second: what one dedicated core does. PostgreSQL: from
 * NETRA_BENCH_DATABASE_URL or NETRA_TEST_DATABASE_URL; skipped when neither is set.
 *
 *   npm run bench:scan -- [--accounts 1000] [--posts 100] [--cases pglite-1,pglite-2,pg-1,pg-2] [--concurrency 2]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { writeScanFixture } from '../helpers/scan-fixture.ts';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '1000' },
    posts: { type: 'string', default: '100' },
    cases: { type: 'string', default: 'pglite-1,pglite-2,pg-1,pg-2' },
    concurrency: { type: 'string', default: '2' },
  },
});
const accounts = Number(values.accounts);
const perAccount = Number(values.posts);
const cases = values.cases.split(',');
const workerConcurrency = values.concurrency;
const pgUrl = process.env.NETRA_BENCH_DATABASE_URL ?? process.env.NETRA_TEST_DATABASE_URL;
const BIN = path.resolve('src/cli/bin.js');

const TICKS = 100; // USER_HZ on Linux

/** user+system CPU seconds of a process so far (0 when it is gone). */
function cpuSeconds(pid: number): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(f[11]) + Number(f[12])) / TICKS;
  } catch {
    return 0;
  }
}

function rssKb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Track the peak resident memory of processes while they run. */
function sampler(procs: () => ChildProcess[]) {
  const peak = new Map<number, number>();
  const cpu = new Map<number, number>();
  const t = setInterval(() => {
    for (const p of procs())
      if (p.pid) {
        peak.set(p.pid, Math.max(peak.get(p.pid) ?? 0, rssKb(p.pid)));
        cpu.set(p.pid, Math.max(cpu.get(p.pid) ?? 0, cpuSeconds(p.pid)));
      }
  }, 200);
  return {
    stop: () => (clearInterval(t), Math.max(0, ...peak.values()) / 1024),
    /** CPU seconds of the processes, as last seen alive. */
    cpu: () => [...cpu.values()].reduce((a, b) => a + b, 0),
  };
}

function cli(
  args: string[],
  env: Record<string, string>,
): { proc: ChildProcess; out: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const proc = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, NETRA_LOG_FORMAT: 'json', NETRA_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  proc.stdout!.on('data', (b: Buffer) => (stdout += b.toString()));
  proc.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
  return { proc, out: new Promise((resolve) => proc.on('exit', (code) => resolve({ code, stdout, stderr }))) };
}

interface Row {
  case: string;
  db: string;
  workers: string;
  posts: number;
  seconds: number;
  postsPerSec: number;
  peakMb: number;
  dbMb: number;
  status: string;
  cpuSeconds: number;
}

async function pipelineWith(dir: string, concurrency: number): Promise<string> {
  const base = await readFile(path.join(dir, 'pipeline.yaml'), 'utf8');
  const file = path.join(dir, `pipeline-c${concurrency}.yaml`);
  await writeFile(file, `${base}\ncollect:\n  concurrency: ${concurrency}\nclassify:\n  batchSize: 500\n`);
  return file;
}

async function duSizeMb(dir: string): Promise<number> {
  const { execFileSync } = await import('node:child_process');
  return Number(execFileSync('du', ['-sk', dir]).toString().split('\t')[0]) / 1024;
}

async function embedded(dir: string, slots: number, posts: number): Promise<Row> {
  const dbPath = path.join(dir, `pglite-${slots}-${randomBytes(3).toString('hex')}`);
  const c = cli(['scan', '--pipeline', await pipelineWith(dir, slots), '--json', '--show', '0'], {
    NETRA_DATABASE_URL: '',
    NETRA_DB_PATH: dbPath,
    NETRA_DATA_DIR: path.join(dir, 'data'),
  });
  const s = sampler(() => [c.proc]);
  const r = await c.out;
  const peakMb = s.stop();
  if (r.code !== 0) throw new Error(`netra scan failed: ${r.stderr.slice(-2000)}`);
  const run = (JSON.parse(r.stdout) as { run: { started_at: string; finished_at: string; status: string } }).run;
  const seconds = (Date.parse(run.finished_at) - Date.parse(run.started_at)) / 1000;
  const dbMb = await duSizeMb(dbPath);
  await rm(dbPath, { recursive: true, force: true });
  // Includes start-up (classifier load, PGlite open): slightly pessimistic for the scan itself.
  return {
    case: `pglite-${slots}`,
    db: 'PGlite (embedded netra scan)',
    workers: `1 process, ${slots} job slot(s)`,
    posts,
    seconds,
    postsPerSec: posts / seconds,
    peakMb,
    dbMb,
    status: run.status,
    cpuSeconds: s.cpu(),
  };
}

async function queued(dir: string, workers: number, posts: number): Promise<Row> {
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const app = `netra-${schema}`;
  const u = new URL(pgUrl!);
  u.searchParams.set('application_name', app);
  const env = { NETRA_DATABASE_URL: u.toString(), NETRA_DATABASE_SCHEMA: schema, NETRA_DATA_DIR: path.join(dir, 'data') };
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  try {
    const start = cli(['scans', 'start', '--pipeline', await pipelineWith(dir, 1)], env);
    const started = await start.out;
    if (started.code !== 0) throw new Error(`scans start failed: ${started.stderr}`);
    const id = Number(/#(\d+)/.exec(started.stdout)![1]);
    const ws = Array.from({ length: workers }, () => cli(['worker', '--concurrency', workerConcurrency, '--poll-ms', '100'], env));
    const s = sampler(() => ws.map((w) => w.proc));
    const backendCpu = new Map<number, number>();
    const sampleBackends = async () => {
      const { rows } = await client.query<{ pid: number }>('select pid from pg_stat_activity where application_name = $1', [app]);
      for (const r of rows) backendCpu.set(r.pid, Math.max(backendCpu.get(r.pid) ?? 0, cpuSeconds(r.pid)));
    };
    let run: { status: string; started_at: Date; finished_at: Date | null };
    for (;;) {
      await sleep(500);
      run = (await client.query(`select status, started_at, finished_at from ${schema}.scan_runs where id = $1`, [id])).rows[0];
      await sampleBackends();
      if (run.status !== 'running') break;
      if (ws.some((w) => w.proc.exitCode !== null))
        throw new Error(`a worker exited: ${(await ws.find((w) => w.proc.exitCode !== null)!.out).stderr.slice(-2000)}`);
    }
    await sampleBackends();
    const peakMb = s.stop();
    const cpu = s.cpu() + [...backendCpu.values()].reduce((a, b) => a + b, 0);
    for (const w of ws) w.proc.kill('SIGTERM');
    await Promise.all(ws.map((w) => w.out));
    const size = await client.query(
      `select coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint as bytes from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = $1 and c.relkind in ('r', 'm')`,
      [schema],
    );
    const seconds = (run.finished_at!.getTime() - run.started_at.getTime()) / 1000;
    return {
      case: `pg-${workers}`,
      db: 'PostgreSQL 15 (queued)',
      workers: `${workers} worker process(es) x ${workerConcurrency} slots`,
      posts,
      seconds,
      postsPerSec: posts / seconds,
      peakMb,
      dbMb: Number(size.rows[0].bytes) / 1024 / 1024,
      status: run.status,
      cpuSeconds: cpu,
    };
  } finally {
    await client.query(`drop schema if exists ${schema} cascade`);
    await client.query(`drop schema if exists ${schema}_jobs cascade`);
    await client.end();
  }
}

const dir = await mkdtemp(path.join(tmpdir(), 'netra-bench-scan-'));
try {
  const fx = await writeScanFixture(dir, { accounts, postsPerAccount: perAccount, name: 'bench' });
  process.stderr.write(`fixture: ${accounts} accounts x ${perAccount} posts = ${fx.posts} posts in ${dir}\n`);
  const rows: Row[] = [];
  for (const c of cases) {
    const [kind, n] = c.split('-') as [string, string];
    if (kind === 'pg' && !pgUrl) {
      process.stderr.write(`${c}: skipped (set NETRA_BENCH_DATABASE_URL or NETRA_TEST_DATABASE_URL)\n`);
      continue;
    }
    process.stderr.write(`${c} ...\n`);
    const row = kind === 'pglite' ? await embedded(dir, Number(n), fx.posts) : await queued(dir, Number(n), fx.posts);
    process.stderr.write(`${c}: ${row.postsPerSec.toFixed(0)} posts/s\n`);
    rows.push(row);
  }
  const head = [
    'case',
    'database',
    'workers',
    'posts',
    'scan s',
    'posts/s',
    'CPU s',
    'posts/CPU-s',
    'peak RSS MB (per process)',
    'DB MB',
    'status',
  ];
  const table = rows.map((r) => [
    r.case,
    r.db,
    r.workers,
    String(r.posts),
    r.seconds.toFixed(1),
    r.postsPerSec.toFixed(0),
    r.cpuSeconds.toFixed(1),
    (r.posts / r.cpuSeconds).toFixed(0),
    r.peakMb.toFixed(0),
    r.dbMb.toFixed(0),
    r.status,
  ]);
  const w = head.map((h, i) => Math.max(h.length, ...table.map((t) => t[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(w[i]!)).join('  ');
  const { loadavg } = await import('node:os');
  process.stdout.write(
    `\nload average at the end: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} (2 cores)\n`,
  );
  process.stdout.write(`\n${line(head)}\n${w.map((n) => '-'.repeat(n)).join('  ')}\n${table.map(line).join('\n')}\n`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
