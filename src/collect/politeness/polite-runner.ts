import PQueue from 'p-queue';
import type { Logger } from '../../log/logger.ts';
import { BlockedError, CircuitOpenError, RetriesExhaustedError, TransientFetchError } from '../collect-errors.ts';
import { backoffDelay, randomDelay, type Random } from './backoff.ts';
import { CircuitBreaker, type BreakerReport } from './circuit-breaker.ts';
import type { PolitenessSettings } from './politeness.settings.ts';

/** Clock, sleep and randomness, injectable so tests run on fake timers with fixed jitter. */
export interface PoliteDeps {
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: Random;
  logger?: Logger;
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
  readonly breaker: CircuitBreaker;
  readonly stats: PoliteStats = { requests: 0, retries: 0, rateLimited: 0, serverErrors: 0, timeouts: 0, blocked: 0, waitedMs: 0 };
  private readonly queue: PQueue;
  private readonly rate: PQueue;
  private readonly hosts = new Map<string, HostState>();
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
    // Request starts are counted apart from the concurrency slots: a scroll that loads more
    // inside a page (see pace()) is a request too, and must not wait for its own slot.
    this.rate = new PQueue({ interval: settings.intervalMs, intervalCap: settings.intervalCap, strict: true });
    this.breaker = new CircuitBreaker({ threshold: settings.breakerThreshold, cooldownMs: settings.breakerCooldownMs });
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
                if (!this.breaker.allow(this.now())) throw new CircuitOpenError(this.platform, new Date(this.now() + this.breaker.remainingMs(this.now())));
                const pause = host.pausedUntil - this.now();
                if (pause > 0) {
                  this.stats.waitedMs += pause;
                  await this.sleep(pause, signal);
                }
                await this.sleep(randomDelay(this.settings.minDelayMs, this.settings.maxDelayMs, this.random), signal);
                await this.rate.add(() => undefined, signal ? { signal } : {});
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
          this.noteFailure(e.reason);
          throw e;
        }
        if (e instanceof TransientFetchError) {
          if (e.isRateLimit) {
            this.stats.rateLimited++;
            this.noteFailure('http_429');
          } else {
            if (e.status === 0) this.stats.timeouts++;
            else this.stats.serverErrors++;
            this.breaker.neutral();
          }
          const wait = e.retryAfterMs ?? backoffDelay(attempt, { baseMs: this.settings.backoffBaseMs, maxMs: this.settings.backoffMaxMs }, this.random);
          if (attempt >= this.settings.maxRetries) {
            throw new RetriesExhaustedError(`${e.message} (gave up after ${attempt + 1} attempt(s))`, e.isRateLimit ? 'rate_limited' : 'error', { cause: e });
          }
          if (wait > this.settings.maxRetryAfterMs) {
            throw new RetriesExhaustedError(`${e.message}: asked to wait ${Math.round(wait / 1000)} s, longer than maxRetryAfterMs`, 'rate_limited', { cause: e });
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
        this.breaker.neutral();
        throw e;
      }
      const blocked = opts.isBlocked?.(result) ?? null;
      if (blocked) {
        this.stats.blocked++;
        this.noteFailure(blocked);
      } else this.breaker.success();
      return result;
    }
  }

  /**
   * Pace a further request made inside a running task (a scroll or "load more" that fetches
   * older posts): the same random pause, counted against the same requests-per-interval cap.
   */
  async pace(signal?: AbortSignal): Promise<void> {
    await this.sleep(randomDelay(this.settings.minDelayMs, this.settings.maxDelayMs, this.random), signal);
    await this.rate.add(() => undefined, signal ? { signal } : {});
    this.stats.requests++;
  }

  private noteFailure(reason: string): void {
    if (this.breaker.failure(this.now(), reason)) {
      const r = this.breaker.report(this.now());
      this.log?.warn({ platform: this.platform, breaker: r }, 'circuit breaker opened: platform paused after repeated blocks');
    }
  }

  report(): BreakerReport & { platform: string; stats: PoliteStats } {
    return { platform: this.platform, ...this.breaker.report(this.now()), stats: { ...this.stats } };
  }

  /** Wait for queued work (tests, shutdown). */
  async idle(): Promise<void> {
    await this.queue.onIdle();
    await this.rate.onIdle();
    await Promise.all([...this.hosts.values()].map((h) => h.queue.onIdle()));
  }
}
