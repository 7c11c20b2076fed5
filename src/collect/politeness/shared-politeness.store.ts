import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Dialect } from '../../db/connect.ts';
import { reserveSlot, takeWindow, updateWindow, withBreakerRow } from '../../repositories/politeness.repository.ts';
import { CircuitBreaker, type BreakerOptions, type BreakerSnapshot } from './circuit-breaker.ts';
import type { PaceRule, PolitenessStore } from './politeness-store.ts';

/**
 * Politeness state in PostgreSQL, shared by every worker on the database: one pace per platform
 * and egress however many workers send (slots reserved with `FOR UPDATE SKIP LOCKED`), the
 * platform's rate-limit windows, and one circuit breaker (its state read and written under a row
 * lock). Clocks: each worker's own; keep worker machines on NTP.
 */
export class SharedPolitenessStore implements PolitenessStore {
  readonly shared = true;
  constructor(private readonly db: Kysely<Database>) {}

  async reserve(key: string, rule: PaceRule, now: number): Promise<number> {
    return (await reserveSlot(this.db, key, rule.cap, rule.intervalMs, new Date(now))).getTime();
  }

  takeWindow(key: string, now: number): Promise<number> {
    return takeWindow(this.db, key, new Date(now));
  }

  updateWindow(key: string, remaining: number, resetAt: number): Promise<void> {
    return updateWindow(this.db, key, remaining, new Date(resetAt));
  }

  withBreaker<T>(key: string, o: BreakerOptions, fn: (b: CircuitBreaker) => T): Promise<T> {
    return withBreakerRow(this.db, key, (stored) => {
      const b = new CircuitBreaker(o, stored ? (stored as unknown as BreakerSnapshot) : undefined);
      const result = fn(b);
      return { state: b.snapshot() as unknown as Record<string, unknown>, result };
    });
  }
}

/**
 * The store a source should use: shared in PostgreSQL (workers may run anywhere); on the
 * embedded database (one process holds it) undefined, i.e. each source's own memory.
 */
export function politenessStoreFor(db: Kysely<Database> | undefined, dialect: Dialect | undefined): PolitenessStore | undefined {
  return db && dialect === 'postgres' ? new SharedPolitenessStore(db) : undefined;
}
