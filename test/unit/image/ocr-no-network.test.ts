import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assertLocalModelDir } from '../../../src/image/tesseract.engine.ts';

// Loaded before anything else in a child process (and, through execArgv, in its worker threads):
// every way out to the network throws.
const PRELOAD = `
import net from 'node:net';
import dns from 'node:dns';
const refuse = (what) => function () { throw new Error('NETWORK BLOCKED: ' + what); };
net.Socket.prototype.connect = refuse('socket connect');
net.connect = net.createConnection = refuse('net.connect');
dns.lookup = refuse('dns.lookup');
globalThis.fetch = async () => { throw new Error('NETWORK BLOCKED: fetch'); };
`;

const READ = `
import { readFileSync } from 'node:fs';
const { createTesseractEngine } = await import(process.cwd() + '/src/image/tesseract.engine.ts');
const { npmEnglishModel } = await import(process.cwd() + '/src/image/ocr-models.ts');
const e = await createTesseractEngine(npmEnglishModel());
const r = await e.recognize(readFileSync('data/demo/images/hoax-diundur.png'));
await e.close();
console.log(JSON.stringify({ text: r.text }));
`;

// The control: tesseract.js given a URL for its model, as it would be without netra's guard.
const CONTROL = `
const { createWorker } = (await import(process.cwd() + '/node_modules/tesseract.js/src/index.js')).default;
await createWorker('eng', 1, { langPath: 'http://127.0.0.1:9/models', cacheMethod: 'none' });
console.log('fetched');
`;

const dir = mkdtempSync(path.join(tmpdir(), 'netra-nonet-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const run = (name: string, code: string) => {
  writeFileSync(path.join(dir, 'preload.mjs'), PRELOAD);
  writeFileSync(path.join(dir, name), code);
  return spawnSync(process.execPath, ['--import', 'tsx', '--import', path.join(dir, 'preload.mjs'), path.join(dir, name)], {
    cwd: process.cwd(),
    encoding: 'utf8',
    timeout: 60_000,
  });
};

describe('OCR never downloads anything', () => {
  it('reads an image with the network cut off (models and engine from node_modules)', () => {
    const r = run('read.mts', READ);
    expect(r.stderr).not.toMatch(/NETWORK BLOCKED/);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout.trim().split('\n').pop()!).text).toMatch(/REJOAGUNG/);
  });

  it('control: the cut reaches the OCR worker thread (a model URL fails there)', () => {
    const r = run('control.mts', CONTROL);
    expect(r.status).not.toBe(0);
    expect(r.stdout).not.toMatch(/fetched/);
    expect(r.stderr).toMatch(/NETWORK BLOCKED/);
  });

  it('refuses a model place that is not an absolute local folder before tesseract.js sees it', () => {
    for (const bad of ['https://cdn.jsdelivr.net/npm/@tesseract.js-data/eng/4.0.0_best_int', 'file:///usr/share', 'relative/dir'])
      expect(() => assertLocalModelDir(bad), bad).toThrow(/absolute local path/);
    expect(() => assertLocalModelDir('/usr/share/tesseract-ocr/5/tessdata')).not.toThrow();
  });
});
