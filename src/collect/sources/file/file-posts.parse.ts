import { z } from 'zod';
import { csvRecords } from '../../../domain/csv-records.ts';
import type { InputProblem } from '../../../domain/errors.ts';
import { normaliseHandle } from '../../../domain/platforms.ts';
import { POST_KINDS, type RawPost } from '../../../domain/raw-post.ts';
import { parseReplyToField, parseSharedField } from './file-post-links.ts';

/**
 * Canonical columns of a post export. A pipeline may map other column names onto these
 * (`columns: { text: full_text, external_id: tweet_id }`); unknown columns are kept in `raw`.
 */
export const POST_FILE_FIELDS = {
  platform: 'Platform id (x, instagram, facebook, tiktok); may be fixed for the whole file by the pipeline.',
  external_id: "The platform's post id (required).",
  handle: 'Author handle without @ (required; must be registered to be scanned).',
  url: 'Post URL (optional).',
  text: 'Post text (required; may be empty for a photo).',
  posted_at: 'ISO 8601 time with offset, e.g. 2024-01-15T08:30:00+07:00 (optional).',
  kind: `${POST_KINDS.join(' | ')} (optional, default post).`,
  images:
    'Images of the post (optional): a JSON array of file paths (relative to the export file) or http(s) URLs; in CSV, separated by "|". Local files are kept as evidence and read by OCR when the pipeline says `ocr: true`.',
} as const;

/** At most this many images per post. */
export const MAX_POST_IMAGES = 20;

export type PostField = keyof typeof POST_FILE_FIELDS;
export type ColumnMapping = Partial<Record<PostField, string>>;

export interface ParseOptions {
  file: string;
  /** Column/key names in the file for each canonical field. */
  columns?: ColumnMapping;
  /** Platform for rows that do not name one. */
  platform?: string;
}

const rowSchema = z.object({
  platform: z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/, { message: 'must be a platform id like "x" or "instagram"' }),
  external_id: z.string().min(1, { message: 'is required' }).max(200, { message: 'is longer than 200 characters' }),
  handle: z.string().regex(/^[a-z0-9_.]{1,64}$/, { message: 'must be a handle (letters, digits, "_" or ".")' }),
  url: z.string().url({ message: 'must be a URL' }).nullable(),
  text: z.string({ message: 'must be a string' }).max(100_000, { message: 'is longer than 100,000 characters' }),
  posted_at: z
    .string()
    .refine((s) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(s) && !Number.isNaN(Date.parse(s)), {
      message: 'must be an ISO 8601 time with a time zone, e.g. 2024-01-15T08:30:00+07:00',
    })
    .nullable(),
  kind: z.enum(POST_KINDS, { message: `must be one of ${POST_KINDS.join(', ')}` }),
  images: z
    .array(
      z
        .string({ message: 'entries must be file paths or http(s) URLs' })
        .min(1, { message: 'has an empty entry' })
        .max(2000, { message: 'has an entry longer than 2,000 characters' })
        .refine((s) => !s.includes('\0') && (!/^[a-z][a-z0-9+.-]*:/i.test(s) || /^https?:\/\/\S+$/i.test(s)), {
          message: 'entries must be file paths or http(s) URLs',
        }),
      { message: 'must be an array of file paths or URLs' },
    )
    .max(MAX_POST_IMAGES, { message: `has more than ${MAX_POST_IMAGES} entries` }),
});

/** The images column: a JSON array, one string, or (CSV) strings separated by "|". */
function imagesOf(v: unknown): unknown {
  if (v === undefined || v === null || v === '') return [];
  if (typeof v === 'string')
    return v
      .split('|')
      .map((s) => s.trim())
      .filter((s) => s !== '');
  return v;
}

function toStringOrNull(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v.trim() === '' ? null : v;
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  return null;
}

/**
 * The value under a column name; in JSON records a dotted name reaches into nested objects
 * (`author.username`, `data.text`), as research-API dumps nest them. A key that itself contains
 * a dot wins over the path.
 */
