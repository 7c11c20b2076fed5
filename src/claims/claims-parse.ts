import { z } from 'zod';
import { csvRecords } from '../domain/csv-records.ts';
import type { InputProblem } from '../domain/errors.ts';
import type { ClaimInput } from './claim-text.ts';

export const CLAIM_FORMATS = ['turnbackhoax', 'mafindo', 'jsonl'] as const;
export type ClaimFormat = (typeof CLAIM_FORMATS)[number];

/** What each import format reads (shown by `netra claims import --help`). */
export const CLAIM_FORMAT_HELP: Record<ClaimFormat, string> = {
  turnbackhoax: 'CSV with columns id, title, claim_text (required), category, debunk_url, published_on (optional); source "turnbackhoax"',
  mafindo: 'CSV with columns ID, label (FAKE/REAL), tanggal (e.g. 17-Aug-20), judul, text; only FAKE rows are claims; source "mafindo"',
  jsonl: 'one object per line: source, source_id, title (required), claim_text, category, debunk_url, published_on (YYYY-MM-DD)',
};

export interface ParsedClaims {
  claims: ClaimInput[];
  problems: InputProblem[];
  /** Rows that are valid but not claims (Mafindo REAL rows). */
  skipped: number;
}

const SOURCE_RE = /^[a-z0-9][a-z0-9_.-]*$/;
const isDate = (v: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);

const claimSchema = z.object({
  source: z.string().regex(SOURCE_RE, { message: 'must be a lowercase source name like "turnbackhoax" (letters, digits, "_", "-", ".")' }),
  source_id: z.string().min(1, { message: 'is required' }).max(200, { message: 'is longer than 200 characters' }),
  title: z.string().min(1, { message: 'is required' }).max(2000, { message: 'is longer than 2,000 characters' }),
  claim_text: z.string().max(100_000, { message: 'is longer than 100,000 characters' }),
  category: z.string().max(100, { message: 'is longer than 100 characters' }).nullable(),
  debunk_url: z
    .string()
    .refine((u) => /^https?:\/\/\S+$/.test(u) && URL.canParse(u), { message: 'must be an http(s) URL' })
    .nullable(),
  published_on: z.string().refine(isDate, { message: 'must be a date YYYY-MM-DD' }).nullable(),
});

function str(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string') return null;
  const t = v.trim();
  return t === '' ? null : t;
}

/** Validate one record mapped onto netra's fields; `names` maps a field back to the file's column for messages. */
function toClaim(
  rec: Record<string, unknown>,
  line: number,
  file: string,
  names: Partial<Record<string, string>>,
): { claim?: ClaimInput; problems: InputProblem[] } {
  const problems: InputProblem[] = [];
  for (const k of ['source', 'source_id', 'title', 'claim_text', 'category', 'debunk_url', 'published_on']) {
    const v = rec[k];
    if (v !== undefined && v !== null && typeof v !== 'string' && !(k === 'source_id' && typeof v === 'number'))
      problems.push({ file, line, field: names[k] ?? k, message: `must be a string, got ${JSON.stringify(v)}` });
  }
  if (problems.length) return { problems };
  const title = str(rec['title']) ?? '';
  const candidate = {
    source: str(rec['source']) ?? '',
    source_id: str(rec['source_id']) ?? '',
    title,
    claim_text: str(rec['claim_text']) ?? title,
    category: str(rec['category']),
    debunk_url: str(rec['debunk_url']),
    published_on: str(rec['published_on']),
  };
  const r = claimSchema.safeParse(candidate);
  if (!r.success) {
    for (const issue of r.error.issues) {
      const f = String(issue.path[0] ?? '');
      problems.push({
        file,
        line,
        field: names[f] ?? f,
        message: `${JSON.stringify((candidate as Record<string, unknown>)[f])} ${issue.message}`,
      });
    }
    return { problems };
  }
  const v = r.data;
  return {
    problems,
    claim: {
      line,
      source: v.source,
      sourceId: v.source_id,
      title: v.title,
      claimText: v.claim_text,
      category: v.category,
      debunkUrl: v.debunk_url,
      publishedOn: v.published_on,
    },
  };
}

function readCsv(
  content: string,
  file: string,
  problems: InputProblem[],
): { header: string[]; rows: { record: Record<string, string>; line: number }[] } {
  const { records, problem } = csvRecords(content, file);
  if (problem) {
    problems.push(problem);
    return { header: [], rows: [] };
  }
  const header = content
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/, 1)[0]!
    .split(',')
    .map((h) => h.trim().replace(/^"|"$/g, ''));
  return { header, rows: records };
}

function requireColumns(header: string[], required: string[], file: string, problems: InputProblem[]): boolean {
  if (header.length === 0 || header.every((h) => h === '')) {
    problems.push({ file, line: 1, message: 'the file is empty: expected a header row' });
    return false;
  }
  let ok = true;
  for (const c of required)
    if (!header.includes(c)) {
      problems.push({ file, line: 1, field: c, message: `required column is missing (header: ${header.join(',')})` });
      ok = false;
    }
  return ok;
}

const MONTHS: Record<string, string> = {
  jan: '01',
  feb: '02',
  mar: '03',
  apr: '04',
  may: '05',
  mei: '05',
  jun: '06',
  jul: '07',
  aug: '08',
  agu: '08',
  agt: '08',
  sep: '09',
  oct: '10',
  okt: '10',
  nov: '11',
  dec: '12',
  des: '12',
};

