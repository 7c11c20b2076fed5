import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createWorker, OEM } from 'tesseract.js';
import { decodeGreyPng, encodeGreyPng, invertGrey } from './grey-png.ts';
import { linesOfBlocks, mergePasses } from './ocr-passes.ts';
import type { OcrEngine, OcrEngineInfo, OcrResult } from './ocr-types.ts';
import type { OcrModel } from './ocr-models.ts';

const require = createRequire(import.meta.url);
const TESSERACT_JS_VERSION = (JSON.parse(readFileSync(require.resolve('tesseract.js/package.json'), 'utf8')) as { version: string })
  .version;

/**
 * Refuse anything but a local folder as the model's place: given a URL, tesseract.js would fetch
 * the model (its default is a CDN). netra reads models from node_modules or Debian's tessdata only.
 */
export function assertLocalModelDir(dir: string): void {
  if (/^[a-z][a-z0-9+.-]*:/i.test(dir) || !path.isAbsolute(dir))
    throw new Error(`OCR model folder must be an absolute local path (no download at run time), got ${JSON.stringify(dir)}`);
}

export function engineInfo(model: OcrModel): OcrEngineInfo {
  const base = { engine: 'tesseract.js', engineVersion: TESSERACT_JS_VERSION, model: model.lang, modelVersion: model.version };
  const key = createHash('sha256').update(JSON.stringify(base)).digest('hex').slice(0, 12);
  return { ...base, key };
}

/**
 * Tesseract (tesseract.js: the C++ engine compiled to WebAssembly, in a worker thread) reading
 * with one local model. Each image is read twice, as it is and as its negative (see
 * {@link mergePasses}); the model and the engine's core come from disk, and nothing is cached
 * anywhere (`cacheMethod: 'none'`: tesseract.js would otherwise write the model into the
 * current folder).
 */
export async function createTesseractEngine(model: OcrModel): Promise<OcrEngine> {
  assertLocalModelDir(model.dir);
  const worker = await createWorker(model.lang, OEM.LSTM_ONLY, {
    langPath: model.dir,
    gzip: model.gzip,
    cacheMethod: 'none',
    logger: () => undefined,
    errorHandler: () => undefined,
  });
  const info = engineInfo(model);
  return {
    info,
    async recognize(image: Uint8Array): Promise<OcrResult> {
      const buf = Buffer.from(image.buffer, image.byteOffset, image.byteLength);
      const first = await worker.recognize(buf, {}, { blocks: true, text: false, imageGrey: true });
      const grey = String(first.data.imageGrey ?? '').replace(/^data:image\/png;base64,/, '');
      const negative = encodeGreyPng(invertGrey(decodeGreyPng(Buffer.from(grey, 'base64'))));
      const second = await worker.recognize(negative, {}, { blocks: true, text: false });
      return mergePasses(linesOfBlocks(first.data.blocks), linesOfBlocks(second.data.blocks));
    },
    async close() {
      await worker.terminate();
    },
  };
}
