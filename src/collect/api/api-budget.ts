import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { periodStart, recordUsage, reserveUsage, usageInPeriod, type UsagePeriod } from '../../repositories/api-usage.repository.ts';
import { OverBudgetError } from '../collect-errors.ts';

/** A pipeline's cap on one unit an API counts, e.g. X posts read per month. */
export interface UsageCap {
  /** `posts_read`, `requests`, `records`, ... */
  unit: string;
  cap: number;
  period: UsagePeriod;
  /** What the unit is, for messages: "posts read", "requests". */
  label: string;
}

const PERIOD_WORDS: Record<UsagePeriod, string> = { month: 'this month (UTC)', day: 'today (UTC)', rolling7: 'in the last 7 days' };

function resetsOn(period: UsagePeriod, now: Date): string {
  if (period === 'day') return new Date(Date.parse(`${now.toISOString().slice(0, 10)}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  if (period === 'month') return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
  return 'a rolling 7-day window';
}

/**
 * Usage of an API source, persisted per day in the database (`api_usage`) so that a pipeline's
 * caps hold across runs and across workers: units are reserved BEFORE a request (the most it
 * can return) and the unused part is given back after, so a cap is never exceeded. Without a
 * database (unit tests) the ledger is this object's memory.
 */
export class ApiBudget {
  private readonly memory = new Map<string, number>();
  /** Set once a cap refused a reservation: later requests stop at once. */
  exhausted: string | null = null;

  constructor(private readonly o: { sourceKey: string; caps: readonly UsageCap[]; db?: Kysely<Database>; now?: () => Date }) {}

  private now(): Date {
    return this.o.now?.() ?? new Date();
  }

  private capOf(unit: string): UsageCap | undefined {
    return this.o.caps.find((c) => c.unit === unit);
  }

  private memKey(unit: string, period: UsagePeriod, now: Date): string {
    return `${unit}|${periodStart(period, now)}`;
  }

  /**
   * Reserve up to `amount` units (at least `min`). Throws {@link OverBudgetError} with a message an
   * operator can act on when not even `min` fits; uncapped units are granted in full.
   */
  async reserve(unit: string, amount: number, min = amount): Promise<number> {
    const cap = this.capOf(unit);
    const now = this.now();
    if (!cap) return amount;
    let granted: number;
    let usedBefore: number;
    if (this.o.db)
      ({ granted, usedBefore } = await reserveUsage(this.o.db, {
        sourceKey: this.o.sourceKey,
        unit,
        amount,
        min,
        cap: cap.cap,
        period: cap.period,
        now,
      }));
    else {
      const k = this.memKey(unit, cap.period, now);
      usedBefore = this.memory.get(k) ?? 0;
      const left = cap.cap - usedBefore;
      granted = left >= amount ? amount : left >= min && min > 0 ? left : 0;
      this.memory.set(k, usedBefore + granted);
    }
    if (granted === 0) {
      this.exhausted = `${this.o.sourceKey}: the pipeline's cap of ${cap.cap.toLocaleString('en')} ${cap.label} ${PERIOD_WORDS[cap.period]} is reached (${usedBefore.toLocaleString('en')} used); nothing more is sent until ${resetsOn(cap.period, now)} or the cap is raised`;
      throw new OverBudgetError(this.exhausted);
    }
    return granted;
  }

  /** After the request: what was reserved and what was actually used (the rest is given back). */
  async settle(unit: string, reserved: number, used: number): Promise<void> {
    const back = reserved - used;
    const now = this.now();
    const cap = this.capOf(unit);
    if (!cap) {
      await this.record(unit, used);
      return;
    }
    if (back === 0) return;
    if (this.o.db) await recordUsage(this.o.db, this.o.sourceKey, unit, -back, now);
    else {
      const k = this.memKey(unit, cap.period, now);
      this.memory.set(k, (this.memory.get(k) ?? 0) - back);
    }
  }

  /** Count units that have no cap (still persisted, for the report). */
  async record(unit: string, amount: number): Promise<void> {
    if (this.o.db) await recordUsage(this.o.db, this.o.sourceKey, unit, amount, this.now());
  }

  /** Used this period, for the report. */
  async used(unit: string, period: UsagePeriod): Promise<number> {
    const now = this.now();
    if (this.o.db) return usageInPeriod(this.o.db, this.o.sourceKey, unit, period, now);
    return this.memory.get(this.memKey(unit, period, now)) ?? 0;
  }
}
