/**
 * Write text into a PNG (iTXt chunks, UTF-8) so a screenshot carries its own URL, capture time
 * and collector: a copy that leaves netra still says where and when it was taken, and the
 * SHA-256 recorded for the file covers those words too. Pure: bytes in, bytes out.
 */

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(buf: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** One iTXt chunk: keyword, no compression, no language, UTF-8 text. */
function itxt(keyword: string, text: string): Buffer {
  if (!/^[\x20-\x7e]{1,79}$/.test(keyword))
    throw new Error(`PNG keyword must be 1-79 printable Latin-1 characters: ${JSON.stringify(keyword)}`);
  return chunk('iTXt', Buffer.concat([Buffer.from(keyword, 'latin1'), Buffer.from([0, 0, 0, 0, 0]), Buffer.from(text, 'utf8')]));
}

/** Insert text entries right after the IHDR chunk. */
export function addPngText(png: Uint8Array, entries: Record<string, string>): Buffer {
  const buf = Buffer.from(png);
  if (buf.length < 33 || !buf.subarray(0, 8).equals(SIGNATURE) || buf.toString('latin1', 12, 16) !== 'IHDR')
    throw new Error('not a PNG file');
  const ihdrEnd = 8 + 8 + buf.readUInt32BE(8) + 4;
  const extra = Object.entries(entries).map(([k, v]) => itxt(k, v));
  return Buffer.concat([buf.subarray(0, ihdrEnd), ...extra, buf.subarray(ihdrEnd)]);
}

/** Read back iTXt and tEXt entries (for verification and tests). Checks every chunk's CRC. */
export function readPngText(png: Uint8Array): Record<string, string> {
  const buf = Buffer.from(png);
  if (!buf.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG file');
  const out: Record<string, string> = {};
  let off = 8;
  while (off + 12 <= buf.length) {
    const len = buf.readUInt32BE(off);
    const type = buf.toString('latin1', off + 4, off + 8);
    const data = buf.subarray(off + 8, off + 8 + len);
    if (crc32(buf.subarray(off + 4, off + 8 + len)) !== buf.readUInt32BE(off + 8 + len))
      throw new Error(`PNG chunk ${type} at byte ${off} has a bad CRC`);
    if (type === 'iTXt' || type === 'tEXt') {
      const z = data.indexOf(0);
      const key = data.toString('latin1', 0, z);
      if (type === 'tEXt') out[key] = data.toString('latin1', z + 1);
      else {
        // keyword\0 flag method language\0 translated\0 text
        let p = z + 3;
        p = data.indexOf(0, p) + 1;
        p = data.indexOf(0, p) + 1;
        out[key] = data.toString('utf8', p);
      }
    }
    if (type === 'IEND') break;
    off += 12 + len;
  }
  return out;
}
