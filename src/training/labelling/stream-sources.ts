/**
 * The `../shared` files the in-domain labelling sample (issue 11) draws from, with what their
 * licences allow. One home for this table: the sampler, the merge and the text resolver all read
 * it. Paths are relative to `<shared>/datasets/`.
 */

/** The five pools of issue 11. */
export const POOLS = ['campaign', 'headlines', 'ordinary', 'local', 'unlabelled'] as const;
export type Pool = (typeof POOLS)[number];

export interface StreamSource {
  /** Path under `<shared>/datasets/`, as written in `source_file`. */
  file: string;
  pool: Pool;
  /** Prefix of row ids: `<prefix>:<source_row>`. */
  idPrefix: string;
  /** The column holding the post text. */
  textColumn: string;
  /** The file's own columns used only to stratify random draws (never as labels). */
  tagColumns?: readonly string[];
  /** Licence as its SOURCE.md states it. */
  licence: string;
  /** Whether the licence allows storing the text in the repository. */
  shipText: boolean;
}

export const STREAM_SOURCES: readonly StreamSource[] = [
  {
    file: 'election/campaign-tweets-2023-prabowo-gibran.csv',
    pool: 'campaign',
    idPrefix: 'campaign-2023',
    textColumn: 'text',
    licence: 'MIT',
    shipText: true,
  },
  {
    file: 'election/news-headlines-2023.csv',
    pool: 'headlines',
    idPrefix: 'headlines-2023',
    textColumn: 'headline',
    tagColumns: ['hoax'],
    licence: 'not stated',
    shipText: false,
  },
  {
    file: 'ordinary/emot-emotion-tweets.csv',
    pool: 'ordinary',
    idPrefix: 'ordinary/emot',
    textColumn: 'text',
    licence: 'Apache-2.0',
    shipText: true,
  },
  {
    file: 'ordinary/idsa-sentiment-tweets.csv',
    pool: 'ordinary',
    idPrefix: 'ordinary/idsa',
    textColumn: 'text',
    licence: 'not stated',
    shipText: false,
  },
  {
    file: 'ordinary/vaccine-tweets-2021.csv',
    pool: 'ordinary',
    idPrefix: 'ordinary/vaccine',
    textColumn: 'text',
    licence: 'not stated',
    shipText: false,
  },
  {
    file: 'hate-abusive/local-javanese-abusive-hate.csv',
    pool: 'local',
    idPrefix: 'local/javanese',
    textColumn: 'text',
    tagColumns: ['abusive', 'hate'],
    licence: 'not stated (research use)',
    shipText: false,
  },
  {
    file: 'hate-abusive/local-sundanese-abusive-hate.csv',
    pool: 'local',
    idPrefix: 'local/sundanese',
    textColumn: 'text',
    tagColumns: ['abusive', 'hate'],
    licence: 'not stated (research use)',
    shipText: false,
  },
  {
    file: 'election/tweets-2022-2023-unlabelled/anies.csv',
    pool: 'unlabelled',
    idPrefix: 'tweets-2022-2023/anies',
    textColumn: 'Tweet',
    licence: 'not stated',
    shipText: false,
  },
  {
    file: 'election/tweets-2022-2023-unlabelled/ganjar.csv',
    pool: 'unlabelled',
    idPrefix: 'tweets-2022-2023/ganjar',
    textColumn: 'Tweet',
    licence: 'not stated',
    shipText: false,
  },
  {
    file: 'election/tweets-2022-2023-unlabelled/prabowo.csv',
    pool: 'unlabelled',
    idPrefix: 'tweets-2022-2023/prabowo',
    textColumn: 'Tweet',
    licence: 'not stated',
    shipText: false,
  },
];

export function sourceByFile(file: string): StreamSource | undefined {
  return STREAM_SOURCES.find((s) => s.file === file);
}

export function isPool(v: unknown): v is Pool {
  return typeof v === 'string' && (POOLS as readonly string[]).includes(v);
}

/** `<prefix>:<row>` for a source row. */
export function rowId(s: StreamSource, row: number): string {
  return `${s.idPrefix}:${row}`;
}
