import { existsSync, readFileSync, renameSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { ClaimForIndex } from '../repositories/claims.repository.ts';

/**
 * A copy of what the matcher reads from the embedded (PGlite) database, kept next to it so that
 * `netra classify` starts without opening PGlite (which costs more than a second). Every netra
 * command that changes claims on PGlite (`claims import`, a scan's pipeline claims) rewrites it;
 * `--claims db` always reads the database itself.
 */
export function claimsSnapshotPath(dataDir: string): string {
  return path.join(dataDir, 'claims-index.json');
}

interface Snapshot {
  format: 'netra-claims-index/1';
  writtenAt: string;
  /** The embedded database the claims were read from. */
  dbPath: string;
  claims: [source: string, sourceId: string, title: string, normalised: string, version: string][];
}

export function writeClaimsSnapshot(file: string, dbPath: string, rows: readonly ClaimForIndex[]): void {
  const s: Snapshot = {
    format: 'netra-claims-index/1',
    writtenAt: new Date().toISOString(),
    dbPath: path.resolve(dbPath),
    claims: rows.map((r) => [r.source, r.source_id, r.title, r.normalised_text, r.nlp_version]),
  };
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(s));
  renameSync(tmp, file);
}

/** The snapshot's claims, or null when there is none for this database (or it is unreadable). */
export function readClaimsSnapshot(file: string, dbPath: string): ClaimForIndex[] | null {
  if (!existsSync(file)) return null;
  try {
    const s = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
    if (s.format !== 'netra-claims-index/1' || s.dbPath !== path.resolve(dbPath) || !Array.isArray(s.claims)) return null;
    // claim_text is only needed to normalise again under another nlp version: the title stands in.
    return s.claims.map(([source, source_id, title, normalised_text, nlp_version]) => ({
      source,
      source_id,
      title,
      claim_text: title,
      normalised_text,
      nlp_version,
    }));
  } catch {
    return null;
  }
}
