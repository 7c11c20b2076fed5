import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_LEXICON_DIR } from '../config/paths.ts';
import { EMOJI_FILE, SLANG_FILE, VOCAB_FILE } from '../nlp/resources.ts';
import { CLAIM_NORMALISER_VERSION, titleStemsOf } from './claim-text.ts';
import type { IndexClaim } from './claim-index.ts';

/**
 * A cache of the analysed claims of a claims file (`netra classify --claims FILE`): analysing
 * 3,746 TurnBackHoax claims with the stemmer costs seconds at every start; reading them back
 * costs milliseconds. One file per claims file in `<dataDir>/cache/`, named by the file's
 * SHA-256, holding the analysed claims and what made them.
 *
 * Never trusted: an entry is used only when its key equals the current one (the claims file's
 * SHA-256 and format, the claim normaliser version, the SHA-256 of the text pipeline's
 * dictionaries) and the SHA-256 of its payload matches; anything else (stale, truncated,
 * corrupt, another format) is ignored and rebuilt. Written atomically (a temporary file renamed
 * into place), so a reader never sees half an entry.
 */
export const CLAIMS_CACHE_FORMAT = 'netra-claims-cache/1';

/** What the analysed claims depend on. */
export interface ClaimsCacheKey {
  /** SHA-256 of the claims file's bytes. */
  fileSha256: string;
  /** The import format the file was read as. */
  format: string;
  /** How claim texts are normalised (nlp version + layout, claim-text.ts). */
  normaliser: string;
  /** SHA-256 of the text pipeline's dictionaries (vocabulary, slang, emoji), which the stems depend on. */
  nlpResources: string;
}

let resourcesHash: string | undefined;

/** SHA-256 over the shipped vocabulary, slang and emoji tables (what `analyse` reads). */
export function nlpResourcesSha256(lexiconDir: string = DEFAULT_LEXICON_DIR): string {
  const compute = () => {
    const h = createHash('sha256');
    for (const f of [VOCAB_FILE, SLANG_FILE, EMOJI_FILE]) h.update(readFileSync(path.join(lexiconDir, f))).update('\u0000');
    return h.digest('hex');
  };
  if (lexiconDir !== DEFAULT_LEXICON_DIR) return compute();
  resourcesHash ??= compute();
  return resourcesHash;
}

export function claimsCacheKey(fileBytes: Buffer, format: string): ClaimsCacheKey {
  return {
    fileSha256: createHash('sha256').update(fileBytes).digest('hex'),
    format,
    normaliser: CLAIM_NORMALISER_VERSION,
    nlpResources: nlpResourcesSha256(),
  };
}

/** The cache entry of a claims file with this SHA-256. */
export function claimsCachePath(cacheDir: string, fileSha256: string): string {
  return path.join(cacheDir, `claims-${fileSha256.slice(0, 24)}.json`);
}

interface Header {
  format: typeof CLAIMS_CACHE_FORMAT;
  key: ClaimsCacheKey;
  claims: number;
  payloadSha256: string;
}

const sameKey = (a: ClaimsCacheKey, b: ClaimsCacheKey) =>
  a.fileSha256 === b.fileSha256 && a.format === b.format && a.normaliser === b.normaliser && a.nlpResources === b.nlpResources;

/** Why an entry was not used (for the log), or the claims. */
export type CacheRead = { claims: IndexClaim[] } | { miss: 'absent' | 'stale' | 'corrupt'; detail: string };

/**
 * The cached claims for `key`, or why there are none. Layout: one line of JSON header, then the
 * payload `[[id, title, stems], ...]` whose SHA-256 the header carries.
 */
export function readClaimsCache(file: string, key: ClaimsCacheKey): CacheRead {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { miss: 'absent', detail: file };
  }
  const nl = text.indexOf('\n');
  if (nl < 0) return { miss: 'corrupt', detail: 'no header line' };
  let header: Header;
  try {
    header = JSON.parse(text.slice(0, nl)) as Header;
  } catch {
    return { miss: 'corrupt', detail: 'header is not JSON' };
  }
  if (header?.format !== CLAIMS_CACHE_FORMAT || typeof header.key !== 'object' || header.key === null)
    return { miss: 'stale', detail: `format ${String(header?.format)}` };
  if (!sameKey(header.key, key)) return { miss: 'stale', detail: 'claims file, format, normaliser or dictionaries changed' };
  const payload = text.slice(nl + 1);
  if (createHash('sha256').update(payload).digest('hex') !== header.payloadSha256)
    return { miss: 'corrupt', detail: 'payload checksum differs' };
  let rows: unknown;
  try {
    rows = JSON.parse(payload);
  } catch {
    return { miss: 'corrupt', detail: 'payload is not JSON' };
  }
  if (!Array.isArray(rows) || rows.length !== header.claims) return { miss: 'corrupt', detail: 'claim count differs' };
  const claims: IndexClaim[] = [];
  for (const r of rows) {
    if (!Array.isArray(r) || r.length !== 3 || !r.every((x) => typeof x === 'string'))
      return { miss: 'corrupt', detail: 'a claim is not [id, title, stems]' };
    const [id, title, stems] = r as [string, string, string];
    claims.push({ id, title, stems, titleStems: titleStemsOf(stems) });
  }
  return { claims };
}

/** Write the entry atomically (temporary file, then rename). */
export function writeClaimsCache(file: string, key: ClaimsCacheKey, claims: readonly IndexClaim[]): void {
  const payload = JSON.stringify(claims.map((c) => [c.id, c.title, c.stems]));
  const header: Header = {
    format: CLAIMS_CACHE_FORMAT,
    key,
    claims: claims.length,
    payloadSha256: createHash('sha256').update(payload).digest('hex'),
  };
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(tmp, `${JSON.stringify(header)}\n${payload}`);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
