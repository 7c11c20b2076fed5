/**
 * Licences as the tree records them: the `SOURCE.md` beside each public data set (one bullet per
 * file: `- name.csv: ... License X ...`) and the tables of data/lexicons/README.md. Pure parsing;
 * callers read the files.
 */

/** One licence statement: which source, and its licence in the source's own words. */
export interface SourceLicence {
  source: string;
  licence: string;
}

const NAMED = /\b(CC BY(?:-(?:NC|SA|ND))*(?: \d\.\d)?|CC0(?: 1\.0)?|Apache-2\.0|MIT|GPL-\d\.\d|BSD-\d-Clause)\b/g;

/** The licence a SOURCE.md bullet states, in short: named licences, "not stated", and any use restriction it gives. */
export function licenceOfStatement(text: string): string {
  const named = [...new Set([...text.matchAll(NAMED)].map((m) => m[1]!))];
  const notStated = /licen[cs]e not stated|licen[cs]e is not stated|no (?:stated )?licen[cs]e/i.test(text);
  const use = /(?:personal\/)?research use(?: only)?|cite the paper/i.exec(text)?.[0];
  let out = notStated || named.length === 0 ? 'not stated' : named.join(', ');
  if (notStated && named.length) out += ` (elsewhere named as ${named.join(', ')})`;
  if (use) out += `; ${use}`;
  return out;
}

/** The bullets of a SOURCE.md: the file names each starts with (`a.csv, b.csv:` or `folder/:` or `stance-*.csv:`), and its text. */
export function parseSourceMd(text: string): { names: string[]; text: string }[] {
  const out: { names: string[]; text: string }[] = [];
  for (const line of text.split('\n')) {
    const m = /^- ([^:]+?):\s(.*)$/.exec(line.trim());
    if (!m) continue;
    const names = m[1]!
      .split(',')
      .map((s) => s.trim())
      .filter((s) => /[\w*]\.(?:csv|tsv|json|jsonl|txt)$|\/$/.test(s));
    if (names.length) out.push({ names, text: m[2]! });
  }
  return out;
}

const globToRe = (g: string) => new RegExp(`^${g.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);

/** The licence SOURCE.md gives a file (`name` relative to the SOURCE.md's folder), or null when no bullet names it. */
export function licenceInSourceMd(text: string, name: string): string | null {
  for (const b of parseSourceMd(text))
    for (const n of b.names) if (n.endsWith('/') ? name.startsWith(n) : globToRe(n).test(name)) return licenceOfStatement(b.text);
  return null;
}

/**
 * The rows of data/lexicons/README.md's file tables: each file with its sources (and licences)
 * as the README states them (a derived table's notes on cleaning left out).
 */
export function parseLexiconReadme(text: string): SourceLicence[] {
  const out: SourceLicence[] = [];
  for (const line of text.split('\n')) {
    const m = /^\| `([^`]+)` \|.*\| ([^|]*) \|$/.exec(line);
    if (!m || m[1] === 'VERSION') continue;
    const cell = m[2]!.trim();
    if (!cell) continue;
    out.push({ source: m[1]!, licence: cell.split(/\s+Cleaning:/)[0]! });
  }
  return out;
}
