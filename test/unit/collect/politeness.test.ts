import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BlockedError, CircuitOpenError, RetriesExhaustedError, TransientFetchError } from '../../../src/collect/collect-errors.ts';
import { backoffDelay, parseRetryAfter, randomDelay, rateLimitWait } from '../../../src/collect/politeness/backoff.ts';
import { CircuitBreaker } from '../../../src/collect/politeness/circuit-breaker.ts';
import { PoliteRunner } from '../../../src/collect/politeness/polite-runner.ts';
import { resolvePoliteness, WEB_POLITENESS } from '../../../src/collect/politeness/politeness.settings.ts';

describe('backoff rules', () => {
  it('grows exponentially up to the cap, with full jitter', () => {
    const o = { baseMs: 1000, maxMs: 10_000 };
    expect([0, 1, 2, 3, 4, 5].map((a) => backoffDelay(a, o, () => 0.999999))).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
    expect(backoffDelay(3, o, () => 0.5)).toBe(4000);
    // Never an immediate retry, even when the jitter draws zero.
    expect(backoffDelay(0, o, () => 0)).toBe(50);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2024-02-12T08:00:00Z');
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter('0.5', now)).toBe(500);
    expect(parseRetryAfter('Mon, 12 Feb 2024 08:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Mon, 12 Feb 2024 07:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('waits for an X rate-limit reset only when nothing remains', () => {
    const now = 1_700_000_000_000;
    expect(rateLimitWait('3', String(now / 1000 + 60), now)).toBe(0);
    expect(rateLimitWait('0', String(now / 1000 + 60), now)).toBe(61_000);
    expect(rateLimitWait(null, null, now)).toBe(0);
  });

  it('draws the random delay inside its bounds', () => {
    expect(randomDelay(100, 300, () => 0)).toBe(100);
    expect(randomDelay(100, 300, () => 0.5)).toBe(200);
    expect(randomDelay(0, 0, () => 0.7)).toBe(0);
  });

  it('rejects contradictory settings', () => {
    expect(() => resolvePoliteness(WEB_POLITENESS, { minDelayMs: 10, maxDelayMs: 5 })).toThrow(/maxDelayMs/);
    expect(resolvePoliteness(WEB_POLITENESS, { concurrency: 4 }).concurrency).toBe(4);
  });
});

describe('circuit breaker', () => {
  it('opens after the threshold, refuses while open, lets one trial through after the pause', () => {
    const b = new CircuitBreaker({ threshold: 3, cooldownMs: 1000 });
    expect(b.allow(0)).toBe(true);
    expect(b.failure(0, 'login_wall')).toBe(false);
    b.failure(1, 'http_429');
    expect(b.failure(2, 'login_wall')).toBe(true);
    expect(b.allow(500)).toBe(false);
    expect(b.report(500)).toMatchObject({ state: 'open', openings: 1, lastReasons: { login_wall: 2, http_429: 1 }, refused: 1 });
    expect(b.report(500).openUntil?.getTime()).toBe(1002);
    // Half-open: one trial, a second caller waits.
    expect(b.allow(1100)).toBe(true);
    expect(b.allow(1100)).toBe(false);
    // The trial fails: open again at once, without waiting for the threshold.
    expect(b.failure(1200, 'login_wall')).toBe(true);
    expect(b.allow(1300)).toBe(false);
    expect(b.allow(2300)).toBe(true);
    b.success();
    expect(b.report(2300).state).toBe('closed');
    expect(b.allow(2301)).toBe(true);
  });

  it('resets the count on success', () => {
    const b = new CircuitBreaker({ threshold: 2, cooldownMs: 1000 });
    b.failure(0, 'x');
    b.success();
    expect(b.failure(1, 'x')).toBe(false);
  });
});

describe('polite runner (fake timers)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: Date.parse('2024-02-12T08:00:00Z') });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const settings = (over = {}) =>
    resolvePoliteness(WEB_POLITENESS, {
      minDelayMs: 0,
      maxDelayMs: 0,
      intervalMs: 1000,
      intervalCap: 100,
      backoffBaseMs: 1000,
      backoffMaxMs: 8000,
      ...over,
    });

  it('honours Retry-After exactly, for every request to that host', async () => {
    const r = new PoliteRunner('x', settings(), { random: () => 0.5 });
    const times: number[] = [];
    let calls = 0;
    const p = r.run('http://h.test/a', async () => {
      times.push(Date.now());
      if (calls++ === 0) throw new TransientFetchError('HTTP 429', 429, 5000);
      return 'ok';
    });
    // A second request to the same host, queued behind, also waits out the pause.
    const q = r.run('http://h.test/b', async () => {
      times.push(Date.now());
      return 'ok2';
    });
    await vi.advanceTimersByTimeAsync(4999);
    expect(times).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2);
    await expect(p).resolves.toBe('ok');
    await expect(q).resolves.toBe('ok2');
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(5000);
    expect(times[2]! - times[0]!).toBeGreaterThanOrEqual(5000);
    expect(r.stats).toMatchObject({ rateLimited: 1, retries: 1, requests: 3 });
  });

  it('backs off exponentially on 5xx and then succeeds', async () => {
    const r = new PoliteRunner('x', settings(), { random: () => 0.999 });
    const times: number[] = [];
    const p = r.run('http://h.test/', async (attempt) => {
      times.push(Date.now());
      if (attempt < 2) throw new TransientFetchError('HTTP 500', 500);
      return attempt;
    });
    await vi.advanceTimersByTimeAsync(10_000);
    await expect(p).resolves.toBe(2);
    expect(times[1]! - times[0]!).toBe(999);
    expect(times[2]! - times[1]!).toBe(1998);
    expect(r.stats.serverErrors).toBe(2);
  });

  it('gives up after maxRetries and reports rate limiting, not an empty result', async () => {
    const r = new PoliteRunner('x', settings({ maxRetries: 2, breakerThreshold: 10 }), { random: () => 0 });
    const p = r.run('http://h.test/', async () => {
      throw new TransientFetchError('HTTP 429', 429);
    });
    const caught = p.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(60_000);
    const e = await caught;
    expect(e).toBeInstanceOf(RetriesExhaustedError);
    expect((e as RetriesExhaustedError).status).toBe('rate_limited');
    expect(r.stats.requests).toBe(3);
  });

  it('refuses a Retry-After longer than allowed instead of sleeping for hours', async () => {
    const r = new PoliteRunner('x', settings({ maxRetryAfterMs: 60_000 }));
    await expect(
      r.run('http://h.test/', async () => {
        throw new TransientFetchError('HTTP 429', 429, 3_600_000);
      }),
    ).rejects.toThrow(/longer than maxRetryAfterMs/);
  });

  it('opens the breaker after repeated blocks and pauses the platform', async () => {
    const r = new PoliteRunner('instagram', settings({ breakerThreshold: 3, breakerCooldownMs: 60_000 }));
    const task = vi.fn(async () => 'login wall page');
    for (let i = 0; i < 3; i++) await r.run('http://h.test/', task, { isBlocked: () => 'login_wall' });
    await expect(r.run('http://h.test/', task)).rejects.toBeInstanceOf(CircuitOpenError);
    expect(task).toHaveBeenCalledTimes(3);
    expect(r.report()).toMatchObject({ platform: 'instagram', state: 'open', openings: 1, lastReasons: { login_wall: 3 }, refused: 1 });
    await expect(
      r.run('http://h.test/', async () => {
        throw new BlockedError('HTTP 403', 'http_403');
      }),
    ).rejects.toBeInstanceOf(CircuitOpenError);
    vi.setSystemTime(Date.now() + 60_001);
    await expect(r.run('http://h.test/', async () => 'fine')).resolves.toBe('fine');
    expect(r.report().state).toBe('closed');
  });

  it('keeps at most intervalCap request starts in any interval window', async () => {
    const r = new PoliteRunner('x', settings({ intervalMs: 1000, intervalCap: 2, concurrency: 4, perHostConcurrency: 4 }));
    const starts: number[] = [];
    const all = Promise.all([1, 2, 3, 4, 5].map(() => r.run('http://h.test/', async () => starts.push(Date.now()))));
    await vi.advanceTimersByTimeAsync(5000);
    await all;
    const t0 = starts[0]!;
    const rel = starts.map((t) => t - t0);
    for (const t of rel) expect(rel.filter((u) => u >= t && u < t + 1000).length).toBeLessThanOrEqual(2);
    expect(rel[4]).toBeGreaterThanOrEqual(2000);
  });

  it('keeps per-host concurrency while other hosts proceed', async () => {
    const r = new PoliteRunner('x', settings({ concurrency: 4, perHostConcurrency: 1 }));
    let inA = 0;
    let maxA = 0;
    let inB = 0;
    const slow = (host: 'a' | 'b') => async () => {
      if (host === 'a') maxA = Math.max(maxA, ++inA);
      else inB++;
      await new Promise((res) => setTimeout(res, 100));
      if (host === 'a') inA--;
      return host;
    };
    const ps = [r.run('http://a.test/1', slow('a')), r.run('http://a.test/2', slow('a')), r.run('http://b.test/1', slow('b'))];
    await vi.advanceTimersByTimeAsync(50);
    expect(inB).toBe(1);
    await vi.advanceTimersByTimeAsync(500);
    await Promise.all(ps);
    expect(maxA).toBe(1);
  });

  it('paces requests made inside a task (load more) under the same cap', async () => {
    const r = new PoliteRunner('x', settings({ intervalMs: 1000, intervalCap: 2, minDelayMs: 100, maxDelayMs: 100 }));
    const starts: number[] = [];
    const p = r.run('http://h.test/', async () => {
      starts.push(Date.now());
      for (let i = 0; i < 3; i++) {
        await r.pace();
        starts.push(Date.now());
      }
    });
    await vi.advanceTimersByTimeAsync(5000);
    await p;
    const rel = starts.map((t) => t - starts[0]!);
    expect(rel[1]).toBe(100);
    // The third and fourth requests wait for the window: never more than 2 starts per second.
    expect(rel[2]).toBeGreaterThanOrEqual(900);
    expect(rel[3]).toBeGreaterThanOrEqual(1000);
    expect(r.stats.requests).toBe(4);
  });

  it('adds a random pause before each request', async () => {
    const r = new PoliteRunner('x', settings({ minDelayMs: 1000, maxDelayMs: 3000 }), { random: () => 0.5 });
    let at = 0;
    const t0 = Date.now();
    const p = r.run('http://h.test/', async () => (at = Date.now()));
    await vi.advanceTimersByTimeAsync(2500);
    await p;
    expect(at - t0).toBe(2000);
  });
});
