import PQueue from 'p-queue';
import type { Logger } from '../../log/logger.ts';
import { BlockedError, CircuitOpenError, RetriesExhaustedError, TransientFetchError } from '../collect-errors.ts';
import { backoffDelay, randomDelay, type Random } from './backoff.ts';
import type { BreakerOptions, BreakerReport } from './circuit-breaker.ts';
import { MemoryPolitenessStore, politenessKey, type PolitenessStore } from './politeness-store.ts';
import type { PolitenessSettings } from './politeness.settings.ts';

/** Clock, sleep and randomness, injectable so tests run on fake timers with fixed jitter. */
export interface PoliteDeps {
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: Random;
  logger?: Logger;
  /**
   * Where the pace and the breaker live. Default: this runner's own memory. Workers sharing a
   * PostgreSQL database pass the shared store, so that together they keep one pace.
   */
  store?: PolitenessStore;
  /** The egress (proxy or address) requests leave through: each egress keeps its own pace. @default 'direct' */
  egress?: string;
}

export interface PoliteStats {
  requests: number;
  retries: number;
  rateLimited: number;
  serverErrors: number;
  timeouts: number;
  blocked: number;
  /** Time spent honouring Retry-After and backing off. */
  waitedMs: number;
}

export interface RunOptions<T> {
  signal?: AbortSignal;
  /** Tell a blocking answer that came back as a value (a login wall page): returns the reason, or null. */
  isBlocked?: (result: T) => string | null;
}

/** Sleep that an AbortSignal cuts short (rejecting with the signal's reason). */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return signal?.aborted ? Promise.reject(signal.reason) : Promise.resolve();
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

interface HostState {
  queue: PQueue;
  /** Nothing goes to this host before this time (set by Retry-After). */
  pausedUntil: number;
}

/**
 * Every request a source makes to one platform goes through here:
 * - a p-queue for the platform (concurrency, and at most `intervalCap` starts per `intervalMs`,
 *   as a sliding window) and one per host (its own concurrency);
 * - a random pause before each request;
 * - retries on 429, 5xx and timeouts with exponential backoff and full jitter, or exactly the
 *   wait a `Retry-After` asks for (during which the whole host waits, not just this request);
 * - a circuit breaker that pauses the platform after repeated blocks and says so in the report.
 */
export class PoliteRunner {
  readonly stats: PoliteStats = { requests: 0, retries: 0, rateLimited: 0, serverErrors: 0, timeouts: 0, blocked: 0, waitedMs: 0 };
  readonly store: PolitenessStore;
  readonly egress: string;
  private readonly queue: PQueue;
  private readonly hosts = new Map<string, HostState>();
  private readonly breakerOptions: BreakerOptions;
  private readonly paceKey: string;
  private readonly breakerKey: string;
  /** The breaker as this process last saw it, and what happened to it here. */
  private lastBreaker: BreakerReport = { state: 'closed', openings: 0, openUntil: null, lastReasons: {}, refused: 0 };
  private openedHere = 0;
  private refusedHere = 0;
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly random: Random;
  private readonly log: Logger | undefined;

  constructor(
    readonly platform: string,
    readonly settings: Readonly<PolitenessSettings>,
    deps: PoliteDeps = {},
  ) {
    this.now = deps.now ?? Date.now;
    this.sleep = deps.sleep ?? abortableSleep;
    this.random = deps.random ?? Math.random;
    this.log = deps.logger;
    this.queue = new PQueue({ concurrency: settings.concurrency });
    this.store = deps.store ?? new MemoryPolitenessStore();
    this.egress = deps.egress ?? 'direct';
    this.paceKey = politenessKey('pace', platform, this.egress);
    this.breakerKey = politenessKey('breaker', platform, this.egress);
    this.breakerOptions = { threshold: settings.breakerThreshold, cooldownMs: settings.breakerCooldownMs };
  }

  /**
   * Wait for this request's start: at most `intervalCap` starts per `intervalMs` for the platform
   * and egress, counted in the store (so across processes when it is shared). Request starts are
   * counted apart from the concurrency slots: a scroll that loads more inside a page (see
   * pace()) is a request too, and must not wait for its own slot.
   */
  private async startSlot(signal?: AbortSignal): Promise<void> {
    const now = this.now();
    const start = await this.store.reserve(this.paceKey, { cap: this.settings.intervalCap, intervalMs: this.settings.intervalMs }, now);
    if (start > now) await this.sleep(start - now, signal);
  }

  /** Is the breaker letting requests through? Undefined when yes, else when its pause ends. */
  private async breakerAllows(): Promise<Date | undefined> {
    const now = this.now();
    // A half-open trial that never reports back (its process died) frees itself after one request timeout.
    const r = await this.store.withBreaker(this.breakerKey, this.breakerOptions, (b) => {
      const ok = b.allow(now, this.settings.timeoutMs * 2);
      return { ok, remaining: b.remainingMs(now), report: b.report(now) };
    });
    this.lastBreaker = r.report;
    if (r.ok) return undefined;
    this.refusedHere++;
    return new Date(now + r.remaining);
  }

  private async breakerOutcome(kind: 'success' | 'neutral'): Promise<void> {
    const now = this.now();
    this.lastBreaker = await this.store.withBreaker(this.breakerKey, this.breakerOptions, (b) => {
      if (kind === 'success') b.success();
      else b.neutral();
      return b.report(now);
    });
  }

