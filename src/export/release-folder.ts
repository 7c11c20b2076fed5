import { createHash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';

export type ReleaseFolderOutcome = 'removed' | 'gone' | 'changed';

/**
 * Remove a release's folder (what `netra export --out` wrote), only when it is still that
 * release: its manifest.json hashes to the SHA-256 recorded with the release. A folder that
 * is gone (moved or removed by hand) or whose manifest differs (someone reused the path) is
 * left alone and said so. Copies handed to researchers are beyond netra's reach.
 */
export async function removeReleaseFolder(outDir: string, manifestSha256: string | null): Promise<ReleaseFolderOutcome> {
  let text: Buffer;
  try {
    text = await readFile(path.join(outDir, 'manifest.json'));
  } catch {
    return 'gone';
  }
  if (!manifestSha256 || createHash('sha256').update(text).digest('hex') !== manifestSha256) return 'changed';
  await rm(outDir, { recursive: true, force: true });
  return 'removed';
}
