import { readdirSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { UserError } from '../../domain/errors.ts';
import { readText } from './shared-sources.ts';

/** The hand-written rule lexicons whose words the slang table must never rewrite. */
export const RULE_LEXICON_FILES = [
  'election-2024.yaml',
  'candidate-nicknames.yaml',
  'partisan-cues.yaml',
  'money-politics.yaml',
  'hate-targets.yaml',
  'hoax-cues.yaml',
];

// Keys whose values are descriptions or whole hashtags, not phrases.
const SKIP_KEYS = new Set([
  'promo',
  'tag',
  'source',
  'sources',
  'name',
  'title',
  'path',
  'id',
  'note',
  'english',
  'act',
  'version',
  'date',
  'legalBasis',
  'coalition',
  'group',
  'region',
  'kind',
  'dates',
  'parties',
  'refers',
  'tone',
  'seen',
]);
const WORD = /[a-z]+/g;

function collect(node: unknown, into: Set<string>): void {
  if (typeof node === 'string') {
    for (const w of node.toLowerCase().match(WORD) ?? []) into.add(w);
  } else if (Array.isArray(node)) {
    for (const x of node) collect(x, into);
  } else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) if (!SKIP_KEYS.has(k)) collect(v, into);
  }
}

/**
 * Words kept as written whatever the rule lexicons say today: hearsay markers whose meaning a
 * slang rewrite would shift (indocollex maps `katanya` "reportedly" to `saya dengar` "I heard"),
 * and that the trained models saw unchanged. Keeping them here means editing a YAML lexicon
 * cannot silently change the slang table under a shipped model.
 */
export const CORE_PROTECTED_WORDS: readonly string[] = ['katanya', 'kabarnya', 'konon'];

/**
 * Every word of every phrase in the rule lexicons (`lexiconDir/*.yaml` above and
 * `lexiconDir/contests/*.yaml`): signal words such as `goblok`, `tps`, `wani`, `amin` or candidate
 * nicknames, which the slang table must leave as they are.
 */
export function ruleLexiconWords(lexiconDir: string): Set<string> {
  const words = new Set<string>(CORE_PROTECTED_WORDS);
  const files = RULE_LEXICON_FILES.map((f) => path.join(lexiconDir, f));
  const contests = path.join(lexiconDir, 'contests');
  try {
    for (const f of readdirSync(contests).sort()) if (f.endsWith('.yaml')) files.push(path.join(contests, f));
  } catch {
    // No contests folder: nothing to add.
  }
  for (const w of phraseWordsOfFiles(files)) words.add(w);
  return words;
}

/** Every word of every phrase in these YAML lexicon files (descriptions and ids left out). */
export function phraseWordsOfFiles(files: readonly string[]): Set<string> {
  const words = new Set<string>();
  for (const f of files) {
    let doc: unknown;
    try {
      doc = parse(readText(f));
    } catch (e) {
      if (e instanceof UserError) throw e;
      throw new UserError(`${f}: not valid YAML: ${(e as Error).message.split('\n')[0]}`);
    }
    collect(doc, words);
  }
  return words;
}
