import { wibDay } from './wib-time.ts';

export { wibDay };

/**
 * Election phases: campaigning during the quiet period is graver than during the campaign,
 * so a flag carries the phase its post was written in.
 */
export const ELECTION_PHASES = ['pre_campaign', 'campaign', 'quiet_period', 'voting_day', 'counting', 'after'] as const;
export type ElectionPhase = (typeof ELECTION_PHASES)[number];

/** One contest's calendar; dates are calendar days in WIB (Asia/Jakarta), `YYYY-MM-DD`. */
export interface ContestCalendar {
  id: string;
  name: string;
  /** Start of the pre-candidate stage the rules already apply to (e.g. candidate registration). */
  preCampaignStart: string;
  campaignStart: string;
  campaignEnd: string;
  quietStart: string;
  quietEnd: string;
  votingDay: string;
  /** Results final; `counting` lasts until then. */
  resultsFinal: string;
}

export interface PhaseAt {
  contest: string;
  phase: ElectionPhase;
}

/** How grave a phase is, for choosing between overlapping contests and for priority. */
export const PHASE_GRAVITY: Record<ElectionPhase, number> = {
  quiet_period: 5,
  voting_day: 5,
  campaign: 3,
  pre_campaign: 2,
  counting: 1,
  after: 0,
};

/**
 * The phase of the graver contest running on `at`'s WIB day, or null outside every contest.
 * `after` is only reported up to 30 days past the final results.
 */
export function phaseAt(at: Date, contests: readonly ContestCalendar[]): PhaseAt | null {
  const day = wibDay(at);
  let best: PhaseAt | null = null;
  for (const c of contests) {
    const phase = phaseOf(day, c);
    if (phase && (!best || PHASE_GRAVITY[phase] > PHASE_GRAVITY[best.phase])) best = { contest: c.id, phase };
  }
  return best;
}

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function phaseOf(day: string, c: ContestCalendar): ElectionPhase | null {
  if (day < c.preCampaignStart) return null;
  if (day < c.campaignStart) return 'pre_campaign';
  if (day <= c.campaignEnd) return 'campaign';
  if (day >= c.quietStart && day <= c.quietEnd) return 'quiet_period';
  if (day === c.votingDay) return 'voting_day';
  if (day > c.votingDay && day <= c.resultsFinal) return 'counting';
  if (day > c.resultsFinal && day <= addDays(c.resultsFinal, 30)) return 'after';
  // Between campaign end and quiet start (normally none) counts as the campaign.
  if (day > c.campaignEnd && day < c.quietStart) return 'campaign';
  return null;
}
