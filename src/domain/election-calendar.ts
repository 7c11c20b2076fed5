import { z } from 'zod';
import type { ContestCalendar } from './election-phase.ts';

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
const inOrder = (d: Dates) =>
  d.campaignStart <= d.campaignEnd && d.campaignEnd < d.quietStart && d.quietStart <= d.quietEnd && d.quietEnd < d.votingDay;
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
