import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../src/domain/errors.ts';
import { encodeGreyPng } from '../../../src/image/grey-png.ts';
import { debianIndonesianModel, npmEnglishModel, resolveOcrModel } from '../../../src/image/ocr-models.ts';
import type { OcrEngine } from '../../../src/image/ocr-types.ts';
import { createTesseractEngine } from '../../../src/image/tesseract.engine.ts';

const debianInd = await debianIndonesianModel();

// One worker for the whole file: starting Tesseract is the slow part.
let eng: OcrEngine;
beforeAll(async () => {
  eng = await createTesseractEngine(npmEnglishModel());
}, 60_000);
afterAll(async () => eng?.close());

const image = (name: string) => readFileSync(`data/demo/images/${name}.png`);

describe('OCR of the demo images with the npm English model', () => {
  it('reads the poster, light words on blue included (from the negative), with word boxes', async () => {
    const r = await eng.recognize(image('poster-diro'));
    for (const w of ['DIDIK', 'PURNOMO', 'ABDUL', 'COBLOS', 'NOMOR']) expect(r.text).toContain(w);
    expect(r.passes).toContain('inverted');
    const didik = r.words.find((w) => w.text === 'DIDIK')!;
    expect(r.text.slice(didik.start, didik.end)).toBe('DIDIK');
    // Drawn at x 246..565, y 97..131 of the 720x480 poster (poster-diro.html).
    expect(didik.box.x0).toBeGreaterThan(200);
    expect(didik.box.x1).toBeLessThan(720);
    expect(didik.box.y0).toBeGreaterThan(60);
    expect(didik.box.y1).toBeLessThan(200);
  });

  it('reads the hoax screenshot word for word', async () => {
    const r = await eng.recognize(image('hoax-diundur'));
    expect(r.text).toContain('PENGUMUMAN KPU KOTA REJOAGUNG');
    expect(r.text).toContain('Pemungutan suara Pilkada diundur ke tanggal');
    expect(r.text).toContain('4 Desember 2024 karena surat suara kurang.');
    expect(r.confidence).toBeGreaterThan(80);
  });

  it('reads nothing where there is no text; a file that is not an image fails alone, the worker goes on', async () => {
    const blank = encodeGreyPng({ width: 64, height: 64, pixels: new Uint8Array(64 * 64).fill(255) });
    expect((await eng.recognize(blank)).text).toBe('');
    await expect(eng.recognize(Buffer.from('not an image'))).rejects.toBeTruthy();
    expect((await eng.recognize(blank)).text).toBe('');
  });
});

describe('choosing the model', () => {
  it('auto takes the npm English model when Debian has none, and says so', async () => {
    const r = await resolveOcrModel('auto', { tessdataDirs: ['/nonexistent/tessdata'] });
    expect(r.model).toMatchObject({ lang: 'eng', origin: 'npm', gzip: true });
    expect(r.why).toMatch(/not installed/);
  });

  it('ind without the Debian package is a clear error', async () => {
    await expect(resolveOcrModel('ind', { tessdataDirs: ['/nonexistent/tessdata'] })).rejects.toThrow(UserError);
    await expect(resolveOcrModel('ind', { tessdataDirs: ['/nonexistent/tessdata'] })).rejects.toThrow(/tesseract-ocr-ind/);
  });

  it.runIf(debianInd !== null)('auto takes Debian’s Indonesian model when installed, recorded with its hash', async () => {
    const r = await resolveOcrModel('auto');
    expect(r.model).toMatchObject({ lang: 'ind', origin: 'debian', gzip: false });
    expect(r.model.version).toMatch(/sha256:[0-9a-f]{12}/);
  });
});
