import path from 'node:path';
import { mulberry32 } from '../../domain/seeded-random.ts';
import { exclusionKey } from '../../nlp/lexicon-build/corpus-counts.ts';
import { hatePart, type SourcePart, type SourceRow } from './hate-sources.ts';
import { readCsvRecords } from './training-file.ts';

/**
 * A SYNTHETIC long-post set for hate and abusive (issue 11: "one hateful sentence in a long
 * Facebook post is diluted"). netra has no labelled long Facebook posts, so this builds them:
 * pieces of 80-250 words of Kompasiana blog articles on political figures
 * (`election/stance-blogs-*.csv`, Jannati et al. 2018), each with ONE short post inserted at a
 * sentence boundary, taken from the same part (dev or test) of the public hate sets:
 * - a post that is hate by labels.md (identity target; hate 1, abusive as the post's label);
 * - an abusive post that is not hate (hate 0, abusive 1);
 * - an ordinary post of those sets (hate 0, abusive 0): the inserted register alone is no cue;
 * - nothing inserted (hate 0, abusive 0).
 * Articles are dealt into parts by the same hash as the sources (hatePart on the article text),
 * so a dev article and a test post never meet. The articles themselves were not labelled: a few
 * discuss SARA issues in strong words, so some "0" rows may be hate by a strict reading.
 */
export interface LongPost {
  id: string;
  text: string;
  /** [hate, abusive] */
  y: number[];
  kind: 'hate' | 'abusive' | 'ordinary' | 'none';
}

const BLOGS = [
  { file: 'election/stance-blogs-2016-3label.csv', text: 'content', title: 'title', delimiter: ',' },
  { file: 'election/stance-blogs-2018-2label.csv', text: 'Isi Artikel', title: 'Judul Artikel', delimiter: ';' },
];

/** Paragraphs of a blog article (stored as a JSON list of paragraphs, or plain text). */
function paragraphs(content: string): string[] {
  try {
    const v = JSON.parse(content) as unknown;
    if (Array.isArray(v)) return v.map(String).filter((p) => p.trim());
  } catch {
    /* plain text */
  }
  return content.split(/\n+/).filter((p) => p.trim());
}

/** Sentences of a paragraph (split after . ! ? followed by a space). */
function sentences(p: string): string[] {
  return p.split(/(?<=[.!?])\s+/).filter((s) => s.trim());
}

/** A short post made presentable inside a long one: USER/URL placeholders and a leading RT dropped. */
function tidy(t: string): string {
  return t.replace(/\bRT\b:?/g, ' ').replace(/\b(USER|URL)\b/g, ' ').replace(/\s+/g, ' ').trim();
}

const wordCount = (s: string) => s.split(/\s+/).filter(Boolean).length;

/** Blog articles of one part, de-duplicated (the two files share about 200 articles). */
export function blogArticles(dataDir: string, part: SourcePart): string[][] {
  const seen = new Set<string>();
  const out: string[][] = [];
  for (const b of BLOGS) {
    const { rows } = readCsvRecords(path.join(dataDir, b.file), [b.text, b.title], { delimiter: b.delimiter });
    for (const r of rows) {
      const paras = paragraphs(r[b.text] ?? '');
      const whole = paras.join('\n');
      const key = exclusionKey(r[b.title] ?? '') || exclusionKey(whole).slice(0, 200);
      if (!key || seen.has(key) || wordCount(whole) < 120) continue;
      seen.add(key);
      if (hatePart(whole) === part) out.push(paras.flatMap(sentences));
    }
  }
  return out;
}

/**
 * The synthetic long posts of one part: up to `perArticle` pieces per article, the kinds in
 * turn, the inserted posts drawn (seeded) from `posts` (rows of the same part of the public sets).
 */
export function buildLongPosts(dataDir: string, part: SourcePart, posts: readonly SourceRow[], o: { seed?: number; perArticle?: number } = {}): LongPost[] {
  const rnd = mulberry32((o.seed ?? 20240214) + (part === 'test' ? 7 : 3));
  const usable = (r: SourceRow) => r.mask[0] === 1 && r.mask[1] === 1 && wordCount(tidy(r.text)) >= 4 && !r.text.includes('\n');
  const pools = {
    hate: posts.filter((r) => usable(r) && r.y[0] === 1),
    abusive: posts.filter((r) => usable(r) && r.y[0] === 0 && r.y[1] === 1),
    ordinary: posts.filter((r) => usable(r) && r.y[0] === 0 && r.y[1] === 0 && r.ibrohimHS !== 1),
  };
  const kinds: LongPost['kind'][] = ['hate', 'abusive', 'ordinary', 'none'];
  const out: LongPost[] = [];
  let turn = 0;
  const articles = blogArticles(dataDir, part);
  articles.forEach((sents, a) => {
    let start = 0;
    for (let piece = 0; piece < (o.perArticle ?? 4) && start < sents.length; piece++) {
      const body: string[] = [];
      let words = 0;
      let i = start;
      for (; i < sents.length && words < 80 + Math.floor(rnd() * 170); i++) {
        body.push(sents[i]!);
        words += wordCount(sents[i]!);
      }
      start = i;
      if (words < 80) break;
      const kind = kinds[turn++ % kinds.length]!;
      let y = [0, 0];
      if (kind !== 'none') {
        const pool = pools[kind];
        if (pool.length === 0) continue;
        const post = pool[Math.floor(rnd() * pool.length)]!;
        body.splice(1 + Math.floor(rnd() * (body.length - 1)), 0, tidy(post.text));
        y = kind === 'hate' ? [1, post.y[1]!] : kind === 'abusive' ? [0, 1] : [0, 0];
      }
      out.push({ id: `long-${part}:${a + 1}.${piece + 1}`, text: body.join(' '), y, kind });
    }
  });
  return out;
}
