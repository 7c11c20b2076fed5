import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { DEFAULT_LEXICON_DIR } from '../../config/paths.ts';
import { contestDatesSchema, toCalendar } from '../../domain/election-calendar.ts';
import type { ContestCalendar } from '../../domain/election-phase.ts';
import { UserError } from '../../domain/errors.ts';

const lexiconContest = z.object({ id: z.string(), name: z.string(), dates: contestDatesSchema });

/**
 * Contest files named by an operator (a pipeline's `classify.contests`): a folder means every
 * `*.yaml` in it, in name order; a file means itself.
 */
export async function contestFilesIn(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    const s = await stat(p).catch(() => undefined);
    if (!s) throw new UserError(`contest file or folder ${p} does not exist`);
    if (s.isDirectory())
      out.push(
        ...(await readdir(p))
          .filter((n) => n.endsWith('.yaml'))
          .sort()
          .map((n) => path.join(p, n)),
      );
    else out.push(p);
  }
  return out;
}

/**
 * The election calendar, read from the same contests the rule lexicon uses (one source for the
 * dates): `election-2024.yaml`, every `contests/*.yaml`, and any extra contest files a pipeline
 * names. The rule loader validates these files fully; here only the dates matter.
 */
export async function loadElectionCalendar(
  lexiconDir = DEFAULT_LEXICON_DIR,
  extraContestFiles: readonly string[] = [],
): Promise<ContestCalendar[]> {
  const files = [path.join(lexiconDir, 'election-2024.yaml')];
  const contestsDir = path.join(lexiconDir, 'contests');
  const extra = await readdir(contestsDir).catch(() => [] as string[]);
  files.push(
    ...extra
      .filter((n) => n.endsWith('.yaml'))
      .sort()
      .map((n) => path.join(contestsDir, n)),
    ...extraContestFiles,
  );
  const out: ContestCalendar[] = [];
  for (const file of files) {
    const doc = parse(await readFile(file, 'utf8')) as unknown;
    const list = file.endsWith('election-2024.yaml') ? (doc as { contests?: unknown })?.contests : [doc];
    const r = z.array(lexiconContest).safeParse(list);
    if (!r.success) {
      const i = r.error.issues[0]!;
      throw new UserError(`${file}: field "${i.path.join('.')}": ${i.message}`);
    }
    out.push(...r.data.map((c) => toCalendar({ id: c.id, name: c.name, ...c.dates })));
  }
  return out;
}
