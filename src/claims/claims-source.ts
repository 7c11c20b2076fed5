import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { importClaims } from './claims-import.ts';
import { claimsSnapshotPath, readClaimsSnapshot, writeClaimsSnapshot } from './claims-snapshot.ts';
import { claimMatcherFromFile, claimMatcherFromFiles, claimMatcherFromRows } from './load-claim-matcher.ts';
import type { TfidfClaimMatcher } from './tfidf-claim-matcher.ts';
import type { Config } from '../config/config.schema.ts';
import type { Database } from '../db/schema.ts';
import { UserError } from '../domain/errors.ts';
import type { Logger } from '../log/logger.ts';
import { claimsForIndex, type ClaimForIndex } from '../repositories/claims.repository.ts';

/** The settings that say where the claims database is (and where the embedded one keeps its snapshot). */
export type ClaimsDbSettings = Pick<Config, 'databaseUrl' | 'dataDir' | 'dbPath'>;

/** What reading claims for a command needs: the settings, a logger, and the database on demand. */
export interface ClaimsSourceContext {
  config: ClaimsDbSettings;
  logger: Logger;
  /** Open the configured database (only called when claims are read from it). */
  db(): Promise<{ db: Kysely<Database>; where: string }>;
}

function announce(m: TfidfClaimMatcher | null, where: string, logger: Logger): void {
  if (m) logger.info({ claims: m.index.claims.length, from: where, matcher: m.version }, 'hoax claim matching on');
  else logger.warn({ from: where }, 'no debunked claims: hoax is scored by rules only (netra claims import FILE)');
}

/** Where analysed claim files are cached (claims-cache.ts): `<dataDir>/cache`. */
export function claimsCacheDir(dataDir: string): string {
  return path.join(dataDir, 'cache');
}

/** On the embedded database, keep the classify snapshot in step with the claims table. */
export async function refreshClaimsSnapshot(
  db: Kysely<Database>,
  config: ClaimsDbSettings,
  rows?: readonly ClaimForIndex[],
): Promise<void> {
  if (config.databaseUrl || config.dbPath === 'memory://') return;
  writeClaimsSnapshot(claimsSnapshotPath(config.dataDir), config.dbPath, rows ?? (await claimsForIndex(db)));
}

/**
 * A scan: import the pipeline's claim files (idempotent; `actor` in the audit log), keep the
 * embedded database's snapshot in step, then match against every claim in the database.
 */
export async function pipelineClaimMatcher(
  db: Kysely<Database>,
  files: readonly string[],
  o: { config: ClaimsDbSettings; logger: Logger; actor: string },
): Promise<TfidfClaimMatcher | null> {
  const { config, logger } = o;
  for (const f of files) {
    const s = await importClaims(db, f, { logger, actor: o.actor });
    logger.info({ file: f, created: s.created, updated: s.updated, unchanged: s.unchanged }, 'claims imported');
  }
  const rows = await claimsForIndex(db);
  await refreshClaimsSnapshot(db, config, rows);
  const m = claimMatcherFromRows(rows);
  announce(m, 'database', logger);
  return m;
}

/**
 * `--claims SOURCE` of `netra classify` and `netra eval`: `auto` reads the claim files of the
 * pipeline in use when it names some (without a database: `pipelineFiles`), else the configured
 * database's claims when there is one (PostgreSQL URL set, or the embedded database already
 * created; on the embedded one through the snapshot its imports keep, see claims-snapshot.ts) and
 * goes without claims otherwise; `db` requires the database and reads it; `none` skips claims;
 * anything else is a claims file read without a database.
 */
export async function claimMatcherFor(
  source: string,
  ctx: ClaimsSourceContext,
  pipelineFiles: readonly string[] = [],
): Promise<TfidfClaimMatcher | null> {
  const cache = { dir: claimsCacheDir(ctx.config.dataDir), logger: ctx.logger };
  if (source === 'auto' && pipelineFiles.length > 0) {
    const m = await claimMatcherFromFiles(pipelineFiles, { cache });
    ctx.logger.info({ files: pipelineFiles, claims: m?.index.claims.length ?? 0 }, "hoax claim matching on the pipeline's claim files");
    return m;
  }
  if (source === 'none') return null;
  if (source !== 'auto' && source !== 'db') {
    if (!existsSync(source)) throw new UserError(`cannot read --claims ${source}: no such file (use auto, db, none or a claims file)`);
    const m = await claimMatcherFromFile(source, { cache });
    announce(m, source, ctx.logger);
    return m;
  }
  const { databaseUrl, dbPath, dataDir } = ctx.config;
  const exists = Boolean(databaseUrl) || (dbPath !== 'memory://' && existsSync(dbPath));
  if (!exists) {
    if (source === 'db')
      throw new UserError(`--claims db: no database at ${dbPath} (set NETRA_DATABASE_URL or run netra claims import first)`);
    ctx.logger.info({ dbPath }, 'no database: hoax is scored by rules only (--claims FILE to match claims from a file)');
    return null;
  }
  if (source === 'auto' && !databaseUrl) {
    const snap = claimsSnapshotPath(dataDir);
    const rows = readClaimsSnapshot(snap, dbPath);
    if (rows) {
      const m = claimMatcherFromRows(rows);
      announce(m, snap, ctx.logger);
      return m;
    }
  }
  try {
    const { db, where } = await ctx.db();
    const rows = await claimsForIndex(db);
    if (source === 'auto') await refreshClaimsSnapshot(db, ctx.config, rows);
    const m = claimMatcherFromRows(rows);
    announce(m, where, ctx.logger);
    return m;
  } catch (e) {
    if (source === 'db') throw e;
    ctx.logger.warn({ err: (e as Error).message }, 'cannot read claims from the database: hoax is scored by rules only');
    return null;
  }
}
