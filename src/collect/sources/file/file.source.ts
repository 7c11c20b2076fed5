import { readFile } from 'node:fs/promises';
import { InputFileError, UserError } from '../../../domain/errors.ts';
import type { RawPost } from '../../../domain/raw-post.ts';
import type { AccountCollection, AccountRef, CollectContext, CollectedEvidence, Source } from '../../source.ts';
import type { EvidenceStore } from '../../evidence/evidence-store.ts';
import { contentSha256 } from '../../../domain/raw-post.ts';
import { captureImages, checkImageFiles } from './file-images.ts';
import { parsePostsCsv, parsePostsJsonl, type ColumnMapping } from './file-posts.parse.ts';

export interface FileSourceOptions {
  path: string;
  format?: 'jsonl' | 'csv';
  columns?: ColumnMapping;
  platform?: string;
  /** Where the posts' local images are kept as evidence (`images` column); without it they are not kept. */
  evidenceStore?: EvidenceStore;
}

/**
 * Posts from an export file (research API dumps, other tools, the demo). The whole file is
 * validated when the source opens: one bad row stops it before anything is stored.
 */
export async function openFileSource(o: FileSourceOptions): Promise<Source> {
  let content: string;
  try {
    content = await readFile(o.path, 'utf8');
  } catch (e) {
    throw new UserError(
      `cannot read post file ${o.path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`,
    );
  }
  const format = o.format ?? (o.path.toLowerCase().endsWith('.csv') ? 'csv' : 'jsonl');
  const parseOpts = { file: o.path, ...(o.columns ? { columns: o.columns } : {}), ...(o.platform ? { platform: o.platform } : {}) };
  const { posts, problems, lines } = format === 'csv' ? parsePostsCsv(content, parseOpts) : parsePostsJsonl(content, parseOpts);
  problems.push(...(await checkImageFiles(posts, lines, o.path, o.columns?.images ?? 'images')));
  if (problems.length > 0) throw new InputFileError(problems, `${problems.length} problem(s) in ${o.path}; nothing was collected from it`);

  const lineOf = new Map(posts.map((p, i) => [p, lines[i] ?? 0]));
  const withImages = posts.some((p) => (p.images?.length ?? 0) > 0);
  const byAccount = new Map<string, RawPost[]>();
  for (const p of posts) {
    const k = `${p.platform}:${p.handle}`;
    const list = byAccount.get(k);
    if (list) list.push(p);
    else byAccount.set(k, [p]);
  }
  const claimed = new Set<string>();
  return {
    id: 'file',
    platforms: [...new Set(posts.map((p) => p.platform))],
    capturesMedia: withImages && o.evidenceStore !== undefined,
    async collectAccount(account: AccountRef, ctx?: CollectContext): Promise<AccountCollection> {
      const k = `${account.platform}:${account.handle}`;
      claimed.add(k);
      const list = byAccount.get(k) ?? [];
      // Images of new or changed posts become evidence (a re-scan of an unchanged post adds nothing).
      const evidence: CollectedEvidence[] = [];
      if (o.evidenceStore)
        for (const p of list)
          if (p.images?.length && ctx?.known?.get(p.externalId) !== contentSha256(p.text))
            evidence.push(...(await captureImages(p, o.path, o.evidenceStore, lineOf.get(p) ?? 0)));
      // A file is a complete listing only of what it contains: never infer deletions from it.
      return { status: 'ok', posts: list, complete: false, ...(evidence.length > 0 ? { evidence } : {}) };
    },
    unclaimed() {
      return [...byAccount.entries()]
        .filter(([k]) => !claimed.has(k))
        .map(([k, list]) => ({ platform: k.split(':')[0]!, handle: k.slice(k.indexOf(':') + 1), posts: list.length }));
    },
  };
}
