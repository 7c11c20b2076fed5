import { csvRecords, headerProblems } from '../domain/csv-records.ts';
import type { InputProblem } from '../domain/errors.ts';
import { HANDLE_PATTERN, PLATFORMS, isPlatform, normaliseHandle, profileUrl, type Platform } from '../domain/platforms.ts';

/**
 * The campaign-accounts CSV: one row per official account of a candidate, pair, party or
 * campaign team in a contest, per platform. Every row cites its source. A row without
 * `platform` and `handle` names the owner only (no cited source gives its handle).
 */
export const CAMPAIGN_ACCOUNT_CSV_COLUMNS = [
  { name: 'contest', required: true, description: 'Contest id, e.g. `pilpres-2024` (as in data/lexicons).' },
  { name: 'owner_kind', required: true, description: '`candidate`, `pair`, `party` or `team` (tim kampanye / akun pemenangan).' },
  { name: 'owner_name', required: true, description: 'Who the account belongs to, e.g. `Anies Baswedan - Muhaimin Iskandar`.' },
  { name: 'owner_ref', required: false, description: 'Ballot number of the pair or party (`01`, `2`), when it has one.' },
  { name: 'platform', required: false, description: `One of ${PLATFORMS.join(', ')}; empty together with handle.` },
  { name: 'handle', required: false, description: 'Handle without `@`; empty when no cited source gives it (never guessed).' },
  { name: 'profile_url', required: false, description: 'Profile URL; derived from platform and handle when empty.' },
  {
    name: 'source',
    required: true,
    description: 'Where this entry comes from: a document, decision or page that says the account is official.',
  },
  { name: 'source_url', required: false, description: 'A URL of that source (http or https).' },
  { name: 'note', required: false, description: 'Free text.' },
] as const;

export const OWNER_KINDS = ['candidate', 'pair', 'party', 'team'] as const;
export type OwnerKind = (typeof OWNER_KINDS)[number];

export interface CampaignAccountCsvRow {
  line: number;
  /** contest|owner_kind|owner_name|platform|handle, lowercase. */
  entryKey: string;
  contest: string;
  ownerKind: OwnerKind;
  ownerName: string;
  ownerRef: string | null;
  platform: Platform | null;
  handle: string | null;
  profileUrl: string | null;
  source: string;
  sourceUrl: string | null;
  note: string | null;
}

const opt = (v: string | undefined) => {
  const t = (v ?? '').trim();
  return t === '' ? null : t;
};
const isHttpUrl = (u: string) => {
  try {
    const p = new URL(u);
    return p.protocol === 'https:' || p.protocol === 'http:';
  } catch {
    return false;
  }
};

/** Parse and validate the whole file: every valid row and every problem (file, line, field). */
export function parseCampaignAccountsCsv(content: string, file: string): { rows: CampaignAccountCsvRow[]; problems: InputProblem[] } {
  const problems: InputProblem[] = [];
  const { records, problem } = csvRecords(content, file, { comments: true });
  if (problem) return { rows: [], problems: [problem] };
  if (records.length === 0)
    return { rows: [], problems: [{ file, line: 1, message: 'no rows: expected a header row and at least one row' }] };
  const header = Object.keys(records[0]!.record);
  problems.push(...headerProblems(header, CAMPAIGN_ACCOUNT_CSV_COLUMNS, file));
  if (problems.length > 0) return { rows: [], problems };

  const rows: CampaignAccountCsvRow[] = [];
  const seen = new Map<string, number>();
  for (const { record, line } of records) {
    const bad: InputProblem[] = [];
    const problem = (field: string, message: string) => bad.push({ file, line, field, message });
    const contest = (record.contest ?? '').trim().toLowerCase();
    const ownerKind = (record.owner_kind ?? '').trim().toLowerCase();
    const ownerName = (record.owner_name ?? '').trim();
    const platform = opt(record.platform)?.toLowerCase() ?? null;
    const handle = opt(record.handle) === null ? null : normaliseHandle(record.handle!);
    const url = opt(record.profile_url);
    const source = (record.source ?? '').trim();
    const sourceUrl = opt(record.source_url);
    if (!/^[a-z0-9][a-z0-9/_-]{1,99}$/.test(contest))
      problem('contest', `${JSON.stringify(contest)} must be a contest id (letters, digits, "-", "_", "/")`);
    if (!(OWNER_KINDS as readonly string[]).includes(ownerKind))
      problem('owner_kind', `${JSON.stringify(ownerKind)} must be one of ${OWNER_KINDS.join(', ')}`);
    if (ownerName.length < 2)
      problem('owner_name', ownerName ? `${JSON.stringify(ownerName)} is too short: name the owner` : 'is required');
    if (source.length < 3) problem('source', 'is required: every entry cites where it comes from');
    if (platform !== null && !isPlatform(platform))
      problem('platform', `${JSON.stringify(platform)} must be one of ${PLATFORMS.join(', ')}`);
    if (handle !== null && !HANDLE_PATTERN.test(handle))
      problem('handle', `${JSON.stringify(handle)} must be 1-64 letters, digits, "_" or "." (without @)`);
    if ((platform === null) !== (handle === null))
      problem(platform === null ? 'platform' : 'handle', 'platform and handle go together: give both or neither');
    if (url !== null && !isHttpUrl(url)) problem('profile_url', `${JSON.stringify(url)} must be an http(s) URL`);
    if (url !== null && handle === null) problem('profile_url', 'a profile URL needs its platform and handle');
    if (sourceUrl !== null && !isHttpUrl(sourceUrl)) problem('source_url', `${JSON.stringify(sourceUrl)} must be an http(s) URL`);
    const entryKey = [contest, ownerKind, ownerName.toLowerCase().replace(/\s+/g, ' '), platform ?? '', handle ?? ''].join('|');
    const prev = seen.get(entryKey);
    if (prev !== undefined) problem(handle ? 'handle' : 'owner_name', `the same entry is already on line ${prev}`);
    if (bad.length > 0) {
      problems.push(...bad);
      continue;
    }
    seen.set(entryKey, line);
    rows.push({
      line,
      entryKey,
      contest,
      ownerKind: ownerKind as OwnerKind,
      ownerName,
      ownerRef: opt(record.owner_ref),
      platform: platform as Platform | null,
      handle,
      profileUrl: url ?? (platform && handle ? profileUrl(platform as Platform, handle) : null),
      source,
      sourceUrl,
      note: opt(record.note),
    });
  }
  return { rows, problems };
}
