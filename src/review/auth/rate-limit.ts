/**
 * Fixed-window counter of failed attempts per key (e.g. a client address), in memory: one `netra serve` process
 * holds it. Used to slow down password guessing from one place; the per-account lockout in
 * the database stops guessing one account from many places.
 */
export class RateLimiter {
  private readonly hits = new Map<string, { count: number; resetAt: number }>();
  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Ms to wait before `key` may try again (0: go ahead). */
  check(key: string, now = Date.now()): number {
    const h = this.hits.get(key);
    return h && h.resetAt > now && h.count >= this.limit ? h.resetAt - now : 0;
  }

  /** Count one (failed) attempt. */
  hit(key: string, now = Date.now()): void {
    if (this.hits.size > 10_000) this.sweep(now);
    let h = this.hits.get(key);
    if (!h || h.resetAt <= now) {
      h = { count: 0, resetAt: now + this.windowMs };
      this.hits.set(key, h);
    }
    h.count += 1;
  }

  reset(key: string): void {
    this.hits.delete(key);
  }

  private sweep(now: number): void {
    for (const [k, h] of this.hits) if (h.resetAt <= now) this.hits.delete(k);
  }
}