  private host(url: string): HostState {
    let host: string;
    try {
      host = new URL(url).host;
    } catch {
      host = url;
    }
    let h = this.hosts.get(host);
    if (!h) {
      h = { queue: new PQueue({ concurrency: this.settings.perHostConcurrency }), pausedUntil: 0 };
      this.hosts.set(host, h);
    }
    return h;
  }

  /**
   * Run `task` (one request to `url`) politely. Throws {@link CircuitOpenError} while the platform
   * is paused, {@link BlockedError} when refused, {@link RetriesExhaustedError} when retries run out.
   */
  async run<T>(url: string, task: (attempt: number) => Promise<T>, opts: RunOptions<T> = {}): Promise<T> {
    const { signal } = opts;
    const host = this.host(url);
    for (let attempt = 0; ; attempt++) {
      signal?.throwIfAborted();
      let result: T;
      try {
        result = await host.queue.add(
          () =>
            this.queue.add(
              async () => {
                const until = await this.breakerAllows();
                if (until) throw new CircuitOpenError(this.platform, until);
                const pause = host.pausedUntil - this.now();
                if (pause > 0) {
                  this.stats.waitedMs += pause;
                  await this.sleep(pause, signal);
                }
                await this.sleep(randomDelay(this.settings.minDelayMs, this.settings.maxDelayMs, this.random), signal);
                await this.startSlot(signal);
                this.stats.requests++;
                try {
                  return await task(attempt);
                } catch (e) {
                  // Set the host's pause before this slot is released, so that the next queued
                  // request to the host already sees it.
                  if (e instanceof TransientFetchError && e.retryAfterMs !== undefined && e.retryAfterMs <= this.settings.maxRetryAfterMs)
                    host.pausedUntil = Math.max(host.pausedUntil, this.now() + e.retryAfterMs);
                  throw e;
                }
              },
              signal ? { signal } : {},
            ),
          signal ? { signal } : {},
        );
      } catch (e) {
        if (e instanceof CircuitOpenError) throw e;
        if (e instanceof BlockedError) {
          this.stats.blocked++;
          await this.noteFailure(e.reason);
          throw e;
        }
        if (e instanceof TransientFetchError) {
          if (e.isRateLimit) {
            this.stats.rateLimited++;
            await this.noteFailure('http_429');
          } else {
            if (e.status === 0) this.stats.timeouts++;
            else this.stats.serverErrors++;
            await this.breakerOutcome('neutral');
          }
          const wait =
            e.retryAfterMs ??
            backoffDelay(attempt, { baseMs: this.settings.backoffBaseMs, maxMs: this.settings.backoffMaxMs }, this.random);
          if (attempt >= this.settings.maxRetries) {
            throw new RetriesExhaustedError(
              `${e.message} (gave up after ${attempt + 1} attempt(s))`,
              e.isRateLimit ? 'rate_limited' : 'error',
              { cause: e },
            );
          }
          if (wait > this.settings.maxRetryAfterMs) {
            throw new RetriesExhaustedError(
              `${e.message}: asked to wait ${Math.round(wait / 1000)} s, longer than maxRetryAfterMs`,
              'rate_limited',
              { cause: e },
            );
          }
          this.stats.retries++;
          this.log?.debug({ platform: this.platform, url, attempt, waitMs: wait, status: e.status }, 'retrying after a transient failure');
          // With Retry-After the host's pause (set above) makes every queued request wait.
          if (e.retryAfterMs === undefined) {
            this.stats.waitedMs += wait;
            await this.sleep(wait, signal);
          }
          continue;
        }
        await this.breakerOutcome('neutral');
        throw e;
      }
      const blocked = opts.isBlocked?.(result) ?? null;
      if (blocked) {
        this.stats.blocked++;
        await this.noteFailure(blocked);
      } else await this.breakerOutcome('success');
      return result;
    }
  }

  /**
   * Pace a further request made inside a running task (a scroll or "load more" that fetches
   * older posts): the same random pause, counted against the same requests-per-interval cap.
   */
  async pace(signal?: AbortSignal): Promise<void> {
    await this.sleep(randomDelay(this.settings.minDelayMs, this.settings.maxDelayMs, this.random), signal);
    await this.startSlot(signal);
    this.stats.requests++;
  }

  private async noteFailure(reason: string): Promise<void> {
    const now = this.now();
    const r = await this.store.withBreaker(this.breakerKey, this.breakerOptions, (b) => ({
      opened: b.failure(now, reason),
      report: b.report(now),
    }));
    this.lastBreaker = r.report;
    if (r.opened) {
      this.openedHere++;
      this.log?.warn(
        { platform: this.platform, egress: this.egress, breaker: r.report },
        'circuit breaker opened: platform paused after repeated blocks',
      );
    }
  }

  /**
   * The breaker as last seen (shared state when the store is shared) with this process's own
   * openings and refusals, and this process's request statistics.
   */
  report(): BreakerReport & { platform: string; egress: string; stats: PoliteStats } {
    const open = this.lastBreaker.openUntil !== null && this.lastBreaker.openUntil.getTime() > this.now();
    return {
      platform: this.platform,
      egress: this.egress,
      ...this.lastBreaker,
      state: this.lastBreaker.state === 'open' && !open ? 'half_open' : this.lastBreaker.state,
      openUntil: open ? this.lastBreaker.openUntil : null,
      openings: this.openedHere,
      refused: this.refusedHere,
      stats: { ...this.stats },
    };
  }

  /** Wait for queued work (tests, shutdown). */
  async idle(): Promise<void> {
    await this.queue.onIdle();
    await Promise.all([...this.hosts.values()].map((h) => h.queue.onIdle()));
  }
}
