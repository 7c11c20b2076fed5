import { readFile } from 'node:fs/promises';
import { InputFileError, UserError } from '../../../domain/errors.ts';
import type { RawPost } from '../../../domain/raw-post.ts';
import type { AccountCollection, AccountRef, Source } from '../../source.ts';
import { parsePostsCsv, parsePostsJsonl, type ColumnMapping } from './file-posts.parse.ts';

export interface FileSourceOptions {
  path: string;
  format?: 'jsonl' | 'csv';
  columns?: ColumnMapping;
  platform?: string;
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
  const { posts, problems } = format === 'csv' ? parsePostsCsv(content, parseOpts) : parsePostsJsonl(content, parseOpts);
  if (problems.length > 0) throw new InputFileError(problems, `${problems.length} problem(s) in ${o.path}; nothing was collected from it`);

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
    async collectAccount(account: AccountRef): Promise<AccountCollection> {
      const k = `${account.platform}:${account.handle}`;
      claimed.add(k);
      // A file is a complete listing only of what it contains: never infer deletions from it.
      return { status: 'ok', posts: byAccount.get(k) ?? [], complete: false };
    },
    unclaimed() {
      return [...byAccount.entries()]
        .filter(([k]) => !claimed.has(k))
        .map(([k, list]) => ({ platform: k.split(':')[0]!, handle: k.slice(k.indexOf(':') + 1), posts: list.length }));
    },
  };
}
