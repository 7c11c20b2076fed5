/**
 * `npm run bench:ocr`: how fast and how well netra reads text in images, and what OCR adds to a
 * scan. For each OCR model on this machine (the npm English model always; Debian's Indonesian
 * one when `tesseract-ocr-ind` is installed):
 *
 * - start-up of the Tesseract worker, images per second (wall) and per CPU-second over the demo
 *   images (`data/demo/images/*.png`, `--rounds` times each, after one untimed warm-up round);
 * - accuracy against the text drawn in each image (`data/demo/images/known-text.json`):
 *   character accuracy (1 - edit distance / characters of the true text, whitespace collapsed)
 *   and word accuracy (share of the true words read exactly, case-sensitive);
 * - the demo scan (`netra scan --pipeline pipelines/demo.yaml`, a fresh embedded database each
 *   time) without OCR and with each model: its wall time and the OCR time it reports.
 *
 *   npm run bench:ocr -- [--rounds 3] [--no-scan]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { debianIndonesianModel, npmEnglishModel, type OcrModel } from '../../src/image/ocr-models.ts';
import { createTesseractEngine } from '../../src/image/tesseract.engine.ts';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' }, 'no-scan': { type: 'boolean', default: false } } });
const rounds = Number(values.rounds);
const IMAGES = path.resolve('data/demo/images');
const known = JSON.parse(readFileSync(path.join(IMAGES, 'known-text.json'), 'utf8')) as Record<string, string[]>;
const files = readdirSync(IMAGES).filter((f) => f.endsWith('.png') && known[f]);

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

/** Character and word accuracy of `read` against the true lines (line order ignored for words). */
function accuracy(read: string, truth: string[]): { chars: number; charErrors: number; words: number; wordsRead: number } {
  const t = squash(truth.join(' '));
  const readWords = squash(read).split(' ');
  const pool = new Map<string, number>();
  for (const w of readWords) pool.set(w, (pool.get(w) ?? 0) + 1);
  let wordsRead = 0;
  const words = t.split(' ');
  for (const w of words) {
    const n = pool.get(w) ?? 0;
    if (n > 0) {
      wordsRead++;
      pool.set(w, n - 1);
    }
  }
  // Lines may come in another order (two passes): compare line by line with the closest read line.
  const readLines = read.split('\n').map(squash).filter(Boolean);
  let charErrors = 0;
  for (const line of truth) {
    const best = Math.min(line.length, ...readLines.map((r) => editDistance(r, line)));
    charErrors += best;
  }
  return { chars: truth.reduce((n, l) => n + l.length, 0), charErrors, words: words.length, wordsRead };
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

async function benchModel(model: OcrModel) {
  const t0 = performance.now();
  const engine = await createTesseractEngine(model);
  const startup = performance.now() - t0;
  const data = files.map((f) => readFileSync(path.join(IMAGES, f)));
  const acc = { chars: 0, charErrors: 0, words: 0, wordsRead: 0 };
  const perImage: string[] = [];
  for (let i = 0; i < files.length; i++) {
    const r = await engine.recognize(data[i]!);
    const a = accuracy(r.text, known[files[i]!]!);
    for (const k of Object.keys(acc) as (keyof typeof acc)[]) acc[k] += a[k];
    perImage.push(
      `    ${files[i]}: chars ${pct(1 - a.charErrors / a.chars)}, words ${a.wordsRead}/${a.words}; read ${JSON.stringify(r.text)}`,
    );
  }
  const cpu0 = process.cpuUsage();
  const w0 = performance.now();
  for (let k = 0; k < rounds; k++) for (const d of data) await engine.recognize(d);
  const wall = (performance.now() - w0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSec = (cpu.user + cpu.system) / 1e6;
  await engine.close();
  const n = rounds * data.length;
  console.log(`${model.lang} (${model.version})`);
  console.log(`  worker start-up ${(startup / 1000).toFixed(2)} s`);
  console.log(
    `  ${n} images: ${(n / wall).toFixed(2)} images/s wall, ${(n / cpuSec).toFixed(2)} images per CPU-second (${(wall / n).toFixed(2)} s each)`,
  );
  console.log(
    `  accuracy: characters ${pct(1 - acc.charErrors / acc.chars)} (${acc.charErrors} errors in ${acc.chars}), words ${pct(acc.wordsRead / acc.words)} (${acc.wordsRead}/${acc.words})`,
  );
  for (const l of perImage) console.log(l);
}

function demoScan(label: string, ocr: string): void {
  const dir = mkdtempSync(path.join(tmpdir(), 'netra-bench-ocr-'));
  try {
    const data = path.resolve('data');
    const yaml = readFileSync('pipelines/demo.yaml', 'utf8')
      .replaceAll('../data', data)
      .replace(/^ocr: .*$/m, `ocr: ${ocr}`);
    const file = path.join(dir, 'demo.yaml');
    writeFileSync(file, yaml);
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ['src/cli/bin.js', 'scan', '--pipeline', file, '--show', '0'], {
      env: { ...process.env, NETRA_DATA_DIR: path.join(dir, 'data'), NETRA_LOG_LEVEL: 'warn' },
      encoding: 'utf8',
    });
    const wall = (performance.now() - t0) / 1000;
    if (r.status !== 0) throw new Error(`demo scan (${label}) failed: ${r.stderr.slice(-2000)}`);
    const run = /succeeded in ([\d.]+)s/.exec(r.stdout)?.[1];
    const images = /images\s+(\d+)\s+read by OCR in ([\d.]+)s \((.*?)\), \d+ unreadable/.exec(r.stdout);
    const flagged = /flagged\s+(\d+)/.exec(r.stdout)?.[1];
    console.log(
      `  ${label.padEnd(22)} process ${wall.toFixed(1)} s, scan run ${run ?? '?'} s, ${flagged ?? '?'} flags${images ? `; ${images[1]} images read by OCR in ${images[2]} s (${images[3]})` : ''}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(
  `bench:ocr on ${cpus().length} cores, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} at ${new Date().toISOString()}`,
);
console.log(`${files.length} demo images, ${rounds} timed round(s) after 1 warm-up round\n`);
const models: OcrModel[] = [npmEnglishModel()];
const ind = await debianIndonesianModel();
if (ind) models.push(ind);
else console.log("Debian's Indonesian model is not installed (apt-get install --no-install-recommends tesseract-ocr-ind): English only\n");
for (const m of models) await benchModel(m);
if (!values['no-scan']) {
  console.log('\ndemo scan (fresh embedded database each):');
  demoScan('without OCR', 'false');
  demoScan('OCR, npm English', '{ model: eng }');
  if (ind) demoScan('OCR, Debian Indonesian', '{ model: ind }');
}
console.log(
  `\nload average after: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
