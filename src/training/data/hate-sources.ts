import { createHash } from 'node:crypto';
import path from 'node:path';
import { exclusionKey, type Exclusion } from '../../nlp/lexicon-build/corpus-counts.ts';
import { readCsvRecords, relPath, sha256Hex, type DataFileRecord } from './training-file.ts';

/**
 * The public hate-speech and abusive-language sets of `../shared/datasets/hate-abusive/`
 * (SOURCE.md), read with one mapping each onto netra's two labels [hate, abusive] (labels.md:
 * hate needs a person or group attacked FOR WHO THEY ARE; abusive is profanity or insult with or
 * without a target), and dealt into train/dev/test parts by a hash of the normalised text.
 *
 * Mappings (a 0 in `mask` means the source says nothing about that label):
 * - Ibrohim & Budi 2019: hate = HS with an identity category (religion, race, physical, gender),
 *   or HS whose only category is "other" when the post names an identity target (a camp slur such
 *   as cebong or kampret, an identity group: the lexicon's `identity`); HS aimed at an individual
 *   for what they did (HS_Individual + HS_Other, 2,235 rows: "Jokowi pembohong") is not hate by
 *   labels.md. abusive = Abusive. `ibrohimHS` keeps the original HS for Ibrohim-style measurement.
 * - Ibrohim & Budi 2018: abusive = label 2 (abusive, not offensive) or 3 (offensive); hate unknown.
 * - Netifier: hate = sara (suku, agama, ras, antargolongan); rows flagged radikalisme without sara
 *   leave hate unknown (incitement against "kafir" is often labelled only there); abusive unknown
 *   (its columns are pornography and defamation, not profanity).
 * - Javanese and Sundanese tweets: abusive = their abusive column; hate = their hs column only
 *   when the post names an identity target (their hs follows Ibrohim: insults of a person count).
 * - Instagram comments: abusive = bullying (insults), hate = 0 (celebrity gossip; no identity target).
 */
export type SourcePart = 'train' | 'dev' | 'test';

/** Salt of the partition hash; changing it re-deals every row, so it never changes. */
export const HATE_SPLIT_SALT = 'netra-hate-split-v1';
/** Shares of train, dev and test. */
export const HATE_SHARES = { train: 0.7, dev: 0.15, test: 0.15 } as const;

/**
 * The part of a text: the first 8 hex digits of SHA-256("<salt>:<normalised text>") as a fraction
 * of 2^32 (below 0.70 train, below 0.85 dev, else test). It depends on the text only, so a tweet
 * that is in two sources (or retweeted) lands in the same part in each.
 */
export function hatePart(text: string): SourcePart {
  const key = exclusionKey(text) || text;
  const x = createHash('sha256').update(`${HATE_SPLIT_SALT}:${key}`).digest().readUInt32BE(0) / 2 ** 32;
  return x < HATE_SHARES.train ? 'train' : x < HATE_SHARES.train + HATE_SHARES.dev ? 'dev' : 'test';
}

/** One row of a public source, mapped. */
export interface SourceRow {
  text: string;
  /** [hate, abusive] */
  y: number[];
  /** [hate, abusive]: 1 known, 0 unknown. */
  mask: number[];
  part: SourcePart;
  /** Short source name (see {@link HATE_SOURCES}). */
  source: string;
  /** Ibrohim 2019 rows: the original HS (an attack on an individual counts). */
  ibrohimHS?: number;
  /** Ibrohim 2019 rows: the hate categories the row carries. */
  categories?: string[];
}

/** Decodes the sources' byte escapes (`\xf0\x9f\x98\x82`) and literal `\n`; drops the `'` a byte-string dump left at the end. */
export function cleanSourceText(t: string): string {
  let s = t.replace(/(?:\\x[0-9a-fA-F]{2})+/g, (m) => Buffer.from(m.replace(/\\x/g, ''), 'hex').toString('utf8'));
  s = s.replace(/\\n/g, '\n').replace(/\\t/g, ' ');
  if (s.endsWith("'") && !s.slice(0, -1).includes("'")) s = s.slice(0, -1);
  return s;
}

interface RawRow {
  text: string;
  fields: Record<string, string>;
}

/** A source: its file under datasets/, its text column, and its mapping (identity: the post names an identity target). */
interface SourceSpec {
  name: string;
  file: string;
  text: string;
  columns: string[];
  map(r: RawRow, identity: boolean): Omit<SourceRow, 'text' | 'part' | 'source'> | null;
}

