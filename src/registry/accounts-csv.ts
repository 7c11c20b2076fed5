import { z } from 'zod';
import { csvRecords, headerProblems } from '../domain/csv-records.ts';
import type { InputProblem } from '../domain/errors.ts';
import { HANDLE_PATTERN, PLATFORMS, isPlatform, normaliseHandle, profileUrl, type Platform } from '../domain/platforms.ts';

/**
 * The registry CSV, one row per platform handle (a person with three accounts has three rows).
 * `name`, `agency`, `platform` and `handle` are required; the rest may be empty.
 */
export const ACCOUNT_CSV_COLUMNS = [
  { name: 'nip', required: false, description: 'NIP, 18 digits; empty when unknown. Rows with the same NIP are one person.' },
  { name: 'name', required: true, description: 'Person name as in the personnel record.' },
  { name: 'agency', required: true, description: 'Agency (instansi), e.g. `Dinas Pendidikan Kabupaten Sleman`.' },
  { name: 'position', required: false, description: 'Position (jabatan).' },
  { name: 'region', required: false, description: 'Regency/city (kabupaten/kota).' },
  { name: 'province', required: false, description: 'Province.' },
  { name: 'employment_type', required: false, description: '`PNS` or `PPPK`.' },
  { name: 'platform', required: true, description: `One of ${PLATFORMS.map((p) => `\`${p}\``).join(', ')}.` },
  { name: 'handle', required: true, description: 'Handle without `@` (case-insensitive).' },
  { name: 'profile_url', required: false, description: 'Profile URL (https); derived from platform and handle when empty.' },
  { name: 'link_source', required: false, description: 'Why this account is believed to be this person\'s (e.g. "bio menyebut jabatan").' },
  { name: 'link_confidence', required: false, description: 'Confidence of that link, 0 to 1.' },
  {
    name: 'link_established_by',
    required: false,
    description: 'Who established the link (analyst or unit), e.g. `Bawaslu Sleman / Sari`.',
  },
  { name: 'link_established_at', required: false, description: 'When the link was established, `YYYY-MM-DD`.' },
  {
    name: 'link_evidence_url',
    required: false,
    description: 'A URL showing the basis of the link (the bio naming the position, an agency page).',
  },
  { name: 'tags', required: false, description: 'Semicolon-separated tags, e.g. `guru;pppk`.' },
] as const;

export interface AccountCsvRow {
  line: number;
  nip: string | null;
  name: string;
  agency: string;
  position: string | null;
  region: string | null;
  province: string | null;
  employmentType: 'PNS' | 'PPPK' | null;
  platform: Platform;
  handle: string;
  profileUrl: string;
  linkSource: string | null;
  linkConfidence: number | null;
  linkEstablishedBy: string | null;
  linkEstablishedAt: string | null;
  linkEvidenceUrl: string | null;
  tags: string[];
  /** Identity key: `nip:<nip>` or `name:<lower name>@<agency>`. */
  personKey: string;
}

const opt = (v: string | undefined) => {
  const t = (v ?? '').trim();
  return t === '' ? null : t;
};

const fieldSchemas: Record<string, z.ZodType> = {
  nip: z
    .string()
    .regex(/^\d{18}$/, { message: 'must be 18 digits (or empty when unknown)' })
    .nullable(),
  name: z.string().min(2, { message: 'is required' }).max(200),
  agency: z.string().min(2, { message: 'is required' }).max(300),
  employment_type: z.enum(['PNS', 'PPPK'], { message: 'must be PNS or PPPK (or empty)' }).nullable(),
  platform: z.string().refine(isPlatform, { message: `must be one of ${PLATFORMS.join(', ')}` }),
  handle: z.string().regex(HANDLE_PATTERN, { message: 'must be 1-64 letters, digits, "_" or "." (without @)' }),
  profile_url: z
    .string()
    .url({ message: 'must be a URL' })
    .refine((u) => u.startsWith('https://') || u.startsWith('http://'), { message: 'must be an http(s) URL' })
    .nullable(),
  link_established_at: z
    .string()
    .refine(
      (v) =>
        /^\d{4}-\d{2}-\d{2}$/.test(v) &&
        !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) &&
        new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
      { message: 'must be a date YYYY-MM-DD' },
    )
    .nullable(),
  link_evidence_url: z
    .string()
    .url({ message: 'must be a URL' })
    .refine((u) => u.startsWith('https://') || u.startsWith('http://'), { message: 'must be an http(s) URL' })
    .nullable(),
  link_confidence: z
    .number({ message: 'must be a number between 0 and 1' })
    .min(0, { message: 'must be between 0 and 1' })
    .max(1, { message: 'must be between 0 and 1' })
    .nullable(),
};

/**
 * Parse and validate a registry CSV completely. Returns every valid row and every problem
 * (file, line, field); callers store nothing when there is any problem.
 */
export function parseAccountsCsv(content: string, file: string): { rows: AccountCsvRow[]; problems: InputProblem[] } {
  const problems: InputProblem[] = [];
  const { records, problem } = csvRecords(content, file);
  if (problem) return { rows: [], problems: [problem] };
  if (records.length === 0) {
    const header = content.split(/\r?\n/, 1)[0] ?? '';
    if (header.trim() === '') problems.push({ file, line: 1, message: 'the file is empty: expected a header row' });
  }
  const header = Object.keys(records[0]?.record ?? {});
  if (records.length > 0) {
    problems.push(...headerProblems(header, ACCOUNT_CSV_COLUMNS, file));
    if (problems.length > 0) return { rows: [], problems };
  }

  const rows: AccountCsvRow[] = [];
  const seenHandles = new Map<string, number>();
  const nipIdentity = new Map<string, { name: string; line: number }>();
  for (const { record, line } of records) {
    const rowProblems: InputProblem[] = [];
    const check = (fieldName: string, value: unknown) => {
      const r = fieldSchemas[fieldName]!.safeParse(value);
      if (!r.success)
        rowProblems.push({
          file,
          line,
          field: fieldName,
          message: `${JSON.stringify(value)} ${r.error.issues[0]?.message ?? 'is invalid'}`,
        });
    };
    const nip = opt(record.nip);
    const name = (record.name ?? '').trim();
    const agency = (record.agency ?? '').trim();
    const platform = (record.platform ?? '').trim().toLowerCase();
    const handle = normaliseHandle(record.handle ?? '');
    const employmentType = opt(record.employment_type)?.toUpperCase() ?? null;
    const url = opt(record.profile_url);
    const confRaw = opt(record.link_confidence);
    const conf = confRaw === null ? null : Number(confRaw.replace(',', '.'));
    check('nip', nip);
    check('name', name);
    check('agency', agency);
    check('employment_type', employmentType);
    check('platform', platform);
    check('handle', handle);
    check('profile_url', url);
    check('link_established_at', opt(record.link_established_at));
    check('link_evidence_url', opt(record.link_evidence_url));
    if (confRaw !== null && Number.isNaN(conf))
      rowProblems.push({ file, line, field: 'link_confidence', message: `${JSON.stringify(confRaw)} must be a number between 0 and 1` });
    else check('link_confidence', conf);

    const key = `${platform}:${handle}`;
    const prev = seenHandles.get(key);
    if (prev !== undefined)
      rowProblems.push({ file, line, field: 'handle', message: `${platform} handle "${handle}" already appears on line ${prev}` });
    if (nip) {
      const other = nipIdentity.get(nip);
      if (other && other.name.toLowerCase() !== name.toLowerCase())
        rowProblems.push({ file, line, field: 'name', message: `NIP ${nip} is "${other.name}" on line ${other.line} but "${name}" here` });
    }
    if (rowProblems.length > 0) {
      problems.push(...rowProblems);
      continue;
    }
    seenHandles.set(key, line);
    if (nip && !nipIdentity.has(nip)) nipIdentity.set(nip, { name, line });
    rows.push({
      line,
      nip,
      name,
      agency,
      position: opt(record.position),
      region: opt(record.region),
      province: opt(record.province),
      employmentType: employmentType as 'PNS' | 'PPPK' | null,
      platform: platform as Platform,
      handle,
      profileUrl: url ?? profileUrl(platform as Platform, handle),
      linkSource: opt(record.link_source),
      linkConfidence: conf,
      linkEstablishedBy: opt(record.link_established_by),
      linkEstablishedAt: opt(record.link_established_at),
      linkEvidenceUrl: opt(record.link_evidence_url),
      tags: (record.tags ?? '')
        .split(';')
        .map((t) => t.trim().toLowerCase())
        .filter(Boolean),
      personKey: nip ? `nip:${nip}` : `name:${name.toLowerCase().replace(/\s+/g, ' ')}@${agency.toLowerCase().replace(/\s+/g, ' ')}`,
    });
  }
  return { rows, problems };
}
