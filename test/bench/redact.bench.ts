/**
 * `npm run bench:redact`: milliseconds per post of export redaction as the registry grows.
 * For each size a synthetic registry is generated (names of 2 to 4 parts drawn from common
 * Indonesian name parts plus made-up syllable names, so the index holds hundreds of thousands
 * of distinct name parts; an agency and a position per 20 people; a handle and an account id per
 * person), the redactor is built once (its build time and heap are printed), and a fixed set of
 * synthetic posts (ordinary campaign-season text with registry names, third-party names after
 * honorifics, hashtags, links, phone numbers, accounts, plates and addresses planted in) is
 * redacted once untimed (warm-up), then `--rounds` times. Target: under 1 ms per post at 500,000 names.
 *
 *   npm run bench:redact -- [--sizes 2000,50000,500000] [--posts 2000] [--rounds 3]
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { createRedactor } from '../../src/export/redact.ts';
import { seededRandom } from '../../src/domain/seeded-random.ts';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '2000,50000,500000' },
    posts: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '3' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log('npm run bench:redact -- [--sizes 2000,50000,500000] [--posts 2000] [--rounds 3]');
  process.exit(0);
}
const sizes = values.sizes.split(',').map(Number);
const postCount = Number(values.posts);
const rounds = Number(values.rounds);

const FIRST =
  'Sri Agus Budi Dewi Siti Ahmad Muhammad Nur Rina Joko Bambang Slamet Indah Putri Ayu Yohanes Lalu Bagus Dedi Eko Hendra Wahyu Rudi Fitri Lestari Endang Tri Dwi Yuli Andi'.split(
    ' ',
  );
const LAST =
  'Handayani Wicaksono Suharto Siregar Simanjuntak Lestari Kristianto Rahmawati Susilowati Pratama Saputra Hidayat Nasution Harahap Wibowo Santoso Setiawan Kurniawan Purnomo Hartono Sulistyo Anggraini Wulandari Permana Gunawan'.split(
    ' ',
  );
const SYL =
  'ba be bi bo bu da di do du ka ki ko ku la li lo lu ma mi mo mu na ni no nu ra ri ro ru sa si so su ta ti to tu wa wi wo ya yu ja jo ga go ha ho'.split(
    ' ',
  );

function registry(n: number, random: () => number) {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const made = () => {
    const k = 2 + Math.floor(random() * 3);
    let w = '';
    for (let i = 0; i < k; i++) w += pick(SYL);
    return w[0]!.toUpperCase() + w.slice(1) + pick(['', 'n', 'r', 'ng', 'to', 'wan', 'wati']);
  };
  const names: string[] = [];
  const handles: string[] = [];
  const ids: string[] = [];
  const workplaces: string[] = [];
  const positions: string[] = [];
  for (let i = 0; i < n; i++) {
    const parts = [random() < 0.5 ? pick(FIRST) : made(), random() < 0.5 ? pick(LAST) : made()];
    if (random() < 0.3) parts.push(made());
    names.push(parts.join(' '));
    handles.push(`${parts[0]!.toLowerCase()}_${i}`);
    ids.push(String(1_000_000_000 + i * 7919));
    if (i % 20 === 0) {
      workplaces.push(`SDN ${1 + (i % 40)} ${made()}`);
      positions.push(`${pick(['Kepala Seksi', 'Analis', 'Pranata', 'Pengelola'])} ${made()}`);
    }
  }
  return { names, handles, ids, workplaces, positions };
}

const TEMPLATES = [
  'Bapak Ibu sekalian, mari dukung {name} di pemilu nanti! #{tag} cek linktr.ee/{handle}',
  'kemarin {name} bilang ke Pak Darmawan dan Bu Endang kalau 02 pasti menang, lalu kami pulang',
  'hubungi 0812-3456-{n4} atau email {handle}@gmail.com untuk kaos gratis, bagus banget',
  'Transfer donasi BCA 12345{n4}9 a.n. {name}, posko di Jl. Melati No. {n2} RT 03/RW 04',
  'konvoi mobil B {n4} ABC dari {work} menuju lapangan, youtu.be/xYz{n4} @{handle}',
  'saya {pos} di {work}, netral dong... tapi coblos paslon 1 ya guys wkwkwk',
  'indah sekali acara kampanye akbar hari ini, semoga lancar sampai hari pencoblosan tanggal 14 Februari',
];

function posts(reg: ReturnType<typeof registry>, random: () => number): string[] {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const out: string[] = [];
  for (let i = 0; i < postCount; i++) {
    const name = pick(reg.names);
    out.push(
      pick(TEMPLATES)
        .replaceAll('{name}', name)
        .replaceAll('{tag}', name.replace(/\s+/g, ''))
        .replaceAll('{handle}', pick(reg.handles))
        .replaceAll('{work}', pick(reg.workplaces))
        .replaceAll('{pos}', pick(reg.positions))
        .replaceAll('{n4}', String(1000 + Math.floor(random() * 9000)))
        .replaceAll('{n2}', String(1 + Math.floor(random() * 99))),
    );
  }
  return out;
}

console.log(
  `redaction benchmark: ${postCount} posts x ${rounds} rounds per size; node ${process.version}; load ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
console.log('registry names | build s | heap MB | ms/post (median round) | ms/post (worst round)');
for (const n of sizes) {
  const random = seededRandom(n, 'bench-redact');
  const reg = registry(n, random);
  const sample = posts(reg, random);
  global.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const redactor = createRedactor({ ...reg, keepWords: ['prabowo', 'anies', 'ganjar'] });
  const build = (performance.now() - t0) / 1000;
  const heap = (process.memoryUsage().heapUsed - heap0) / 1e6;
  const perPost: number[] = [];
  let chars = 0;
  // One untimed round first: the JIT compiles the matcher.
  for (const p of sample) chars += redactor.redact(p).length;
  for (let r = 0; r < rounds; r++) {
    const s = performance.now();
    for (const p of sample) chars += redactor.redact(p).length;
    perPost.push((performance.now() - s) / sample.length);
  }
  perPost.sort((a, b) => a - b);
  console.log(
    `${String(n).padStart(14)} | ${build.toFixed(2).padStart(7)} | ${heap.toFixed(0).padStart(7)} | ${perPost[Math.floor(perPost.length / 2)]!.toFixed(4).padStart(22)} | ${perPost[perPost.length - 1]!.toFixed(4).padStart(21)}${chars > 0 ? '' : ' (no output?)'}`,
  );
  console.log(`  e.g. ${JSON.stringify(sample[0])}\n    -> ${JSON.stringify(redactor.redact(sample[0]!))}`);
}
console.log(
  `load after ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
