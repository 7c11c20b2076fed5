import { existsSync } from 'node:fs';
import type { Kysely } from 'kysely';
import { importClaims } from '../../claims/claims-import.ts';
import { claimMatcherFromDb, claimMatcherFromFile } from '../../classify/claims/load-claim-matcher.ts';
import type { TfidfClaimMatcher } from '../../classify/claims/tfidf-claim-matcher.ts';
import type { Database } from '../../db/schema.ts';
import { UserError } from '../../domain/errors.ts';
import type { Logger } from '../../log/logger.ts';
import type { CliContext } from '../context.ts';

function announce(m: TfidfClaimMatcher | null, where: string, logger: Logger): void {
  if (m) logger.info({ claims: m.index.claims.length, from: where, matcher: m.version }, 'hoax claim matching on');
  else logger.warn({ from: where }, 'no debunked claims: hoax is scored by rules only (netra claims import FILE)');
}

/** A scan: import the pipeline's claim files (idempotent), then match against every claim in the database. */
export async function pipelineClaimMatcher(db: Kysely<Database>, files: readonly string[], logger: Logger): Promise<TfidfClaimMatcher | null> {
  for (const f of files) {
    const s = await importClaims(db, f, { logger, actor: 'system:scan' });
    logger.info({ file: f, created: s.created, updated: s.updated, unchanged: s.unchanged }, 'claims imported');
  }
  const m = await claimMatcherFromDb(db);
  announce(m, 'database', logger);
  return m;
}

/**
 * `netra classify --claims`: `auto` reads the configured database when there is one (PostgreSQL
 * URL set, or the embedded database already created) and goes without claims otherwise; `db`
 * requires it; `none` skips claims; anything else is a claims file read without a database.
 */
export async function classifyClaimMatcher(ctx: CliContext, source: string): Promise<TfidfClaimMatcher | null> {
  if (source === 'none') return null;
  if (source !== 'auto' && source !== 'db') {
    if (!existsSync(source)) throw new UserError(`cannot read --claims ${source}: no such file (use auto, db, none or a claims file)`);
    const m = await claimMatcherFromFile(source);
    announce(m, source, ctx.logger);
    return m;
  }
  const { databaseUrl, dbPath } = ctx.config;
  const exists = Boolean(databaseUrl) || (dbPath !== 'memory://' && existsSync(dbPath));
  if (!exists) {
    if (source === 'db') throw new UserError(`--claims db: no database at ${dbPath} (set NETRA_DATABASE_URL or run netra claims import first)`);
    ctx.logger.info({ dbPath }, 'no database: hoax is scored by rules only (--claims FILE to match claims from a file)');
    return null;
  }
  try {
    const { db, where } = await ctx.db();
    const m = await claimMatcherFromDb(db);
    announce(m, where, ctx.logger);
    return m;
  } catch (e) {
    if (source === 'db') throw e;
    ctx.logger.warn({ err: (e as Error).message }, 'cannot read claims from the database: hoax is scored by rules only');
    return null;
  }
}
