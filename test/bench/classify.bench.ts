/**
 * `npm run bench:classify`: speed and memory of `netra classify` on 10,000 posts, the real CLI
 * path (a fresh `node src/cli/bin.js classify` process per run, JSON Lines in, JSON Lines out).
 *
 * - start-up: from spawning the process to the first output line (loading tsx, the CLI, the
 *   lexicons and models, and classifying the first batch);
 * - posts/s after start-up: posts written after the first output, divided by the time from the
 *   first output to the end of the output;
 * - peak memory: the child's maximum resident set size (/usr/bin/time -f %M; else the peak
 *   VmHWM read from /proc while it runs);
 * - CPU time: the same two phases measured in CPU seconds of the node process (/proc/<pid>/stat
 *   at the first output, /usr/bin/time's user + system at the end). On a shared machine the
 *   wall-clock figures depend on the other processes' load; the CPU figures much less (they
 *   estimate what an idle machine would give, as long as the work is single-threaded).
 *
 * Posts: the 300 fictional posts of data/demo/posts.jsonl, repeated with deterministic
 * variations (retweet prefixes, replies, added words and emoji, leet spellings, case changes,
 * two posts joined) so that no two texts are the same. Or `--in FILE` (JSON Lines with id, text).
 * A warm-up run (300 posts) fills tsx's compile cache first; it is not counted.
 *
 * Hoax claim matching: `--claims none` (default: rules only), or a claims file, e.g.
 * `--claims ../shared/datasets/hoax/turnbackhoax-2024-debunked-claims.csv` (3,746 claims, what a
 * deployment's claims database holds), passed to `netra classify --claims`.
 *
 *   npm run bench:classify -- [--posts 10000] [--runs 3] [--batch-size 256] [--claims none|FILE] [--in FILE] [--keep]
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { mulberry32 } from '../../src/domain/seeded-random.ts';

const { values } = parseArgs({
  options: {
    posts: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '3' },
    'batch-size': { type: 'string', default: '256' },
    claims: { type: 'string', default: 'none' },
    in: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const nPosts = Number(values.posts);
const runs = Math.max(1, Number(values.runs));
const TARGET = { postsPerSec: 5000, startupSec: 3, peakMb: 1024 };

const TAILS = [
  'mantap',
  'semangat pagi!',
  'wkwkwk',
  '🙏',
  '🔥🔥',
  'setuju bgt',
  'gimana menurut kalian?',
  'salam dari kantor',
  'mohon doanya',
  'cek link di bio',
  'hadir',
  'luar biasa',
  'alhamdulillah',
  '😂😂',
  'good job tim',
  'btw hari ini hujan',
];
const LEET: Record<string, string> = { a: '4', e: '3', i: '1', o: '0' };

function vary(base: readonly string[], n: number): string[] {
  const r = mulberry32(20240214); // the same texts every run
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    let t = base[i % base.length]!;
    if (i >= base.length) {
      const k = Math.floor(r() * 6);
      if (k === 0) t = `RT @user${Math.floor(r() * 9000 + 1000)}: ${t}`;
      else if (k === 1) t = `@warga_${Math.floor(r() * 900)} ${t} ${pick(TAILS)}`;
      else if (k === 2) t = `${t} ${pick(TAILS)} ${pick(TAILS)}`;
      else if (k === 3) t = t.replace(/[aeio]/g, (c) => (r() < 0.15 ? LEET[c]! : c));
      else if (k === 4) t = r() < 0.5 ? t.toUpperCase() : t.toLowerCase();
      else t = `${t}\n\n${pick(base)}`;
      t = `${t} #${i}`.trim();
    }
    out.push(t);
  }
  return out;
}

interface RunResult {
  startupSec: number;
  postsPerSec: number;
  startupCpuSec: number | null;
  postsPerCpuSec: number | null;
  totalSec: number;
  peakMb: number;
  lines: number;
}

async function procPeakKb(pid: number): Promise<number> {
  const s = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return Number(/VmHWM:\s+(\d+) kB/.exec(s)?.[1] ?? 0);
}

const TICK = 100; // USER_HZ: /proc/<pid>/stat counts CPU time in 1/100 s on Linux

/** CPU seconds (user + system) used so far by `pid`, from /proc. */
function cpuSecOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / TICK; // fields 14 and 15 (utime, stime)
  } catch {
    return null;
  }
}

