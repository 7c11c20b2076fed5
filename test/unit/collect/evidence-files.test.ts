import { readFile, stat } from 'node:fs/promises';
import { deflateSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { collectorVersion } from '../../../src/collect/evidence/capture-time.ts';
import { formatWib, isoWib } from '../../../src/domain/wib-time.ts';
import { sha256Hex, storagePathFor } from '../../../src/collect/evidence/evidence-store.ts';
import { addPngText, crc32, readPngText } from '../../../src/collect/evidence/png-text.ts';
import { tempStore } from '../../helpers/collect-helpers.ts';

// A 1x1 grey PNG, built here (the CRC is checked against a known value below).
const chunk = (type: string, data: Buffer) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type, 'latin1'), data])));
  return Buffer.concat([len, Buffer.from(type, 'latin1'), data, crc]);
};
const PNG = Buffer.concat([
  Buffer.from('89504e470d0a1a0a', 'hex'),
  chunk('IHDR', Buffer.from('0000000100000001080000000000', 'hex').subarray(0, 13)),
  chunk('IDAT', deflateSync(Buffer.from([0, 0x80]))),
  chunk('IEND', Buffer.alloc(0)),
]);

describe('PNG text', () => {
  it('computes the CRC-32 PNG uses', () => {
    expect(crc32(Buffer.from('IEND', 'latin1')).toString(16)).toBe('ae426082');
  });
  it('writes URL, times and collector into the file and reads them back, Unicode included', () => {
    const meta = {
      'netra:url': 'https://x.com/budi_guru/status/1?q=é',
      'netra:captured-at-wib': '2024-02-12 15:30:00 WIB',
      'netra:collector': 'netra/0.1.0 x-web',
    };
    const out = addPngText(PNG, meta);
    expect(readPngText(out)).toEqual(meta);
    expect(out.subarray(0, 33).equals(PNG.subarray(0, 33))).toBe(true);
    expect(out.subarray(-12).equals(PNG.subarray(-12))).toBe(true);
  });
  it('refuses what is not a PNG, and notices a corrupted chunk', () => {
    expect(() => addPngText(Buffer.from('GIF89a'), {})).toThrow(/not a PNG/);
    const out = addPngText(PNG, { k: 'v' });
    out[40] = out[40]! ^ 0xff;
    expect(() => readPngText(out)).toThrow(/bad CRC/);
  });
});

describe('capture times', () => {
  it('gives UTC and WIB (UTC+7, no daylight saving)', () => {
    const d = new Date('2024-02-12T20:30:05.123Z');
    expect(formatWib(d)).toBe('2024-02-13 03:30:05 WIB');
    expect(isoWib(d)).toBe('2024-02-13T03:30:05.123+07:00');
    expect(collectorVersion('x-web', '156.0')).toMatch(/^netra\/\d+\.\d+\.\d+ x-web chromium\/156\.0$/);
  });
});

describe('content-addressed evidence store', () => {
  let store: Awaited<ReturnType<typeof tempStore>>;
  afterAll(async () => store?.dispose());

  it('names a file by its SHA-256, stores it once, read-only, and verifies it', async () => {
    store = await tempStore();
    const data = Buffer.from('<html>bukti</html>');
    const a = await store.put(data, 'text/html');
    const b = await store.put(data, 'text/html');
    expect(a).toEqual(b);
    expect(a.sha256).toBe(sha256Hex(data));
    expect(a.path).toBe(`sha256/${a.sha256.slice(0, 2)}/${a.sha256.slice(2, 4)}/${a.sha256}.html`);
    expect(await readFile(store.resolve(a.path), 'utf8')).toBe('<html>bukti</html>');
    expect((await stat(store.resolve(a.path))).mode & 0o222).toBe(0);
    expect(await store.verify(a.path, a.sha256)).toEqual({ outcome: 'ok', observed: a.sha256 });
    expect((await store.verify(a.path, '0'.repeat(64))).outcome).toBe('mismatch');
    expect((await store.verify(storagePathFor('f'.repeat(64), 'image/png'), 'f'.repeat(64))).outcome).toBe('missing');
  });
  it('never reads outside the store, whatever the database says', () => {
    expect(() => store.resolve('../../etc/passwd')).toThrow(/outside the store/);
    expect(() => storagePathFor('../x', 'image/png')).toThrow(/not a SHA-256/);
  });
});
