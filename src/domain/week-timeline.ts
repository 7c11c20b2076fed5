/**
 * A person's activity per week, for the person page's small timeline. Weeks are ISO weeks
 * (Monday to Sunday) of the WIB calendar, named by their Monday `YYYY-MM-DD`; the database
 * groups the rows, this fills the weeks in between with zeros and keeps the latest ones.
 */

/** Counts of one week as the database grouped them (weeks without activity are absent). */
export interface WeekCounts {
  /** The Monday of the week, `YYYY-MM-DD` (WIB). */
  week: string;
  /** The person's own posts (not quotes or reposts of another account). */
  own: number;
  /** Quotes and reposts of another account's post. */
  shared: number;
  /** Flags raised on posts of that week. */
  flags: number;
}

/** Consecutive weeks ending at the latest active one, and what fell before the window. */
export interface WeekTimeline {
  weeks: WeekCounts[];
  /** Activity in weeks before the first one shown (the window holds at most `maxWeeks`). */
  earlier: { own: number; shared: number; flags: number };
}

/** @default 26 weeks (half a year) */
export const TIMELINE_WEEKS = 26;

/** The Monday of `day`'s ISO week, `YYYY-MM-DD`. */
export function mondayOf(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

function addWeeks(monday: string, n: number): string {
  const d = new Date(`${monday}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 7 * n);
  return d.toISOString().slice(0, 10);
}

/**
 * Merge per-week rows (any order; the same week may come from several queries) into
 * consecutive weeks up to the latest active one: at most `maxWeeks`, zeros where nothing
 * happened, and the sums of the weeks left out before the window in `earlier`.
 */
export function weekTimeline(rows: readonly Partial<WeekCounts>[], maxWeeks = TIMELINE_WEEKS): WeekTimeline {
  const by = new Map<string, WeekCounts>();
  for (const r of rows) {
    if (!r.week) continue;
    const week = mondayOf(r.week);
    const w = by.get(week) ?? { week, own: 0, shared: 0, flags: 0 };
    w.own += r.own ?? 0;
    w.shared += r.shared ?? 0;
    w.flags += r.flags ?? 0;
    by.set(week, w);
  }
  const earlier = { own: 0, shared: 0, flags: 0 };
  if (by.size === 0) return { weeks: [], earlier };
  const sorted = [...by.keys()].sort();
  const last = sorted[sorted.length - 1]!;
  const windowStart = addWeeks(last, -(maxWeeks - 1));
  const first = sorted[0]! > windowStart ? sorted[0]! : windowStart;
  const weeks: WeekCounts[] = [];
  for (let w = first; w <= last; w = addWeeks(w, 1)) weeks.push(by.get(w) ?? { week: w, own: 0, shared: 0, flags: 0 });
  for (const [week, c] of by)
    if (week < first) {
      earlier.own += c.own;
      earlier.shared += c.shared;
      earlier.flags += c.flags;
    }
  return { weeks, earlier };
}
