/** Where a flag is in review: open, claimed by an analyst, escalated to a supervisor, decided, or withdrawn by a supervisor. */
export const FLAG_STATUSES = ['open', 'claimed', 'escalated', 'confirmed', 'dismissed', 'withdrawn'] as const;
export type FlagStatus = (typeof FLAG_STATUSES)[number];

/** How a scan run ended (or that it is still running). */
export const SCAN_STATUSES = ['running', 'succeeded', 'partial', 'failed', 'interrupted'] as const;
export type ScanStatus = (typeof SCAN_STATUSES)[number];

/** Where a scan run is: plan -> collect -> classify -> finish -> done. */
export type ScanPhase = 'plan' | 'collect' | 'classify' | 'finish' | 'done';
