import path from 'node:path';
import { exclusionKey, readExclusion } from '../../nlp/lexicon-build/corpus-counts.ts';
import { exclusionTextResolver } from '../labelling/labelled-text.ts';
import { readCsvRecords, relPath, sha256Hex, type DataFileRecord } from './training-file.ts';

/** One election-period post from ../shared/datasets/election, with what its file says about it. */
export interface ElectionPost {
  text: string;
  /** Path under the datasets folder. */
  file: string;
  /** The file's own column where it has one: sentiment (2017, 2019) or topic (2024); never a partisan label. */
  tag?: string;
}

export interface ElectionSource {
  file: string;
  text: string;
  tag?: string;
}

/** The election-period files every task reads by default. */
export const ELECTION_SOURCES: readonly ElectionSource[] = [
  { file: 'election/satria-2024-campaign-posts.csv', text: 'text', tag: 'label' },
  { file: 'election/pilpres2019-sentiment.csv', text: 'tweet', tag: 'sentimen' },
  { file: 'election/pilkada-dki2017-sentiment.csv', text: 'Text Tweet', tag: 'Sentiment' },
  { file: 'election/tweets-2022-2023-unlabelled/anies.csv', text: 'Tweet' },
  { file: 'election/tweets-2022-2023-unlabelled/ganjar.csv', text: 'Tweet' },
  { file: 'election/tweets-2022-2023-unlabelled/prabowo.csv', text: 'Tweet' },
];

/**
 * The pools added for issue 11 (../shared/datasets/election/SOURCE.md): campaign tweets about
 * Prabowo-Gibran (Nov-Dec 2023; endorsements, attacks, news, buzzer templates and handouts side by
 * side) and 2023 election-news headlines (`hoax` says whether a TurnBackHoax title).
 */
export const CAMPAIGN_2023_SOURCE: ElectionSource = { file: 'election/campaign-tweets-2023-prabowo-gibran.csv', text: 'text' };
export const HEADLINES_2023_SOURCE: ElectionSource = { file: 'election/news-headlines-2023.csv', text: 'headline', tag: 'hoax' };

/**
 * The election-period posts, with netra's exclusion rule applied (data/labelled/README.md): rows
 * whose SHA-256 or normalised text equals a dev/test row of data/labelled are dropped, and so
 * are repeats of an earlier row's normalised text (retweets, the duplicate-heavy 2022-2023
 * files) and texts shorter than 12 normalised characters.
 */
export function readElectionPosts(dataDir: string, labelledDir: string, sources: readonly ElectionSource[] = ELECTION_SOURCES): { posts: ElectionPost[]; files: DataFileRecord[]; excluded: number } {
  const ex = readExclusion(labelledDir, exclusionTextResolver(path.dirname(dataDir)));
  const seen = new Set<string>();
  const posts: ElectionPost[] = [];
  const files: DataFileRecord[] = [];
  let excluded = 0;
  for (const s of sources) {
    const file = path.join(dataDir, s.file);
    const { rows, bytes } = readCsvRecords(file, s.tag ? [s.text, s.tag] : [s.text]);
    let kept = 0;
    for (const r of rows) {
      const text = r[s.text] ?? '';
      const key = exclusionKey(text);
      if (ex.hashes.has(sha256Hex(text)) || ex.keys.has(key)) {
        excluded++;
        continue;
      }
      if (key.length < 12 || seen.has(key)) continue;
      seen.add(key);
      const p: ElectionPost = { text, file: s.file };
      if (s.tag && r[s.tag]) p.tag = r[s.tag]!.trim();
      posts.push(p);
      kept++;
    }
    files.push({ path: relPath(dataDir, file), sha256: sha256Hex(bytes), rows: kept });
  }
  return { posts, files, excluded };
}
