import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportDataset, type ExportOptions } from '../../src/export/export-dataset.ts';
import type { DatasetRow } from '../../src/export/dataset-row.ts';
import { importLabelStudio } from '../../src/export/label-studio-import.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { filesUnder, leaks, scanExportFixture, SEEDED_IDENTIFIERS } from '../helpers/export-fixture.ts';
import { openTestDb, testDialects, type TestDb } from '../helpers/test-db.ts';

const readJsonl = async (f: string) =>
  (await readFile(f, 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as DatasetRow);

describe.each(testDialects())('research export on %s', (dialect) => {
  let t: TestDb;
  let tmp: string;
  const opts = (out: string, extra: Partial<ExportOptions> = {}): ExportOptions => ({
    outDir: path.join(tmp, out),
    filter: {},
    formats: ['jsonl', 'csv', 'parquet'],
    labelStudio: true,
    idsOnly: false,
    time: 'week',
    seed: 7,
    actor: 'user:rina',
    purpose: null,
    netraVersion: '0.0.0-test',
    logger: silentLogger(),
    ...extra,
  });
  const allRows = async (out: string) =>
    (await Promise.all(['train', 'dev', 'test'].map((s) => readJsonl(path.join(tmp, out, 'data', `${s}.jsonl`))))).flat();
  /** pseudonym -> post id, from what netra recorded about a release. */
  const releasePosts = async (release: string) =>
    new Map(
      (await t.db.selectFrom('export_release_posts').select(['pseudonym', 'post_id']).where('release_id', '=', release).execute()).map(
        (r) => [r.pseudonym, r.post_id],
      ),
    );

  beforeAll(async () => {
    t = await openTestDb(dialect);
    tmp = await mkdtemp(path.join(os.tmpdir(), 'netra-export-'));
    await scanExportFixture(t);
    // People decided some flags; one post was deleted by its author.
    const flags = await t.db.selectFrom('flags').select(['id', 'post_id']).orderBy('id').execute();
    expect(flags.length).toBeGreaterThan(10);
    await t.db
      .updateTable('flags')
      .set({ status: 'confirmed' })
      .where(
        'id',
        'in',
        flags.filter((_, i) => i % 3 === 0).map((f) => f.id),
      )
      .execute();
    await t.db
      .updateTable('flags')
      .set({ status: 'dismissed' })
      .where(
        'id',
        'in',
        flags.filter((_, i) => i % 3 === 1).map((f) => f.id),
      )
      .execute();
    await t.db.updateTable('posts').set({ deleted_at: new Date() }).where('id', '=', flags[2]!.post_id).execute();
  });
  afterAll(async () => {
    await t?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('writes splits in every format, a datasheet and a manifest whose hashes match', async () => {
    const r = await exportDataset(t.db, opts('full', { saveKeyTo: path.join(tmp, 'keys', 'full.key') }));
    expect(r.stats.rows).toBe(59); // 60 posts, one deleted
    const files = await filesUnder(r.outDir);
    const names = files.map((f) => f.rel).sort();
    for (const s of ['train', 'dev', 'test'])
      for (const f of ['jsonl', 'csv', 'parquet']) expect(names).toContain(path.join('data', `${s}.${f}`));
    expect(names).toEqual(
      expect.arrayContaining([
        'README.md',
        'manifest.json',
        path.join('label-studio', 'tasks.json'),
        path.join('label-studio', 'config.xml'),
      ]),
    );
    const manifest = JSON.parse(await readFile(path.join(r.outDir, 'manifest.json'), 'utf8'));
    for (const f of manifest.files) {
      const bytes = files.find((x) => x.rel === f.path)!.bytes;
      expect(createHash('sha256').update(bytes).digest('hex'), f.path).toBe(f.sha256);
    }
    expect(manifest).toMatchObject({
      netra_version: '0.0.0-test',
      seed: 7,
      versions: { classifiers: ['fake-1'], lexicon: ['lex-test'] },
      counts: { rows: 59 },
    });
    const readme = await readFile(path.join(r.outDir, 'README.md'), 'utf8');
    expect(readme).toMatch(/^---\n[\s\S]*task_categories:[\s\S]*- split: validation\n {4}path: data\/dev\.jsonl[\s\S]*\n---\n/);
    for (const h of [
      '## Motivation',
      '## Composition',
      '### Human labels per split',
      '## Labels',
      '### partisan (keberpihakan; pledge clause 2)',
      '## Annotation process and agreement',
      "Cohen's kappa",
      '## Known biases',
      // Every section of Datasheets for Datasets (Gebru et al.).
      '## Collection process',
      '## Preprocessing, cleaning and labelling',
      '## Uses',
      '## Distribution',
      '## Maintenance',
    ])
      expect(readme).toContain(h);
    // Every source licence the rows and labels derive from: the platforms' terms, each lexicon's and claim set's.
    expect(readme).toMatch(/x \(\d+ posts\): X Terms of Service/);
    expect(readme).toMatch(/`abusive\.tsv`: .*CC BY-NC-SA 4\.0/);
    expect(readme).toMatch(/`slang-id\.tsv`: .*MIT.*license not stated; cite the paper/);
    expect(readme).toMatch(/`hate-targets\.yaml`: /);
    // The counts table says what the files hold.
    const rows = await allRows('full');
    const reviewedPartisanTrain = rows.filter((x) => x.split === 'train' && x.labels?.includes('partisan')).length;
    expect(readme).toMatch(new RegExp(`\\| partisan \\| ${reviewedPartisanTrain} \\|`));
  });

  it('leaves no seeded identifier and not the key in any file', async () => {
    const out = path.join(tmp, 'full');
    const files = await filesUnder(out);
    expect(leaks(files, SEEDED_IDENTIFIERS)).toEqual([]);
    const key = JSON.parse(await readFile(path.join(tmp, 'keys', 'full.key'), 'utf8')).hmac_sha256_key_hex as string;
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(leaks(files, [key, Buffer.from(key, 'hex').toString('base64')])).toEqual([]);
    // The text was redacted, not dropped: placeholders stand where identifiers were.
    const rows = await allRows('full');
    const all = rows.map((r) => r.text).join('\n');
    for (const p of ['PERSON', 'NIP', 'NIK', 'PHONE', 'EMAIL', 'USER', 'URL']) expect(all).toContain(p);
    expect(all).toContain('#coblos02');
  });

  it('pseudonymises consistently within a release, keeps people in one split, coarsens time and place', async () => {
    const rows = await allRows('full');
    const posts = await releasePosts(JSON.parse(await readFile(path.join(tmp, 'full', 'manifest.json'), 'utf8')).release);
    expect(posts.size).toBe(rows.length);
    const splitOf = new Map<string, string>();
    for (const r of rows) {
      expect(r.id).toMatch(/^p_[0-9a-f]{20}$/);
      expect(r.person).toMatch(/^u_[0-9a-f]{20}$/);
      expect(r.time).toMatch(/^2024-W\d{2}$/);
      expect(['Jawa Timur', 'Jawa Barat', 'Sulawesi Selatan', 'Kalimantan Barat']).toContain(r.province);
      const prev = splitOf.get(r.person!);
      if (prev) expect(r.split).toBe(prev);
      splitOf.set(r.person!, r.split);
    }
    // Wahyu's two accounts are one person.
    const wahyu = await t.db
      .selectFrom('accounts')
      .select('id')
      .where('handle', 'in', ['wahyu_kusuma87', 'wahyu.kusumaningrum.77'])
      .execute();
    const wahyuPosts = await t.db
      .selectFrom('posts')
      .select('id')
      .where(
        'account_id',
        'in',
        wahyu.map((a) => a.id),
      )
      .execute();
    const pseudo = new Set(rows.filter((r) => wahyuPosts.some((p) => p.id === posts.get(r.id))).map((r) => r.person));
    expect(pseudo.size).toBe(1);
  });

  it('gives the same splits with the same seed, and new pseudonyms every release', async () => {
    const a = await exportDataset(t.db, opts('again', { formats: ['jsonl'], labelStudio: false }));
    const first = await releasePosts(JSON.parse(await readFile(path.join(tmp, 'full', 'manifest.json'), 'utf8')).release);
    const second = await releasePosts(a.releaseId);
    const byPost = (m: Map<string, number>, rows: DatasetRow[]) => new Map(rows.map((r) => [m.get(r.id)!, r.split]));
    const s1 = byPost(first, await allRows('full'));
    const s2 = byPost(second, await allRows('again'));
    expect([...s2.entries()].sort()).toEqual([...s1.entries()].sort());
    expect([...second.keys()].some((k) => first.has(k))).toBe(false);
  });

  it('reads Parquet and CSV back to the same rows as JSON Lines', async () => {
    const jsonl = await readJsonl(path.join(tmp, 'full', 'data', 'train.jsonl'));
    const buf = await readFile(path.join(tmp, 'full', 'data', 'train.parquet'));
    const pq = (await parquetReadObjects({ file: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) })) as Record<
      string,
      unknown
    >[];
    expect(pq).toHaveLength(jsonl.length);
    pq.forEach((p, i) => {
      const j = jsonl[i]!;
      expect(p['id']).toBe(j.id);
      expect(p['text']).toBe(j.text);
      expect(p['score_partisan']).toBeCloseTo(j.scores['partisan']!, 6);
      expect(p['label_partisan']).toBe(j.labels === null ? null : j.labels.includes('partisan') ? 1 : 0);
      expect(p['deleted']).toBe(false);
    });
    const csv = await readFile(path.join(tmp, 'full', 'data', 'train.csv'), 'utf8');
    expect(csv.split('\r\n')[0]).toMatch(/^id,split,text,platform,time,province,account,person,labels,label_partisan,/);
    expect(csv.trim().split('\r\n')).toHaveLength(jsonl.length + 1);
  });

  it('filters by status, label, platform, date and reviewed-only', async () => {
    const r = await exportDataset(
      t.db,
      opts('filtered', {
        formats: ['jsonl'],
        labelStudio: false,
        filter: { reviewedOnly: true, platforms: ['x'], from: '2024-01-05', to: '2024-02-20', labels: ['partisan', 'money_politics'] },
      }),
    );
    const rows = await allRows('filtered');
    expect(rows.length).toBe(r.stats.rows);
    expect(rows.length).toBeGreaterThan(0);
    for (const x of rows) {
      expect(x.labels).not.toBeNull();
      expect(x.platform).toBe('x');
      expect(['confirmed', 'dismissed']).toContain(x.flag_status);
      expect(x.model_labels.some((l) => l === 'partisan' || l === 'money_politics')).toBe(true);
    }
    const unflagged = await exportDataset(
      t.db,
      opts('unflagged', { formats: ['jsonl'], labelStudio: false, filter: { statuses: ['unflagged'] } }),
    );
    expect((await allRows('unflagged')).every((x) => x.flag_status === null && x.model_labels.length === 0)).toBe(true);
    expect(unflagged.stats.rows).toBeGreaterThan(0);
  });

  it('includes deleted posts only when asked; ids-only drops the text', async () => {
    const withDeleted = await exportDataset(
      t.db,
      opts('deleted', {
        formats: ['jsonl'],
        labelStudio: false,
        filter: { includeDeleted: true },
        purpose: 'study of deleted partisan posts',
      }),
    );
    expect(withDeleted.stats.rows).toBe(60);
    expect(withDeleted.stats.deleted).toBe(1);
    const ids = await exportDataset(t.db, opts('ids', { formats: ['jsonl', 'csv'], labelStudio: false, idsOnly: true }));
    const rows = await allRows('ids');
    expect(rows.every((x) => x.text === undefined && /^\d+$/.test(x.platform_post_id!))).toBe(true);
    const files = await filesUnder(ids.outDir);
    expect(
      leaks(
        files,
        SEEDED_IDENTIFIERS.filter((s) => !/^\d{12,}$/.test(s)),
      ),
    ).toEqual([]);
    const idsReadme = await readFile(path.join(ids.outDir, 'README.md'), 'utf8');
    expect(idsReadme).toMatch(/Warning: ids-only export, admin use only/);
    expect(idsReadme).toMatch(/Releases can still be joined\*\*:\s+platform post ids/);
    const fullReadme = await readFile(path.join(tmp, 'full', 'README.md'), 'utf8');
    const decided = (await allRows('full')).filter((r) =>
      r.annotations.some((a) => a.source === 'review' && a.round === 1 && ['confirm', 'dismiss'].includes(a.decision)),
    ).length;
    expect(decided).toBeGreaterThan(0);
    expect(fullReadme).toMatch(
      new RegExp(`export 0 of the ${decided} flags decided in the review app had a blind second review\\s+\\(0\\.0%\\)`),
    );
    expect(fullReadme).not.toMatch(/Warning: ids-only|cannot be joined/);
    expect(fullReadme).toMatch(/Releases can still be joined\*\*:\s+a post's redacted text is the same/);
    await expect(exportDataset(t.db, opts('ids2', { idsOnly: true, filter: { includeDeleted: true } }))).rejects.toThrow(
      /honour deletions/,
    );
  });

  it('refuses a non-empty folder and a key file inside the export', async () => {
    await expect(exportDataset(t.db, opts('full'))).rejects.toThrow(/not empty/);
    await expect(exportDataset(t.db, opts('k', { saveKeyTo: path.join(tmp, 'k', 'key.json') }))).rejects.toThrow(
      /inside the export folder/,
    );
  });

  it('records every export in the audit log and the releases table', async () => {
    const audit = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'export.created').execute();
    expect(audit.length).toBeGreaterThanOrEqual(5);
    expect(audit[0]).toMatchObject({ actor: 'user:rina', entity_type: 'export' });
    const deleted = audit.find((a) => (a.context as { purpose?: string } | null)?.purpose === 'study of deleted partisan posts');
    expect(deleted).toBeDefined();
    expect(await t.db.selectFrom('export_releases').select('id').execute()).toHaveLength(audit.length);
  });

  it('round-trips annotations through Label Studio', async () => {
    const tasks = JSON.parse(await readFile(path.join(tmp, 'full', 'label-studio', 'tasks.json'), 'utf8')) as {
      id: number;
      data: { text: string; netra_id: string };
      predictions: { result: { value: { choices: string[] } }[] }[];
      annotations: unknown[];
    }[];
    expect(tasks).toHaveLength(59);
    expect(tasks.some((x) => x.predictions[0]!.result[0]!.value.choices.includes('partisan'))).toBe(true);
    expect(tasks.some((x) => x.annotations.length > 0)).toBe(true);
    // A research team annotates three unreviewed posts (Label Studio adds its own annotation records).
    const unreviewed = (await allRows('full'))
      .filter((r) => r.labels === null)
      .slice(0, 3)
      .map((r) => r.id);
    const annotated = tasks.map((task) =>
      unreviewed.includes(task.data.netra_id)
        ? {
            ...task,
            annotations: [
              ...task.annotations,
              {
                id: 900 + task.id,
                completed_by: { id: 4, email: 'peneliti.satu@kampus.example' },
                created_at: '2026-12-01T10:00:00Z',
                result: [{ from_name: 'labels', to_name: 'text', type: 'choices', value: { choices: ['hate'] } }],
              },
            ],
          }
        : task,
    );
    const file = path.join(tmp, 'ls-export.json');
    await writeFile(file, JSON.stringify(annotated));
    const r = await importLabelStudio(t, file, 'user:rina');
    expect(r).toMatchObject({ annotations: 3, inserted: 3, updated: 0 });
    expect((await importLabelStudio(t, file, 'user:rina')).inserted).toBe(0); // idempotent
    const stored = await t.db.selectFrom('post_annotations').selectAll().execute();
    expect(stored.map((s) => s.provenance)).toEqual(Array(3).fill('label-studio:peneliti.satu@kampus.example'));

    const again = await exportDataset(t.db, opts('after-ls', { formats: ['jsonl'], labelStudio: false }));
    const rows = await allRows('after-ls');
    const fromLs = rows.filter((x) => x.label_source === 'label-studio');
    expect(fromLs).toHaveLength(3);
    expect(fromLs.every((x) => x.labels!.join() === 'hate' && x.annotations[0]!.annotator.startsWith('n_'))).toBe(true);
    expect(leaks(await filesUnder(again.outDir), ['peneliti.satu', 'kampus.example'])).toEqual([]);
  });

  it('rejects a bad Label Studio file naming the task and field, storing nothing', async () => {
    const tasks = JSON.parse(await readFile(path.join(tmp, 'full', 'label-studio', 'tasks.json'), 'utf8')) as Record<string, unknown>[];
    const bad = [
      { ...tasks[0], annotations: [{ id: 1, completed_by: 3, result: [{ from_name: 'labels', value: { choices: ['hatee'] } }] }] },
      { ...tasks[1], data: { text: 'x', netra_id: 'p_00000000000000000000' }, annotations: [{ id: 2, completed_by: 3, result: [] }] },
    ];
    const file = path.join(tmp, 'bad.json');
    await writeFile(file, JSON.stringify(bad));
    const before = await t.db.selectFrom('post_annotations').select('id').execute();
    await expect(importLabelStudio(t, file, 'user:rina')).rejects.toThrow(/task 1: "hatee" is not a label/);
    await writeFile(file, JSON.stringify(bad.slice(1)));
    await expect(importLabelStudio(t, file, 'user:rina')).rejects.toThrow(/\[0\]\.data\.netra_id.*not a post of any export/);
    expect(await t.db.selectFrom('post_annotations').select('id').execute()).toHaveLength(before.length);
  });
  it('keeps every remaining post in its split when posts are deleted (the person picks the split)', async () => {
    const before = await exportDataset(t.db, opts('stable-before', { formats: ['jsonl'], labelStudio: false, seed: 11 }));
    const posts = await t.db.selectFrom('posts').select('id').where('deleted_at', 'is', null).orderBy('id').execute();
    const gone = posts.filter((_, i) => i % 4 === 1).map((p) => p.id);
    await t.db.updateTable('posts').set({ deleted_at: new Date() }).where('id', 'in', gone).execute();
    const after = await exportDataset(t.db, opts('stable-after', { formats: ['jsonl'], labelStudio: false, seed: 11 }));
    const byPost = async (release: string, out: string) => {
      const m = await releasePosts(release);
      return new Map((await allRows(out)).map((r) => [m.get(r.id)!, r.split]));
    };
    const s1 = await byPost(before.releaseId, 'stable-before');
    const s2 = await byPost(after.releaseId, 'stable-after');
    expect(s2.size).toBe(s1.size - gone.length);
    for (const [post, split] of s2) expect(split, `post ${post}`).toBe(s1.get(post));
    await t.db.updateTable('posts').set({ deleted_at: null }).where('id', 'in', gone).execute();
  });

  it('saves the key 0600 and refuses a key path that is a link', async () => {
    await symlink(path.join(tmp, 'somewhere.json'), path.join(tmp, 'link.key'));
    await expect(exportDataset(t.db, opts('linked', { saveKeyTo: path.join(tmp, 'link.key') }))).rejects.toThrow(/symbolic link/);
    expect((await stat(path.join(tmp, 'keys', 'full.key'))).mode & 0o777).toBe(0o600);
  });
});