const one = (v: string | undefined) => ((v ?? '').trim() === '1' ? 1 : 0);
const IDENTITY_CATS = ['HS_Religion', 'HS_Race', 'HS_Physical', 'HS_Gender'];

export const HATE_SOURCES: readonly SourceSpec[] = [
  {
    name: 'ibrohim2019',
    file: 'hate-abusive/ibrohim2019-multilabel-train.csv',
    text: 'Tweet',
    columns: ['Tweet', 'HS', 'Abusive', 'HS_Individual', 'HS_Group', 'HS_Other', ...IDENTITY_CATS],
    map: ({ fields: f }, identity) => {
      const hs = one(f.HS);
      const cats = ['HS_Individual', 'HS_Group', ...IDENTITY_CATS, 'HS_Other'].filter((c) => one(f[c]) === 1);
      const hate = hs === 1 && (IDENTITY_CATS.some((c) => one(f[c]) === 1) || identity) ? 1 : 0;
      return { y: [hate, one(f.Abusive)], mask: [1, 1], ibrohimHS: hs, categories: cats };
    },
  },
  {
    name: 'ibrohim2018',
    file: 'hate-abusive/ibrohim2018-abusive-3label.csv',
    text: 'Tweet',
    columns: ['Tweet', 'Label'],
    map: ({ fields: f }) => {
      const l = (f.Label ?? '').trim();
      if (l !== '1' && l !== '2' && l !== '3') return null;
      return { y: [0, l === '1' ? 0 : 1], mask: [0, 1] };
    },
  },
  {
    name: 'netifier',
    file: 'hate-abusive/netifier-4label.csv',
    text: 'original_text',
    columns: ['original_text', 'sara', 'radikalisme'],
    map: ({ fields: f }) => {
      const sara = one(f.sara);
      return { y: [sara, 0], mask: [sara === 0 && one(f.radikalisme) === 1 ? 0 : 1, 0] };
    },
  },
  {
    name: 'javanese',
    file: 'hate-abusive/local-javanese-abusive-hate.csv',
    text: 'text',
    columns: ['text', 'abusive', 'hate'],
    map: ({ fields: f }, identity) => ({ y: [one(f.hate) === 1 && identity ? 1 : 0, one(f.abusive)], mask: [1, 1] }),
  },
  {
    name: 'sundanese',
    file: 'hate-abusive/local-sundanese-abusive-hate.csv',
    text: 'text',
    columns: ['text', 'abusive', 'hate'],
    map: ({ fields: f }, identity) => ({ y: [one(f.hate) === 1 && identity ? 1 : 0, one(f.abusive)], mask: [1, 1] }),
  },
  {
    name: 'instagram',
    file: 'hate-abusive/instagram-cyberbullying.csv',
    text: 'text',
    columns: ['text', 'bullying'],
    map: ({ fields: f }) => ({ y: [0, one(f.bullying)], mask: [1, 1] }),
  },
];

/**
 * Every public source, mapped and partitioned. Rows matching a dev/test row of data/labelled
 * (`exclusion`) are dropped, and so are repeats of a normalised text within a source.
 * `identityOf` tells, per text, whether it names an identity target (the rule lexicon's).
 */
export async function readHateSources(dataDir: string, exclusion: Exclusion, identityOf: (texts: string[]) => Promise<boolean[]>, only?: readonly string[]): Promise<{ rows: SourceRow[]; files: DataFileRecord[]; excluded: number }> {
  const rows: SourceRow[] = [];
  const files: DataFileRecord[] = [];
  let excluded = 0;
  for (const spec of HATE_SOURCES) {
    if (only && !only.includes(spec.name)) continue;
    const file = path.join(dataDir, spec.file);
    const { rows: recs, bytes } = readCsvRecords(file, spec.columns);
    const seen = new Set<string>();
    const raw: RawRow[] = [];
    for (const f of recs) {
      const original = f[spec.text] ?? '';
      const key = exclusionKey(original);
      if (exclusion.hashes.has(sha256Hex(original)) || exclusion.keys.has(key)) {
        excluded++;
        continue;
      }
      if (key.length === 0 || seen.has(key)) continue;
      seen.add(key);
      raw.push({ text: cleanSourceText(original), fields: f });
    }
    const ids = await identityOf(raw.map((r) => r.text));
    let kept = 0;
    raw.forEach((r, i) => {
      const m = spec.map(r, ids[i]!);
      if (!m) return;
      rows.push({ text: r.text, ...m, part: hatePart(r.text), source: spec.name });
      kept++;
    });
    files.push({ path: relPath(dataDir, file), sha256: sha256Hex(bytes), rows: kept });
  }
  return { rows, files, excluded };
}
