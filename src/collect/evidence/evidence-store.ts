import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { chmod, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** A file in the evidence store, named by its content. */
export interface CapturedFile {
  /** SHA-256 of the bytes, hex. */
  sha256: string;
  /** Path inside the store, e.g. `sha256/ab/cd/abcd….png` (what the database records). */
  path: string;
  bytes: number;
  mime: string;
}

export type VerifyOutcome = 'ok' | 'missing' | 'mismatch';

/**
 * Where evidence files live. Content-addressed: a file's name is its SHA-256, so the same
 * screenshot stored twice is one file, a file can never be silently replaced by another, and
 * checking a file is hashing it again.
 */
export interface EvidenceStore {
  /** Human-readable location for reports. */
  readonly where: string;
  put(data: Uint8Array, mime: string): Promise<CapturedFile>;
  /** Hash the stored file again and compare. */
  verify(storagePath: string, sha256: string): Promise<{ outcome: VerifyOutcome; observed: string | null }>;
  /** Absolute path of a stored file (directory store). */
  resolve(storagePath: string): string;
  /**
   * Remove a file that no evidence row refers to (a capture whose record was never committed).
   * Callers check the database first: a recorded file is never removed.
   */
  discard(storagePath: string): Promise<void>;
}

const EXT: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'multipart/related': 'mhtml',
  'text/html': 'html',
  'application/json': 'json',
};

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The storage path of content with this hash and type. */
export function storagePathFor(sha256: string, mime: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a SHA-256: ${JSON.stringify(sha256)}`);
  return path.posix.join('sha256', sha256.slice(0, 2), sha256.slice(2, 4), `${sha256}.${EXT[mime] ?? 'bin'}`);
}

/** The default store: a directory (config `evidenceDir`). Files are written atomically and made read-only. */
export function directoryEvidenceStore(root: string): EvidenceStore {
  const abs = path.resolve(root);
  const resolve = (p: string) => {
    const full = path.resolve(abs, p);
    // A tampered database row must not make netra read outside the store.
    if (!full.startsWith(abs + path.sep)) throw new Error(`evidence path ${JSON.stringify(p)} is outside the store ${abs}`);
    return full;
  };
  return {
    where: abs,
    resolve,
    async put(data, mime) {
      const sha256 = sha256Hex(data);
      const rel = storagePathFor(sha256, mime);
      const full = resolve(rel);
      const existing = await stat(full).catch(() => null);
      if (existing && existing.size === data.byteLength) return { sha256, path: rel, bytes: data.byteLength, mime };
      await mkdir(path.dirname(full), { recursive: true });
      // Write then rename: a crash never leaves a half-written file under its final name.
      const tmp = `${full}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      try {
        await writeFile(tmp, data, { mode: 0o444 });
        if (existing) await chmod(full, 0o644).catch(() => undefined);
        await rename(tmp, full);
      } catch (e) {
        await rm(tmp, { force: true });
        throw e;
      }
      return { sha256, path: rel, bytes: data.byteLength, mime };
    },
    async discard(storagePath) {
      await rm(resolve(storagePath), { force: true });
    },
    async verify(storagePath, expected) {
      const full = resolve(storagePath);
      const hash = createHash('sha256');
      try {
        await new Promise<void>((res, rej) => {
          const s = createReadStream(full);
          s.on('data', (c) => hash.update(c));
          s.on('end', () => res());
          s.on('error', rej);
        });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { outcome: 'missing', observed: null };
        throw e;
      }
      const observed = hash.digest('hex');
      return { outcome: observed === expected ? 'ok' : 'mismatch', observed };
    },
  };
}
