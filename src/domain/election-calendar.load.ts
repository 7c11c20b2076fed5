import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { PACKAGE_ROOT } from '../config/paths.ts';
import type { ContestCalendar } from './election-phase.ts';
import { UserError } from './errors.ts';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' });

/** A contest as written in YAML: the pre-campaign start and final results may be left out. */
export const contestSchema = z
  .object({
    id: z.string().min(1),
    name: z.string().min(1),
    preCampaignStart: day.optional(),
    campaignStart: day,
    campaignEnd: day,
    quietStart: day,
    quietEnd: day,
    votingDay: day,
    resultsFinal: day.optional(),
    source: z.string().optional(),
  })
  .refine((c) => c.campaignStart <= c.campaignEnd && c.campaignEnd < c.quietStart && c.quietStart <= c.quietEnd && c.quietEnd < c.votingDay, {
    message: 'dates must run campaignStart <= campaignEnd < quietStart <= quietEnd < votingDay',
  });

function shiftDay(d: string, n: number): string {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
}

/** Fill the documented defaults: pre-campaign 90 days before the campaign, counting 30 days after voting. */
export function toCalendar(c: z.infer<typeof contestSchema>): ContestCalendar {
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

export const DEFAULT_CALENDAR_FILE = path.join(PACKAGE_ROOT, 'data', 'rules', 'election-calendar.yaml');

/** Load a calendar file; errors name the file and the field. */
export async function loadElectionCalendar(file = DEFAULT_CALENDAR_FILE): Promise<ContestCalendar[]> {
  const doc = parse(await readFile(file, 'utf8')) as unknown;
  const r = z.object({ version: z.union([z.string(), z.number()]), contests: z.array(contestSchema).min(1) }).safeParse(doc);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new UserError(`${file}: field "${i.path.join('.')}": ${i.message}`);
  }
  return r.data.contests.map(toCalendar);
}
