import type { PolitenessSettings } from './politeness.settings.ts';

/** What a pace allows for one platform and egress, whatever the machine could do. */
export interface Capacity {
  /** Request starts per minute the pace allows (the interval cap, or the random pauses of one request at a time if slower). */
  requestsPerMinute: number;
  /** Accounts per day at `requestsPerAccount` requests each. */
  accountsPerDay: number;
  /** What bounds it: the interval cap, the pauses, or the platform's own limit. */
  boundBy: 'interval cap' | 'pauses' | 'platform limit';
}

/**
 * Requests per minute and accounts per day that a source's politeness allows on one egress
 * (shared by every worker on it). `requestMs` is how long one request takes (page load or API
 * call); `platformPerMinute`, when the platform documents a lower limit (X's timeline per app,
 * TikTok's daily requests), caps the result.
 */
export function paceCapacity(
  s: Pick<PolitenessSettings, 'intervalMs' | 'intervalCap' | 'minDelayMs' | 'maxDelayMs' | 'concurrency'>,
  o: { requestsPerAccount: number; requestMs: number; platformPerMinute?: number },
): Capacity {
  const byCap = (s.intervalCap * 60_000) / s.intervalMs;
  const perRequestMs = (s.minDelayMs + s.maxDelayMs) / 2 + o.requestMs;
  const byPauses = (s.concurrency * 60_000) / Math.max(1, perRequestMs);
  let rpm = Math.min(byCap, byPauses);
  let boundBy: Capacity['boundBy'] = byCap <= byPauses ? 'interval cap' : 'pauses';
  if (o.platformPerMinute !== undefined && o.platformPerMinute < rpm) {
    rpm = o.platformPerMinute;
    boundBy = 'platform limit';
  }
  return { requestsPerMinute: rpm, accountsPerDay: Math.floor((rpm * 1440) / o.requestsPerAccount), boundBy };
}
