import { CircuitBreaker, type BreakerOptions } from './circuit-breaker.ts';

/** At most `cap` request starts in any window of `intervalMs` (sliding). */
export interface PaceRule {
  cap: number;
  intervalMs: number;
}

/**
 * Where the politeness state of a platform and egress lives: its pace (request slots), the
 * platform's own rate-limit windows (from its headers, per endpoint) and its circuit breaker.
 * In memory for one process ({@link MemoryPolitenessStore}, the embedded database); in
 * PostgreSQL when workers share the database (`shared-politeness.store.ts`), so that N workers
 * together keep one pace and one breaker. Both pass the same conformance suite.
 */
export interface PolitenessStore {
  /** Whether other processes see the same state. */
  readonly shared: boolean;
  /**
   * Reserve the next request start of `key` under `rule` and return it (epoch ms, >= now): the
   * caller waits until then. Each of `cap` slots starts at most once per interval, so any
   * window of `intervalMs` holds at most `cap` starts, however many processes reserve.
   */
  reserve(key: string, rule: PaceRule, now: number): Promise<number>;
  /**
   * Take one request from a header-driven window (e.g. X's per-endpoint `x-rate-limit-*`):
   * 0 means go (counted), otherwise how long to wait before asking again (the window is spent).
   */
  takeWindow(key: string, now: number): Promise<number>;
  /** What the platform's headers said: `remaining` requests until `resetAt` (epoch ms). */
  updateWindow(key: string, remaining: number, resetAt: number): Promise<void>;
  /** Run one breaker transition atomically (allow, success, failure, report). */
  withBreaker<T>(key: string, o: BreakerOptions, fn: (b: CircuitBreaker) => T): Promise<T>;
}

/** One process's politeness state (tests, the embedded database, a single worker). */
export class MemoryPolitenessStore implements PolitenessStore {
  readonly shared = false;
  private readonly slots = new Map<string, number[]>();
  private readonly windows = new Map<string, { remaining: number; resetAt: number }>();
  private readonly breakers = new Map<string, CircuitBreaker>();

  async reserve(key: string, rule: PaceRule, now: number): Promise<number> {
    let s = this.slots.get(key);
    if (!s) this.slots.set(key, (s = []));
    if (s.length < rule.cap) {
      s.push(now);
      return now;
    }
    let oldest = 0;
    for (let i = 1; i < Math.min(s.length, rule.cap); i++) if (s[i]! < s[oldest]!) oldest = i;
    const start = Math.max(now, s[oldest]! + rule.intervalMs);
    s[oldest] = start;
    return start;
  }

  async takeWindow(key: string, now: number): Promise<number> {
    const w = this.windows.get(key);
    if (!w || w.resetAt <= now) return 0;
    if (w.remaining > 0) {
      w.remaining--;
      return 0;
    }
    return w.resetAt - now;
  }

  async updateWindow(key: string, remaining: number, resetAt: number): Promise<void> {
    const w = this.windows.get(key);
    if (w && w.resetAt === resetAt) w.remaining = Math.min(w.remaining, remaining);
    else if (!w || resetAt > w.resetAt) this.windows.set(key, { remaining, resetAt });
  }

  async withBreaker<T>(key: string, o: BreakerOptions, fn: (b: CircuitBreaker) => T): Promise<T> {
    let b = this.breakers.get(key);
    if (!b) this.breakers.set(key, (b = new CircuitBreaker(o)));
    return fn(b);
  }
}

/**
 * The keys politeness state is kept under: per platform (or API) and egress, so that requests
 * leaving through different addresses keep separate paces, and the same address one pace.
 */
export function politenessKey(kind: 'pace' | 'breaker' | 'window', platform: string, egress: string, endpoint?: string): string {
  return `${kind}:${platform}@${egress}${endpoint ? `:${endpoint}` : ''}`;
}