export function valueAt(record: Record<string, unknown>, name: string): unknown {
  if (name in record || !name.includes('.')) return record[name];
  let v: unknown = record;
  for (const part of name.split('.')) {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

/** Validate one record (object from a JSON line or a CSV row) into a RawPost, or problems. */
export function recordToPost(record: Record<string, unknown>, line: number, o: ParseOptions): { post?: RawPost; problems: InputProblem[] } {
  const col = (f: PostField) => o.columns?.[f] ?? f;
  const get = (f: PostField) => valueAt(record, col(f));
  const problems: InputProblem[] = [];
  const textRaw = get('text');
  if (textRaw !== undefined && textRaw !== null && typeof textRaw !== 'string') {
    problems.push({ file: o.file, line, field: col('text'), message: 'must be a string' });
  }
  const candidate = {
    platform: (toStringOrNull(get('platform')) ?? o.platform ?? '').toLowerCase(),
    external_id: toStringOrNull(get('external_id')) ?? '',
    handle: normaliseHandle(toStringOrNull(get('handle')) ?? ''),
    url: toStringOrNull(get('url')),
    text: typeof textRaw === 'string' ? textRaw : '',
    posted_at: toStringOrNull(get('posted_at')),
    kind: (toStringOrNull(get('kind')) ?? 'post').toLowerCase(),
    images: imagesOf(get('images')),
  };
  const r = rowSchema.safeParse(candidate);
  if (!r.success) {
    for (const issue of r.error.issues) {
      const f = String(issue.path[0] ?? '') as PostField;
      const shown = (candidate as Record<string, unknown>)[f];
      problems.push({ file: o.file, line, field: col(f), message: `${JSON.stringify(shown)} ${issue.message}` });
    }
  }
  // The shared and replied-to posts (JSON objects; a CSV cell is never one, so CSV files have none).
  const shared = parseSharedField(record.shared);
  const reply = parseReplyToField(record.reply_to);
  for (const p of [...shared.problems, ...reply.problems]) problems.push({ file: o.file, line, ...p });
  if (problems.length > 0 || !r.success) return { problems };
  const v = r.data;
  return {
    problems,
    post: {
      platform: v.platform,
      externalId: v.external_id,
      handle: v.handle,
      url: v.url,
      kind: v.kind,
      text: v.text,
      postedAt: v.posted_at ? new Date(v.posted_at) : null,
      raw: record,
      ...(shared.shared ? { shared: shared.shared } : {}),
      ...(reply.replyTo ? { replyTo: reply.replyTo } : {}),
      ...(v.images.length > 0 ? { images: v.images } : {}),
    },
  };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * X ids have 19 digits: as bare JSON numbers they exceed 2^53 and JSON.parse silently rounds
 * them. Quote long bare integers under the id key before parsing so they stay exact.
 */
export function quoteLongIds(line: string, key: string): string {
  const re = new RegExp(`("${escapeRegExp(key)}"\\s*:\\s*)(-?\\d{16,})(?=\\s*[,}])`, 'g');
  return line.replace(re, '$1"$2"');
}

/** Parse a JSON Lines export. Blank lines are skipped; every bad line is reported. */
export function parsePostsJsonl(content: string, o: ParseOptions): { posts: RawPost[]; problems: InputProblem[]; lines: number[] } {
  const posts: RawPost[] = [];
  const lines_: number[] = [];
  const problems: InputProblem[] = [];
  const lines = content.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!.replace(/\r$/, '');
    if (text.trim() === '') continue;
    let record: unknown;
    try {
      record = JSON.parse(quoteLongIds(text, o.columns?.external_id ?? 'external_id'));
    } catch (e) {
      problems.push({ file: o.file, line: i + 1, message: `not valid JSON: ${(e as Error).message}` });
      continue;
    }
    if (typeof record !== 'object' || record === null || Array.isArray(record)) {
      problems.push({ file: o.file, line: i + 1, message: 'must be a JSON object' });
      continue;
    }
    const r = recordToPost(record as Record<string, unknown>, i + 1, o);
    problems.push(...r.problems);
    if (r.post) {
      posts.push(r.post);
      lines_.push(i + 1);
    }
  }
  return { posts, problems, lines: lines_ };
}

/** Parse a CSV export with a header row. */
export function parsePostsCsv(content: string, o: ParseOptions): { posts: RawPost[]; problems: InputProblem[]; lines: number[] } {
  const posts: RawPost[] = [];
  const lines: number[] = [];
  const problems: InputProblem[] = [];
  const { records, problem } = csvRecords(content, o.file);
  if (problem) return { posts, problems: [problem], lines };
  for (const { record, line } of records) {
    const r = recordToPost(record, line, o);
    problems.push(...r.problems);
    if (r.post) {
      posts.push(r.post);
      lines.push(line);
    }
  }
  return { posts, problems, lines };
}
