import type { ScanReport } from '../pipeline/scan.ts';

/**
 * Exit codes of `netra scan` and `netra scans start --wait`, for schedulers and scripts:
 * 0 the run finished (`succeeded` or `partial`: read its alerts), 1 it failed or was interrupted,
 * 3 every account the run tried failed to collect (nothing was read: a block, a wall, a changed
 * page or an outage; the run is recorded as `partial` with each account's reason).
 */
export const EXIT_ALL_ACCOUNTS_FAILED = 3;

export const SCAN_EXIT_HELP = `
Exit codes: 0 the run finished (succeeded, or partial: read its alerts); 1 it failed or was
interrupted; ${EXIT_ALL_ACCOUNTS_FAILED} not one account could be collected (every account was walled,
blocked, challenged, private, not found or failed).`;

/** True when the run tried at least one account, every one failed, and not one post was read. */
export function everyAccountFailed(r: ScanReport): boolean {
  const sources = Object.values(r.collect.sources);
  const tried = sources.reduce((n, s) => n + s.accounts, 0);
  const failed = sources.reduce((n, s) => n + s.errors.length, 0);
  const posts = sources.reduce((n, s) => n + s.posts, 0);
  return tried > 0 && failed === tried && posts === 0;
}

export function scanExitCode(r: ScanReport): number {
  if (r.run.status === 'failed' || r.run.status === 'interrupted') return 1;
  return everyAccountFailed(r) ? EXIT_ALL_ACCOUNTS_FAILED : 0;
}
