import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface ScanFixtureOptions {
  accounts: number;
  postsPerAccount: number;
  /** Extra top-level YAML for the pipeline (jobs:, schedule:, collect:). */
  extraYaml?: string;
  name?: string;
}

export interface ScanFixture {
  pipelineFile: string;
  /** Every post's text, in file order. */
  texts: string[];
  posts: number;
}

/** Texts of the demo posts (invented for netra): realistic Indonesian posts to cycle through. */
function demoTexts(): string[] {
  return readFileSync(path.resolve('data/demo/posts.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { text: string }).text);
}

/**
 * A registry of `accounts` invented x accounts and a JSONL file with `postsPerAccount` posts each
 * (texts cycled from the demo posts, each made unique), plus a pipeline scanning them from the file.
 */
export async function writeScanFixture(dir: string, o: ScanFixtureOptions): Promise<ScanFixture> {
  await mkdir(dir, { recursive: true });
  const base = demoTexts();
  const reg = ['nip,name,agency,position,region,province,employment_type,platform,handle,profile_url,link_source,link_confidence,tags'];
  const lines: string[] = [];
  const texts: string[] = [];
  const t0 = Date.parse('2024-01-02T08:00:00+07:00');
  for (let a = 0; a < o.accounts; a++) {
    const handle = `asn_${String(a).padStart(5, '0')}`;
    reg.push(
      `19800101200501${String(a).padStart(4, '0')},Pegawai ${a},Dinas Uji ${a % 7},Staf,Kabupaten Uji ${a % 5},Jawa Tengah,PNS,x,${handle},,bio menyebut jabatan,0.9,uji`,
    );
    for (let p = 0; p < o.postsPerAccount; p++) {
      const n = a * o.postsPerAccount + p;
      const text = `${base[n % base.length]} (${n})`;
      texts.push(text);
      const id = String(1_750_000_000_000_000_000n + BigInt(n));
      lines.push(
        JSON.stringify({
          platform: 'x',
          external_id: id,
          handle,
          url: `https://x.com/${handle}/status/${id}`,
          text,
          posted_at: new Date(t0 + n * 60_000).toISOString(),
        }),
      );
    }
  }
  await writeFile(path.join(dir, 'accounts.csv'), `${reg.join('\n')}\n`);
  await writeFile(path.join(dir, 'posts.jsonl'), `${lines.join('\n')}\n`);
  const pipelineFile = path.join(dir, 'pipeline.yaml');
  await writeFile(
    pipelineFile,
    [
      `name: ${o.name ?? 'fixture'}`,
      'registry: accounts.csv',
      'sources:',
      '  - kind: file',
      '    path: posts.jsonl',
      o.extraYaml ?? '',
    ].join('\n'),
  );
  return { pipelineFile, texts, posts: lines.length };
}
