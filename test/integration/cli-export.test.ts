import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideFlag } from '../../src/review/decide.ts';
import { decideSecondReview, secondReviewQueue } from '../../src/review/second-review.ts';
import { filesUnder, leaks } from '../helpers/export-fixture.ts';
import { freshCliDatabase, type CliDatabase } from '../helpers/fresh-cli-db.ts';
import { seedUser } from '../helpers/review-seed.ts';
import { runCli } from '../helpers/run-cli.ts';
import { testDialects } from '../helpers/test-db.ts';

/** Every NIP, full name and handle of the demo registry: none may reach an export. */
async function demoIdentifiers(): Promise<string[]> {
  const rows = parse(await readFile('data/demo/accounts.csv', 'utf8'), { columns: true }) as Record<string, string>[];
  return [...new Set(rows.flatMap((r) => [r['nip']!, r['name']!, r['handle']!, r['agency']!]).filter((x) => x && x.length >= 4))];
}

describe.each(testDialects())('a researcher exports the reviewed demo data on %s', (dialect) => {
  let db: CliDatabase;
  const cli = (args: string[], input?: string) => runCli(args, { env: { ...db.env, NETRA_SECOND_REVIEW_SHARE: '1' }, input });
  beforeAll(async () => {
    db = await freshCliDatabase(dialect);
    expect((await cli(['scan', '--pipeline', 'pipelines/demo.yaml', '--show', '0'])).code).toBe(0);
    // Sari reviews 30 flags: partisan ones confirmed (SKB 2), others dismissed; Budi second-reviews them blind.
    const d = await db.open();
    try {
      for (const [u, role] of [
        ['rina', 'researcher'],
        ['sari', 'analyst'],
        ['budi', 'analyst'],
        ['tono', 'supervisor'],
        ['root', 'admin'],
      ] as const)
        await seedUser(d.db, u, role);
      const users = new Map((await d.db.selectFrom('users').select(['id', 'username', 'role']).execute()).map((u) => [u.username, u]));
      const sari = users.get('sari')!;
      const flags = await d.db.selectFrom('flags').select(['id', 'version', 'labels']).orderBy('id').limit(30).execute();
      for (const f of flags) {
        const actor = { userId: sari.id, username: 'sari', role: sari.role };
        if (f.labels.includes('partisan'))
          await decideFlag(d.db, actor, { flagId: f.id, version: f.version, decision: 'confirm', skbItem: 2 });
        else await decideFlag(d.db, actor, { flagId: f.id, version: f.version, decision: 'dismiss', dismissReason: 'neutral_context' });
      }
      const budi = users.get('budi')!;
      const queue = await secondReviewQueue(d.db, budi.id, 1, 100);
      expect(queue.length).toBe(30);
      // Budi reviews twelve blind: he agrees except on the first two partisan ones, which he dismisses.
      const twelve = queue.slice(0, 12);
      const differ = twelve
        .filter((q) => q.modelLabels.includes('partisan'))
        .slice(0, 2)
        .map((q) => q.flagId);
      expect(differ).toHaveLength(2);
      const asBudi = { userId: budi.id, username: 'budi', role: budi.role };
      for (const item of twelve) {
        const confirm = item.modelLabels.includes('partisan') && !differ.includes(item.flagId);
        await decideSecondReview(
          d.db,
          asBudi,
          confirm
            ? { flagId: item.flagId, decision: 'confirm', skbItem: 2 }
            : { flagId: item.flagId, decision: 'dismiss', dismissReason: 'neutral_context' },
          1,
        );
      }
      // Tono, a supervisor, adjudicates the first disagreement.
      const tono = users.get('tono')!;
      const v = (await d.db.selectFrom('flags').select('version').where('id', '=', differ[0]!).executeTakeFirstOrThrow()).version;
      await decideFlag(
        d.db,
        { userId: tono.id, username: 'tono', role: tono.role },
        { flagId: differ[0]!, version: v, decision: 'dismiss', dismissReason: 'neutral_context' },
      );
    } finally {
      await d.close();
    }
  }, 300_000);
  afterAll(async () => db?.drop());

  it('refuses an analyst, and deleted posts to an admin without a purpose', async () => {
    const out = path.join(db.dir, 'refused');
    let r = await cli(['export', '--out', out, '--as', 'sari']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/export refused: user "sari" has the role analyst; export needs the role researcher or admin/);
    r = await cli(['export', '--out', out, '--as', 'root', '--include-deleted']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/need --purpose/);
    r = await cli(['export', '--out', out, '--as', 'rina', '--ids-only']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/ids-only export .* only by an admin/);
  });

  it('writes a dataset with a datasheet and no personal identifiers', async () => {
    const out = path.join(db.dir, 'release');
    const r = await cli([
      'export',
      '--out',
      out,
      '--as',
      'rina',
      '--reviewed-only',
      '--format',
      'jsonl,csv,parquet,label-studio',
      '--seed',
      '3',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/posts\s+30 \(train \d+, dev \d+, test \d+\); 30 with human labels/);
    const files = await filesUnder(out);
    expect(leaks(files, await demoIdentifiers())).toEqual([]);
    const readme = await readFile(path.join(out, 'README.md'), 'utf8');
    expect(readme).toMatch(/\| partisan \| 12 \| \d\.\d{3} \| -?\d\.\d{3} \|/); // kappa over 12 blind pairs
    expect(readme).toMatch(/Agreement counts: .*agreed 10/);
    expect(readme).toMatch(/disagreed 1/);
    expect(readme).toMatch(/adjudicated 1/);
    // Configured to send every flag to a second analyst; the real share in this export is what the datasheet reports.
    expect(readme).toContain('A share of flags (set to 100%)');
    expect(readme).toMatch(/export 12 of the 30 flags decided in the review app had a blind second review\s+\(40\.0%\)/);
  });

  it('brings Label Studio annotations back through the CLI', async () => {
    const tasks = JSON.parse(await readFile(path.join(db.dir, 'release', 'label-studio', 'tasks.json'), 'utf8')) as {
      id: number;
      annotations: unknown[];
    }[];
    tasks[0]!.annotations.push({
      id: 1,
      completed_by: 7,
      result: [{ from_name: 'labels', to_name: 'text', type: 'choices', value: { choices: ['abusive'] } }],
    });
    const file = path.join(db.dir, 'ls.json');
    await (await import('node:fs/promises')).writeFile(file, JSON.stringify(tasks));
    const r = await cli(['labels', 'import', file, '--from', 'label-studio', '--as', 'rina']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/Imported 1 annotation\(s\) from 30 task\(s\): 1 new, 0 changed, \d+ skipped/);
  });
});
