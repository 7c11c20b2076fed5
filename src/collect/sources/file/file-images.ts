import { open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { InputProblem } from '../../../domain/errors.ts';
import type { RawPost } from '../../../domain/raw-post.ts';
import { sniffImageMime } from '../../../image/image-mime.ts';
import type { EvidenceStore } from '../../evidence/evidence-store.ts';
import type { CollectedEvidence } from '../../source.ts';

/** Largest image file an export may name (a phone photo is a few MB). */
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;

const isUrl = (s: string) => /^https?:\/\//i.test(s);

/** Where an image entry of an export points on disk, or null for a URL (not fetched by the file source). */
export function localImagePath(entry: string, exportFile: string): string | null {
  return isUrl(entry) ? null : path.resolve(path.dirname(exportFile), entry);
}

/**
 * Every local image an export names must exist, be a file under {@link MAX_IMAGE_BYTES} and be a
 * PNG, JPEG, GIF or WebP (by its bytes): checked when the source opens, so a bad row stops the
 * import before anything is stored, with the export's file, line and field.
 */
export async function checkImageFiles(
  posts: readonly RawPost[],
  lines: readonly number[],
  exportFile: string,
  field: string,
): Promise<InputProblem[]> {
  const problems: InputProblem[] = [];
  for (let i = 0; i < posts.length; i++) {
    for (const entry of posts[i]!.images ?? []) {
      const full = localImagePath(entry, exportFile);
      if (!full) continue;
      const problem = (message: string) =>
        problems.push({ file: exportFile, line: lines[i] ?? 0, field, message: `${JSON.stringify(entry)} ${message}` });
      let fh;
      try {
        fh = await open(full, 'r');
      } catch (e) {
        problem((e as NodeJS.ErrnoException).code === 'ENOENT' ? `no such file (${full})` : `cannot be read: ${(e as Error).message}`);
        continue;
      }
      try {
        const st = await fh.stat();
        if (!st.isFile()) problem('is not a file');
        else if (st.size > MAX_IMAGE_BYTES) problem(`is larger than ${MAX_IMAGE_BYTES / 1024 / 1024} MB`);
        else {
          const head = new Uint8Array(12);
          await fh.read(head, 0, 12, 0);
          if (!sniffImageMime(head)) problem('is not a PNG, JPEG, GIF or WebP image');
        }
      } finally {
        await fh.close();
      }
    }
  }
  return problems;
}

/**
 * A post's local images, stored in the evidence store (content-addressed, read-only) as evidence
 * of kind `image`: what OCR reads later. URLs are not fetched here (they stay in the raw record).
 */
export async function captureImages(post: RawPost, exportFile: string, store: EvidenceStore, line: number): Promise<CollectedEvidence[]> {
  const out: CollectedEvidence[] = [];
  for (const [index, entry] of (post.images ?? []).entries()) {
    const full = localImagePath(entry, exportFile);
    if (!full) continue;
    const data = await readFile(full);
    const mime = sniffImageMime(data);
    if (!mime) throw new Error(`${exportFile}:${line}: image ${JSON.stringify(entry)} is no longer an image`);
    out.push({
      externalId: post.externalId,
      platform: post.platform,
      kind: 'image',
      file: await store.put(data, mime),
      url: pathToFileURL(full).href,
      capturedAt: new Date(),
      collector: 'netra file',
      details: { file: entry, export: path.basename(exportFile), line, index },
    });
  }
  return out;
}
