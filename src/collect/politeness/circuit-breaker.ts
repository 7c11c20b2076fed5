/**
 * A circuit breaker per platform: after `threshold` blocking answers in a row (429 after
 * retries, 403, a login wall, a challenge page) the platform is paused for `cooldownMs`.
 * A platform that keeps blocking us is telling us to stop; hammering it makes things worse for
 * every later scan. After the pause one trial request is let through (half-open): a success
 * closes the breaker, another block opens it again.
 *
 * Pure: the caller passes `now` (ms), so tests need no timers.
 */
export type BreakerState = 'closed' | 'open' | 'half_open';

export interface BreakerOptions {
  /** Consecutive blocks that open the breaker. @default 5 */
  threshold: number;
  /** How long an open breaker pauses the platform. @default 900000 (15 min) */
  cooldownMs: number;
}

/** What the scan report says about a breaker. */
export interface BreakerReport {
  state: BreakerState;
  /** Times the breaker opened in this process. */
  openings: number;
  /** When the current pause ends (open state only). */
  openUntil: Date | null;
  /** Reasons of the blocks that opened it last, e.g. `{ login_wall: 3, http_429: 2 }`. */
  lastReasons: Record<string, number>;
  /** Requests refused while open. */
  refused: number;
}

export class CircuitBreaker {
  private state: BreakerState = 'closed';
  private consecutive = 0;
  private reasons: Record<string, number> = {};
  private openedAt = 0;
  private openings = 0;
  private refused = 0;
  private lastReasons: Record<string, number> = {};
  private trialInFlight = false;

  constructor(private readonly o: BreakerOptions) {
    if (!(o.threshold >= 1)) throw new RangeError(`breaker threshold must be >= 1, got ${o.threshold}`);
  }

  /**
   * May a request go out now? Open: no (counted as refused). Half-open: exactly one trial.
   * The caller must report the trial's outcome with {@link success} or {@link failure}.
   */
  allow(now: number): boolean {
    if (this.state === 'open') {
      if (now - this.openedAt < this.o.cooldownMs) {
        this.refused++;
        return false;
      }
      this.state = 'half_open';
      this.trialInFlight = false;
    }
    if (this.state === 'half_open') {
      if (this.trialInFlight) {
        this.refused++;
        return false;
      }
      this.trialInFlight = true;
    }
    return true;
  }

  /** A normal answer: the platform is serving us. */
  success(): void {
    this.state = 'closed';
    this.consecutive = 0;
    this.reasons = {};
    this.trialInFlight = false;
  }

  /** An answer that says nothing about blocking (a 5xx, a parse error): frees a half-open trial slot. */
  neutral(): void {
    this.trialInFlight = false;
  }

  /** A blocking answer. Returns true when this block opened the breaker. */
  failure(now: number, reason: string): boolean {
    this.consecutive++;
    this.reasons[reason] = (this.reasons[reason] ?? 0) + 1;
    const trialFailed = this.state === 'half_open';
    this.trialInFlight = false;
    if (trialFailed || this.consecutive >= this.o.threshold) {
      if (this.state !== 'open') this.openings++;
      this.state = 'open';
      this.openedAt = now;
      this.lastReasons = { ...this.reasons };
      return true;
    }
    return false;
  }

  /** Milliseconds until an open breaker lets a trial through (0 when not open). */
  remainingMs(now: number): number {
    return this.state === 'open' ? Math.max(0, this.o.cooldownMs - (now - this.openedAt)) : 0;
  }

  report(now: number): BreakerReport {
    const open = this.state === 'open' && now - this.openedAt < this.o.cooldownMs;
    return {
      state: this.state,
      openings: this.openings,
      openUntil: open ? new Date(this.openedAt + this.o.cooldownMs) : null,
      lastReasons: { ...this.lastReasons },
      refused: this.refused,
    };
  }
}
