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

/** Everything a breaker remembers: stored as one row when workers share it (PostgreSQL). */
export interface BreakerSnapshot {
  state: BreakerState;
  consecutive: number;
  reasons: Record<string, number>;
  openedAt: number;
  openings: number;
  refused: number;
  lastReasons: Record<string, number>;
  /** A half-open trial is out until this time (a trial whose worker died frees itself then). */
  trialUntil: number;
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
  private trialUntil = 0;

  constructor(
    private readonly o: BreakerOptions,
    snapshot?: BreakerSnapshot,
  ) {
    if (!(o.threshold >= 1)) throw new RangeError(`breaker threshold must be >= 1, got ${o.threshold}`);
    if (snapshot) {
      this.state = snapshot.state;
      this.consecutive = snapshot.consecutive;
      this.reasons = { ...snapshot.reasons };
      this.openedAt = snapshot.openedAt;
      this.openings = snapshot.openings;
      this.refused = snapshot.refused;
      this.lastReasons = { ...snapshot.lastReasons };
      this.trialUntil = snapshot.trialUntil;
      this.trialInFlight = snapshot.state === 'half_open' && snapshot.trialUntil > 0;
    }
  }

  /** The state to store (see {@link BreakerSnapshot}). */
  snapshot(): BreakerSnapshot {
    return {
      state: this.state,
      consecutive: this.consecutive,
      reasons: { ...this.reasons },
      openedAt: this.openedAt,
      openings: this.openings,
      refused: this.refused,
      lastReasons: { ...this.lastReasons },
      trialUntil: this.trialInFlight ? this.trialUntil : 0,
    };
  }

  /**
   * May a request go out now? Open: no (counted as refused). Half-open: exactly one trial.
   * The caller must report the trial's outcome with {@link success} or {@link failure}.
   */
  allow(now: number, trialMs = this.o.cooldownMs): boolean {
    // A trial nobody reported back on (its process died) stops blocking after `trialMs`.
    if (this.state === 'half_open' && this.trialInFlight && this.trialUntil > 0 && now >= this.trialUntil) this.trialInFlight = false;
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
      this.trialUntil = now + Math.max(1, trialMs);
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
