import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { PACKAGE_ROOT } from '../config/paths.ts';
import type { ContestCalendar } from './election-phase.ts';
import { UserError } from './errors.ts';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' });

/** A contest's dates, WIB calendar days. */
const datesShape = {
  /** First day the pledge applies to this race (pre-candidate stage); default 90 days before the campaign. */
  preCampaignStart: day.optional(),
  candidateNumbersDrawn: day.optional(),
  campaignStart: day,
  campaignEnd: day,
  quietStart: day,
  quietEnd: day,
  votingDay: day,
  /** Results final; default 30 days after voting. */
  resultsFinal: day.optional(),
};
type Dates = { campaignStart: string; campaignEnd: string; quietStart: string; quietEnd: string; votingDay: string };
const inOrder = (d: Dates) => d.campaignStart <= d.campaignEnd && d.campaignEnd < d.quietStart && d.quietStart <= d.quietEnd && d.quietEnd < d.votingDay;
const ORDER = { message: 'dates must run campaignStart <= campaignEnd < quietStart <= quietEnd < votingDay' };

/** The `dates` of a lexicon contest (data/lexicons/election-2024.yaml, contests/*.yaml). */
export const contestDatesSchema = z.strictObject(datesShape).refine(inOrder, ORDER);

/** A contest's calendar as written flat in a pipeline's `election.calendar`. */
export const contestSchema = z
  .strictObject({ id: z.string().min(1), name: z.string().min(1), source: z.string().optional(), ...datesShape })
  .refine(inOrder, ORDER);

function shiftDay(d: string, n: number): string {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
}

type ContestDates = z.infer<typeof contestDatesSchema> & { id: string; name: string };

/** Fill the documented defaults: pre-campaign 90 days before the campaign, counting 30 days after voting. */
export function toCalendar(c: ContestDates): ContestCalendar {
  return {
    id: c.id,
    name: c.name,
    preCampaignStart: c.preCampaignStart ?? shiftDay(c.campaignStart, -90),
    campaignStart: c.campaignStart,
    campaignEnd: c.campaignEnd,
    quietStart: c.quietStart,
    quietEnd: c.quietEnd,
    votingDay: c.votingDay,
    resultsFinal: c.resultsFinal ?? shiftDay(c.votingDay, 30),
  };
}

export const DEFAULT_LEXICON_DIR = path.join(PACKAGE_ROOT, 'data', 'lexicons');

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
    if (s.isDirectory()) out.push(...(await readdir(p)).filter((n) => n.endsWith('.yaml')).sort().map((n) => path.join(p, n)));
    else out.push(p);
  }
  return out;
}

/**
 * The election calendar, read from the same contests the rule lexicon uses (one source for the
 * dates): `election-2024.yaml`, every `contests/*.yaml`, and any extra contest files a pipeline
 * names. The rule loader validates these files fully; here only the dates matter.
 */
export async function loadElectionCalendar(lexiconDir = DEFAULT_LEXICON_DIR, extraContestFiles: readonly string[] = []): Promise<ContestCalendar[]> {
  const files = [path.join(lexiconDir, 'election-2024.yaml')];
  const contestsDir = path.join(lexiconDir, 'contests');
  const extra = await readdir(contestsDir).catch(() => [] as string[]);
  files.push(...extra.filter((n) => n.endsWith('.yaml')).sort().map((n) => path.join(contestsDir, n)), ...extraContestFiles);
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
