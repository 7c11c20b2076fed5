import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadElectionCalendar } from '../../src/classify/rules/election-calendar.load.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { loadPipeline } from '../../src/pipeline/pipeline.load.ts';
import { runScan } from '../../src/pipeline/scan.ts';
import type { TestDb } from './test-db.ts';
import { fakeClassifier } from './fake-classifier.ts';

/**
 * Every identifier seeded into test/fixtures/export/: no export may contain any of them.
 * Registry names and their parts, NIPs, a NIK, phone numbers, an email, handles (registered and
 * third-party), a platform account id, post ids, agencies and regions (never exported).
 */
export const SEEDED_IDENTIFIERS = [
  'Wahyu Kusumaningrum',
  'WahyuKusumaningrum',
  'RatnaSariwangi',
  'Kusumaningrum',
  'Ratna Sariwangi',
  'Sariwangi',
  'Ratna',
  'Bambang Trihatmojo',
  'Trihatmojo',
  'Yuliana Pratiwi',
  'Yuliana',
  '198703212010011005',
  '199001152015032007',
  '197912302006041009',
  '3578012345670001',
  '0812-3456-7890',
  '3456-7890',
  '857 1122 3344',
  '555-1234',
  '5551234',
  'ratna.sari@example.co.id',
  'example.co.id',
  'wahyu_kusuma87',
  'wahyu.kusumaningrum',
  'ratna_sw',
  'bambang.thm',
  'yuli_pratiwi79',
  'yulipratiwi',
  'kawan_lama',
  '4471829930',
  '176000000000000',
  '910000000000',
  'x.com/',
  'facebook.com',
  'kpu.go.id',
  'Kabupaten Fiktif',
  'Dinas Pendidikan',
  'Kota Contoh',
];

/** Scan the export fixture (fake classifier: #coblos02, anjing, amplop) and give one account a platform id. */
export async function scanExportFixture(t: TestDb): Promise<void> {
  const loaded = await loadPipeline('test/fixtures/export/export.yaml');
  await runScan({ db: t.db, loaded, classifier: fakeClassifier(), calendar: await loadElectionCalendar(), logger: silentLogger() });
  await t.db.updateTable('accounts').set({ platform_account_id: '4471829930' }).where('handle', '=', 'wahyu_kusuma87').execute();
}

/** Every file under a folder, with its path relative to it. */
export async function filesUnder(dir: string): Promise<{ rel: string; bytes: Buffer }[]> {
  const out: { rel: string; bytes: Buffer }[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    const full = path.join(e.parentPath, e.name);
    out.push({ rel: path.relative(dir, full), bytes: await readFile(full) });
  }
  return out;
}

/** Which of `needles` occur, case-insensitively, in any file's bytes (as UTF-8 and as UTF-16LE). */
export function leaks(files: { rel: string; bytes: Buffer }[], needles: readonly string[]): string[] {
  const found: string[] = [];
  for (const f of files) {
    const lower = Buffer.from(f.bytes.toString('latin1').toLowerCase(), 'latin1');
    for (const n of needles) {
      for (const enc of ['utf8', 'utf16le'] as const) {
        if (lower.includes(Buffer.from(n.toLowerCase(), enc))) found.push(`${f.rel}: ${n} (${enc})`);
      }
    }
  }
  return found;
}
