import type { IncomingMessage } from 'node:http';
import { msg, ReviewError, type Bilingual } from '../errors.ts';

export const MAX_BODY_BYTES = 64 * 1024;

class BodyError extends ReviewError {
  override name = 'BodyError';
  constructor(
    override readonly status: number,
    message: Bilingual,
  ) {
    super(message, status === 413 ? 'body_too_large' : status === 415 ? 'unsupported_media_type' : 'invalid_body');
  }
}

/**
 * Parse a JSON or form (`application/x-www-form-urlencoded`) body into an object. Repeated form
 * fields become arrays. Anything else is refused (415), as is a body over 64 KiB (413).
 */
export async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY_BYTES)
      throw new BodyError(413, msg(`Isi permintaan lebih dari ${MAX_BODY_BYTES} bait`, `request body over ${MAX_BODY_BYTES} bytes`));
    chunks.push(c as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return {};
  if (type === 'application/json') {
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch {
      throw new BodyError(400, msg('Isi permintaan bukan JSON yang sah', 'request body is not valid JSON'));
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v))
      throw new BodyError(400, msg('Isi permintaan harus objek JSON', 'request body must be a JSON object'));
    return v as Record<string, unknown>;
  }
  if (type === 'application/x-www-form-urlencoded') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of new URLSearchParams(text)) {
      const prev = out[k];
      out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
    return out;
  }
  throw new BodyError(
    415,
    msg('Kirim application/json atau application/x-www-form-urlencoded', 'send application/json or application/x-www-form-urlencoded'),
  );
}
