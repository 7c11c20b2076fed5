import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';

/**
 * The words of public figures' names in the election lexicon (candidates: `name` and `aliases`
 * of every `candidate/...` entry, in `election-2024.yaml` and `contests/*.yaml`). A research
 * export keeps these words when they stand alone, so that redacting a registered person called
 * "Ahmad Prabowo" does not erase the candidate the partisan label is about. Registered people's
 * full names are always removed.
 */
const HONORIFICS = new Set(['pak', 'bapak', 'ibu', 'mas', 'mbak', 'gus', 'cak', 'bung', 'kang', 'abah', 'haji']);

export async function publicNameWords(lexiconDir: string): Promise<string[]> {
  const files = [path.join(lexiconDir, 'election-2024.yaml')];
  const contests = path.join(lexiconDir, 'contests');
  for (const f of await readdir(contests).catch(() => [] as string[])) if (/\.ya?ml$/.test(f)) files.push(path.join(contests, f));
  const words = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (typeof v !== 'object' || v === null) return;
    const o = v as Record<string, unknown>;
    if (typeof o['id'] === 'string' && o['id'].startsWith('candidate/')) {
      const names = [o['name'], ...(Array.isArray(o['aliases']) ? o['aliases'] : [])].filter((x): x is string => typeof x === 'string');
      for (const n of names) for (const w of n.toLowerCase().split(/[^\p{L}]+/u)) if (w.length >= 3 && !HONORIFICS.has(w)) words.add(w);
    }
    Object.values(o).forEach(walk);
  };
  for (const f of files) {
    const text = await readFile(f, 'utf8').catch(() => null);
    if (text !== null) walk(parse(text));
  }
  return [...words].sort();
}
