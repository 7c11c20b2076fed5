import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { UserError } from '../domain/errors.ts';

/** Which language model OCR reads with: `auto` takes Debian's Indonesian model when it is installed, else the npm English one. */
export const OCR_MODEL_CHOICES = ['auto', 'eng', 'ind'] as const;
export type OcrModelChoice = (typeof OCR_MODEL_CHOICES)[number];

/** A Tesseract language model on local disk: netra never downloads one at run time. */
export interface OcrModel {
  lang: 'eng' | 'ind';
  /** Absolute folder holding `<lang>.traineddata[.gz]` (Tesseract's `langPath`). */
  dir: string;
  gzip: boolean;
  origin: 'npm' | 'debian';
  /** Which file exactly, for the record: the npm package and its version, or the Debian file's SHA-256. */
  version: string;
}

/** Where Debian's tesseract-ocr-<lang> packages put their models (bookworm: 5; older: 4.00). */
export const DEBIAN_TESSDATA_DIRS = ['/usr/share/tesseract-ocr/5/tessdata', '/usr/share/tesseract-ocr/4.00/tessdata'] as const;

const require = createRequire(import.meta.url);

/** The English model `@tesseract.js-data/eng` ships (4.0.0_best_int: the integer "best" LSTM model, 2.9 MB gzipped). */
export function npmEnglishModel(): OcrModel {
  const pkgFile = require.resolve('@tesseract.js-data/eng/package.json');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { version: string };
  return {
    lang: 'eng',
    dir: path.join(path.dirname(pkgFile), '4.0.0_best_int'),
    gzip: true,
    origin: 'npm',
    version: `npm @tesseract.js-data/eng@${pkg.version} 4.0.0_best_int`,
  };
}

/** Debian's Indonesian model (`apt-get install tesseract-ocr-ind`), or null when it is not installed. */
export async function debianIndonesianModel(dirs: readonly string[] = DEBIAN_TESSDATA_DIRS): Promise<OcrModel | null> {
  for (const dir of dirs) {
    const file = path.join(dir, 'ind.traineddata');
    const st = await stat(file).catch(() => null);
    if (!st?.isFile()) continue;
    const sha = createHash('sha256')
      .update(await readFile(file))
      .digest('hex');
    return { lang: 'ind', dir, gzip: false, origin: 'debian', version: `debian tesseract-ocr-ind ${file} sha256:${sha.slice(0, 12)}` };
  }
  return null;
}

/** The model a run reads with, and why (the scan report states it). */
export async function resolveOcrModel(
  choice: OcrModelChoice,
  o: { tessdataDirs?: readonly string[] } = {},
): Promise<{ model: OcrModel; why: string }> {
  if (choice === 'eng') return { model: npmEnglishModel(), why: 'English model from npm (pipeline ocr.model: eng)' };
  const ind = await debianIndonesianModel(o.tessdataDirs);
  if (choice === 'ind') {
    if (!ind)
      throw new UserError(
        `ocr.model is "ind" but Debian's Indonesian model is not installed (looked in ${(o.tessdataDirs ?? DEBIAN_TESSDATA_DIRS).join(', ')}): ` +
          'run `apt-get install --no-install-recommends tesseract-ocr-ind`, or use ocr.model "auto" or "eng"',
      );
    return { model: ind, why: 'Indonesian model from Debian (pipeline ocr.model: ind)' };
  }
  return ind
    ? { model: ind, why: "Debian's Indonesian model is installed (ocr.model auto)" }
    : { model: npmEnglishModel(), why: "Debian's Indonesian model is not installed: English model from npm (ocr.model auto)" };
}