/** Mafindo's `tanggal` (`17-Aug-20`, `5-Mei-2019`, or already `2020-08-17`) as YYYY-MM-DD; null when unreadable. */
export function mafindoDate(v: string): string | null {
  if (isDate(v)) return v;
  const m = /^(\d{1,2})[-\s/]([A-Za-z]{3,})[-\s/](\d{2}|\d{4})$/.exec(v.trim());
  if (!m) return null;
  const mon = MONTHS[m[2]!.slice(0, 3).toLowerCase()];
  if (!mon) return null;
  const y = m[3]!.length === 2 ? `20${m[3]}` : m[3]!;
  const d = `${y}-${mon}-${m[1]!.padStart(2, '0')}`;
  return isDate(d) ? d : null;
}

function parseTurnbackhoax(content: string, file: string, source: string): ParsedClaims {
  const problems: InputProblem[] = [];
  const { header, rows } = readCsv(content, file, problems);
  if (problems.length || !requireColumns(header, ['id', 'title', 'claim_text'], file, problems))
    return { claims: [], problems, skipped: 0 };
  const claims: ClaimInput[] = [];
  const names = { source_id: 'id' };
  for (const { record, line } of rows) {
    const r = toClaim({ ...record, source, source_id: record['id'] }, line, file, names);
    problems.push(...r.problems);
    if (r.claim) claims.push(r.claim);
  }
  return { claims, problems, skipped: 0 };
}

function parseMafindo(content: string, file: string, source: string): ParsedClaims {
  const problems: InputProblem[] = [];
  const { header, rows } = readCsv(content, file, problems);
  if (problems.length || !requireColumns(header, ['ID', 'label', 'tanggal', 'judul', 'text'], file, problems))
    return { claims: [], problems, skipped: 0 };
  const claims: ClaimInput[] = [];
  let skipped = 0;
  const names = { source_id: 'ID', title: 'judul', claim_text: 'text', published_on: 'tanggal' };
  for (const { record, line } of rows) {
    const label = (record['label'] ?? '').trim().toUpperCase();
    if (label !== 'FAKE' && label !== 'REAL') {
      problems.push({ file, line, field: 'label', message: `${JSON.stringify(record['label'])} must be FAKE or REAL` });
      continue;
    }
    const rawDate = (record['tanggal'] ?? '').trim();
    const date = rawDate === '' ? null : mafindoDate(rawDate);
    if (rawDate !== '' && date === null) {
      problems.push({ file, line, field: 'tanggal', message: `${JSON.stringify(rawDate)} must be a date like 17-Aug-20 or 2020-08-17` });
      continue;
    }
    // REAL rows are fact-checks or true news, not debunked claims.
    if (label === 'REAL') {
      skipped++;
      continue;
    }
    const r = toClaim(
      { source, source_id: record['ID'], title: record['judul'], claim_text: record['text'], published_on: date },
      line,
      file,
      names,
    );
    problems.push(...r.problems);
    if (r.claim) claims.push(r.claim);
  }
  return { claims, problems, skipped };
}

function parseJsonl(content: string, file: string, source: string | undefined): ParsedClaims {
  const problems: InputProblem[] = [];
  const claims: ClaimInput[] = [];
  const lines = content.replace(/^\uFEFF/, '').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!.trim();
    if (text === '' || text.startsWith('//')) continue;
    let rec: unknown;
    try {
      rec = JSON.parse(text);
    } catch (e) {
      problems.push({ file, line: i + 1, message: `not valid JSON: ${(e as Error).message}` });
      continue;
    }
    if (typeof rec !== 'object' || rec === null || Array.isArray(rec)) {
      problems.push({ file, line: i + 1, message: 'must be a JSON object' });
      continue;
    }
    const o = rec as Record<string, unknown>;
    const r = toClaim({ ...o, source: o['source'] ?? source }, i + 1, file, {});
    problems.push(...r.problems);
    if (r.claim) claims.push(r.claim);
  }
  return { claims, problems, skipped: 0 };
}

/** The format of a file from its name and first line, when `--format` is not given. */
export function detectClaimFormat(file: string, content: string): ClaimFormat | null {
  if (/\.jsonl?$/i.test(file)) return 'jsonl';
  const first = content.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const cols = first.split(',').map((h) => h.trim().replace(/^"|"$/g, ''));
  if (cols.includes('claim_text')) return 'turnbackhoax';
  if (cols.includes('judul')) return 'mafindo';
  if (first.trim().startsWith('{')) return 'jsonl';
  return null;
}

/**
 * Parse and validate a claims file. Every problem is reported with file, line and field;
 * a source id that appears twice in the file is a problem on its second line.
 */
export function parseClaims(content: string, file: string, format: ClaimFormat, o: { source?: string } = {}): ParsedClaims {
  if (o.source !== undefined && !SOURCE_RE.test(o.source)) {
    return {
      claims: [],
      skipped: 0,
      problems: [
        {
          file,
          line: 1,
          field: 'source',
          message: `--source ${JSON.stringify(o.source)} must be a lowercase source name like "turnbackhoax"`,
        },
      ],
    };
  }
  const parsed =
    format === 'turnbackhoax'
      ? parseTurnbackhoax(content, file, o.source ?? 'turnbackhoax')
      : format === 'mafindo'
        ? parseMafindo(content, file, o.source ?? 'mafindo')
        : parseJsonl(content, file, o.source);
  const seen = new Map<string, number>();
  const claims: ClaimInput[] = [];
  for (const c of parsed.claims) {
    const key = `${c.source}\u0000${c.sourceId}`;
    const prev = seen.get(key);
    if (prev !== undefined) {
      parsed.problems.push({
        file,
        line: c.line,
        field: format === 'mafindo' ? 'ID' : format === 'turnbackhoax' ? 'id' : 'source_id',
        message: `${c.source} claim "${c.sourceId}" already appears on line ${prev}`,
      });
      continue;
    }
    seen.set(key, c.line);
    claims.push(c);
  }
  parsed.problems.sort((a, b) => a.line - b.line);
  return { ...parsed, claims };
}