/** The node process: the child itself, or the child of /usr/bin/time. */
function nodePidOf(pid: number, wrapped: boolean): number | null {
  if (!wrapped) return pid;
  try {
    const kids = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(' ').filter(Boolean);
    return kids.length === 1 ? Number(kids[0]) : null;
  } catch {
    return null;
  }
}

async function runOnce(input: string, dir: string, expectLines: number): Promise<RunResult> {
  const timeOut = path.join(dir, `time-${Date.now()}.txt`);
  const useTime = existsSync('/usr/bin/time');
  const cli = [
    process.execPath,
    path.resolve('src/cli/bin.js'),
    'classify',
    '--in',
    input,
    '--out',
    '-',
    '--batch-size',
    values['batch-size'],
    '--claims',
    values.claims,
  ];
  const [cmd, ...args] = useTime ? ['/usr/bin/time', '-f', '%M %U %S', '-o', timeOut, ...cli] : cli;
  const t0 = performance.now();
  const child = spawn(cmd!, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NETRA_LOG_LEVEL: 'warn', NETRA_LOG_FORMAT: 'json' },
  });
  let tFirst = 0;
  let cpuAtFirst: number | null = null;
  let linesAtFirst = 0;
  let tLast = 0;
  let lines = 0;
  let stderr = '';
  let polledPeakKb = 0;
  const poll = useTime
    ? null
    : setInterval(() => {
        if (child.pid) void procPeakKb(child.pid).then((kb) => (polledPeakKb = Math.max(polledPeakKb, kb)));
      }, 50);
  child.stdout.on('data', (chunk: Buffer) => {
    let n = 0;
    for (let k = chunk.indexOf(10); k !== -1; k = chunk.indexOf(10, k + 1)) n++;
    lines += n;
    const now = performance.now();
    if (tFirst === 0 && n > 0) {
      tFirst = now;
      linesAtFirst = lines;
      const pid = child.pid ? nodePidOf(child.pid, useTime) : null;
      cpuAtFirst = pid ? cpuSecOf(pid) : null;
    }
    tLast = now;
  });
  child.stderr.on('data', (c) => (stderr += c));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (poll) clearInterval(poll);
  if (code !== 0) throw new Error(`netra classify exited ${code}: ${stderr.slice(-2000)}`);
  if (lines !== expectLines) throw new Error(`expected ${expectLines} output lines, got ${lines}`);
  const timed = useTime ? (await readFile(timeOut, 'utf8')).trim().split('\n').pop()!.split(' ').map(Number) : null;
  const peakKb = timed ? timed[0]! : polledPeakKb;
  const cpuTotal = timed ? timed[1]! + timed[2]! : null;
  const after = (tLast - tFirst) / 1000;
  const cpuAfter = cpuTotal !== null && cpuAtFirst !== null ? cpuTotal - cpuAtFirst : null;
  return {
    startupSec: (tFirst - t0) / 1000,
    postsPerSec: after > 0 ? (lines - linesAtFirst) / after : Infinity,
    startupCpuSec: cpuAtFirst,
    postsPerCpuSec: cpuAfter !== null && cpuAfter > 0 ? (lines - linesAtFirst) / cpuAfter : null,
    totalSec: (performance.now() - t0) / 1000,
    peakMb: peakKb / 1024,
    lines,
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const dir = await mkdtemp(path.join(os.tmpdir(), 'netra-bench-classify-'));
try {
  let input = values.in;
  let n = 0;
  if (input) {
    n = (await readFile(input, 'utf8')).split('\n').filter((l) => l.trim() !== '').length;
  } else {
    const demo = (await readFile('data/demo/posts.jsonl', 'utf8'))
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { text: string }).text);
    const texts = vary(demo, nPosts);
    input = path.join(dir, 'posts.jsonl');
    await writeFile(input, `${texts.map((text, i) => JSON.stringify({ id: `bench-${i}`, text })).join('\n')}\n`);
    n = texts.length;
    const chars = texts.reduce((s, t) => s + t.length, 0);
    process.stderr.write(
      `generated ${n} posts from data/demo/posts.jsonl (${new Set(texts).size} distinct, mean ${Math.round(chars / n)} characters)\n`,
    );
  }
  process.stderr.write(
    `machine: ${os.cpus().length} CPUs, load average ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}; node ${process.version}\n`,
  );

  const warm = path.join(dir, 'warm.jsonl');
  await writeFile(
    warm,
    (await readFile(input, 'utf8'))
      .split('\n')
      .filter((l) => l.trim() !== '')
      .slice(0, 300)
      .join('\n') + '\n',
  );
  const w = await runOnce(warm, dir, Math.min(300, n));
  process.stderr.write(`warm-up (${w.lines} posts, fills the compile cache): ${w.totalSec.toFixed(2)} s\n`);

  const results: RunResult[] = [];
  for (let k = 0; k < runs; k++) {
    const r = await runOnce(input, dir, n);
    results.push(r);
    const cpu =
      r.startupCpuSec !== null && r.postsPerCpuSec !== null
        ? `; CPU: start-up ${r.startupCpuSec.toFixed(2)} s, ${Math.round(r.postsPerCpuSec)} posts per CPU-second`
        : '';
    process.stdout.write(
      `run ${k + 1}: start-up ${r.startupSec.toFixed(2)} s, ${Math.round(r.postsPerSec)} posts/s after start-up, total ${r.totalSec.toFixed(2)} s, peak RSS ${Math.round(r.peakMb)} MB${cpu}\n`,
    );
  }
  const m = {
    startupSec: median(results.map((r) => r.startupSec)),
    postsPerSec: median(results.map((r) => r.postsPerSec)),
    peakMb: Math.max(...results.map((r) => r.peakMb)),
  };
  const cpuRuns = results.filter((r) => r.startupCpuSec !== null && r.postsPerCpuSec !== null);
  const cpuLines = cpuRuns.length
    ? [
        `  CPU time (less sensitive to other processes' load):`,
        `    start-up          ${median(cpuRuns.map((r) => r.startupCpuSec!)).toFixed(2)} CPU-s`,
        `    after start-up    ${Math.round(median(cpuRuns.map((r) => r.postsPerCpuSec!)))} posts per CPU-second`,
      ]
    : [];
  const ok = (b: boolean) => (b ? 'meets' : 'MISSES');
  process.stdout.write(
    [
      '',
      `netra classify --claims ${values.claims}, ${n} posts, median of ${runs} run(s):`,
      `  start-up            ${m.startupSec.toFixed(2)} s      (target < ${TARGET.startupSec} s: ${ok(m.startupSec < TARGET.startupSec)})`,
      `  after start-up      ${Math.round(m.postsPerSec)} posts/s (target >= ${TARGET.postsPerSec}: ${ok(m.postsPerSec >= TARGET.postsPerSec)})`,
      `  peak memory (max)   ${Math.round(m.peakMb)} MB     (target < ${TARGET.peakMb} MB: ${ok(m.peakMb < TARGET.peakMb)})`,
      ...cpuLines,
      `  load average now    ${os
        .loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')} on ${os.cpus().length} CPUs`,
      '',
    ].join('\n'),
  );
} finally {
  if (values.keep) process.stderr.write(`kept ${dir}\n`);
  else await rm(dir, { recursive: true, force: true });
}
