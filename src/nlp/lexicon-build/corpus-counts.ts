import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { UserError } from '../../domain/errors.ts';

/**
 * Word counts over the public datasets (`../shared/datasets/`), for the vocabulary's frequencies
 * (hashtag segmentation) and for finding common derived forms. Rows that are netra's own dev/test
 * evaluation data (`data/labelled/*.jsonl`, README "Exclusion rule") are dropped first, by
 * SHA-256 of the text and by normalised text.
 */

/** Files and text columns counted, relative to the datasets folder. */
export const CORPUS_FILES: { file: string; columns: string[]; delimiter?: string }[] = [
  { file: 'election/satria-2024-campaign-posts.csv', columns: ['text'] },
  { file: 'election/pilpres2019-sentiment.csv', columns: ['tweet'] },
  { file: 'election/pilkada-dki2017-sentiment.csv', columns: ['Text Tweet'] },
  { file: 'election/stance-blogs-2016-3label.csv', columns: ['title', 'content'] },
  { file: 'election/stance-blogs-2018-2label.csv', columns: ['Judul Artikel', 'Isi Artikel'], delimiter: ';' },
  { file: 'election/tweets-2022-2023-unlabelled/anies.csv', columns: ['Tweet'] },
  { file: 'election/tweets-2022-2023-unlabelled/ganjar.csv', columns: ['Tweet'] },
  { file: 'election/tweets-2022-2023-unlabelled/prabowo.csv', columns: ['Tweet'] },
  { file: 'hate-abusive/ibrohim2019-multilabel-train.csv', columns: ['Tweet'] },
  { file: 'hate-abusive/ibrohim2018-abusive-3label.csv', columns: ['Tweet'] },
  { file: 'hate-abusive/netifier-4label.csv', columns: ['original_text'] },
  { file: 'hoax/mafindo-false-news-2015-2020.csv', columns: ['judul', 'text'] },
  { file: 'hoax/turnbackhoax-2024-debunked-claims.csv', columns: ['title', 'claim_text'] },
];

/** The normalisation of data/labelled/README.md's exclusion rule. */
export function exclusionKey(t: string): string {
  return t
    .toLowerCase()
    .replace(/\[re [^\]]*\]/g, ' ')
    .replace(/^\s*rt\b/, ' ')
    .replace(/https?:\/\/\S+|pic\.twitter\.com\/\S+/g, ' ')
    .replace(/@\S+/g, ' ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .replace(/ +/g, ' ');
}

export interface Exclusion {
  hashes: Set<string>;
  keys: Set<string>;
  /** JSON Lines files read. */
  files: number;
}

/**
 * Hashes and normalised texts of every dev/test row in `labelledDir/*.jsonl` (empty if absent).
 * Rows that ship ids only (no `text`) add their hash; with `resolveText` (the caller's
 * data/labelled text resolver) their normalised text too.
 */
export function readExclusion(
  labelledDir: string | undefined,
  resolveText?: (row: Record<string, unknown>, file: string, line: number) => string,
): Exclusion {
  const ex: Exclusion = { hashes: new Set(), keys: new Set(), files: 0 };
  if (!labelledDir) return ex;
  let files: string[];
  try {
    files = readdirSync(labelledDir)
      .filter((f) => f.endsWith('.jsonl'))
      .sort();
  } catch {
    return ex;
  }
  for (const f of files) {
    ex.files++;
    const lines = readFileSync(path.join(labelledDir, f), 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (!line.trim()) return;
      let row: { text?: unknown; text_sha256?: unknown; split?: unknown; source_file?: unknown };
      try {
        row = JSON.parse(line) as typeof row;
      } catch {
        throw new UserError(`${path.join(labelledDir, f)}:${i + 1}: not valid JSON`);
      }
      if (row.split !== 'dev' && row.split !== 'test') return;
      if (typeof row.text_sha256 === 'string') ex.hashes.add(row.text_sha256);
      if (typeof row.text === 'string') ex.keys.add(exclusionKey(row.text));
      else if (resolveText && row.source_file !== undefined) ex.keys.add(exclusionKey(resolveText(row, path.join(labelledDir, f), i + 1)));
    });
  }
  return ex;
}

function decode(buf: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    // Two of the tweet files have cp1252 bytes in location fields (data/labelled/README.md).
    return new TextDecoder('windows-1252').decode(buf);
  }
}

const URL_OR_MENTION = /https?:\/\/\S+|pic\.twitter\.com\/\S+|@\S+/g;
const HASHTAG = /#([A-Za-z0-9_]+)/g;
const CAMEL = /[A-Z]?[a-z]+|[A-Z]+(?![a-z])/g;
const WORD = /[a-z]+/g;

export interface CorpusCounts {
  counts: Map<string, number>;
  rows: number;
  excluded: number;
  tokens: number;
}

/** Count lowercase words; mixed-case hashtags count their CamelCase parts. */
export function countCorpus(datasetsDir: string, exclusion: Exclusion, files = CORPUS_FILES): CorpusCounts {
  const counts = new Map<string, number>();
  let rows = 0;
  let excluded = 0;
  let tokens = 0;
  const add = (w: string) => {
    if (w.length < 2) return;
    counts.set(w, (counts.get(w) ?? 0) + 1);
    tokens++;
  };
  for (const spec of files) {
    const file = path.join(datasetsDir, spec.file);
    let buf: Buffer;
    try {
      buf = readFileSync(file);
    } catch {
      throw new UserError(`cannot read corpus file ${file}`);
    }
    const records = parse(decode(buf), {
      columns: true,
      bom: true,
      delimiter: spec.delimiter ?? ',',
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
    }) as Record<string, string>[];
    for (const r of records) {
      for (const col of spec.columns) {
        const text = r[col];
        if (!text) continue;
        rows++;
        const hash = createHash('sha256').update(text, 'utf8').digest('hex');
        if (exclusion.hashes.has(hash) || (exclusion.keys.size > 0 && exclusion.keys.has(exclusionKey(text)))) {
          excluded++;
          continue;
        }
        const noLinks = text.replace(URL_OR_MENTION, ' ');
        const rest = noLinks.replace(HASHTAG, (_m, tag: string) => {
          if (/[a-z]/.test(tag) && /[A-Z]/.test(tag)) for (const p of tag.match(CAMEL) ?? []) add(p.toLowerCase());
          return ' ';
        });
        for (const w of rest.toLowerCase().match(WORD) ?? []) add(w);
      }
    }
  }
  return { counts, rows, excluded, tokens };
}
