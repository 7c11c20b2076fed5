import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportDataset } from '../../src/export/export-dataset.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { scanExportFixture } from '../helpers/export-fixture.ts';
import { openTestDb, testDialects, type TestDb } from '../helpers/test-db.ts';

const GEBRU = [
  '## Motivation',
  '## Composition',
  '## Collection process',
  '## Preprocessing, cleaning and labelling',
  '## Uses',
  '## Distribution',
  '## Maintenance',
];

describe.each(testDialects())("a release's datasheet on %s", (dialect) => {
  let t: TestDb;
  let tmp: string;
  beforeAll(async () => {
    t = await openTestDb(dialect);
    tmp = await mkdtemp(path.join(os.tmpdir(), 'netra-datasheet-'));
    await scanExportFixture(t);
    // The posts were scored by a partisan model whose metadata records two training files with their licences.
    await t.db
      .updateTable('classifications')
      .set({ model_versions: JSON.stringify({ partisan: 'v-lic' }) })
      .execute();
    const models = path.join(tmp, 'models');
    await mkdir(path.join(models, 'partisan', 'v-lic'), { recursive: true });
    const meta = JSON.parse(
      await readFile(`models/partisan/${(await readFile('models/partisan/CURRENT', 'utf8')).trim()}/metadata.json`, 'utf8'),
    ) as { version: string; training: { dataFiles: unknown[] } };
    meta.version = 'v-lic';
    meta.training.dataFiles = [
      { path: 'hate-abusive/ibrohim2019-multilabel-train.csv', sha256: 'a', rows: 10, licence: 'CC BY-NC-SA 4.0' },
      { path: 'ordinary/emot-emotion-tweets.csv', sha256: 'b', rows: 5, licence: 'Apache-2.0' },
    ];
    await writeFile(path.join(models, 'partisan', 'v-lic', 'metadata.json'), JSON.stringify(meta));
    // Hoax scores were matched against TurnBackHoax claims and netra's own write-ups.
    for (const [source, id] of [
      ['turnbackhoax', '1'],
      ['netra', 'tbh-1'],
    ] as const)
      await t.db
        .insertInto('claims')
        .values({
          source,
          source_id: id,
          title: 'klaim',
          claim_text: 'klaim palsu',
          normalised_text: 'klaim',
          nlp_version: 'x',
          category: null,
          debunk_url: null,
          published_on: null,
          content_sha256: '0',
          updated_at: new Date(),
        })
        .execute();
  });
  afterAll(async () => {
    await t?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('has every section of Datasheets for Datasets and every source licence the rows and labels derive from', async () => {
    const r = await exportDataset(t.db, {
      outDir: path.join(tmp, 'release'),
      filter: {},
      formats: ['jsonl'],
      labelStudio: false,
      idsOnly: false,
      time: 'week',
      seed: 3,
      actor: 'user:rina',
      purpose: null,
      netraVersion: '0.0.0-test',
      logger: silentLogger(),
      sourceDirs: { modelsDir: path.join(tmp, 'models'), lexiconDir: 'data/lexicons' },
      retainExportsDays: 180,
    });
    const readme = await readFile(path.join(r.outDir, 'README.md'), 'utf8');
    const at = GEBRU.map((h) => readme.indexOf(`\n${h}\n`));
    expect(
      at.every((i) => i > 0),
      JSON.stringify(at),
    ).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at); // in Gebru et al.'s order
    // Platforms' terms for the collected posts.
    const platforms = [...new Set((await t.db.selectFrom('posts').select('platform').execute()).map((p) => p.platform))];
    expect(platforms.length).toBeGreaterThan(1);
    for (const p of platforms) expect(readme).toMatch(new RegExp(`- ${p} \\(\\d+ posts\\): .*Terms of (Service|Use)`));
    // Each training file's licence of the model behind the scores.
    expect(readme).toContain(
      'partisan v-lic: `hate-abusive/ibrohim2019-multilabel-train.csv` (CC BY-NC-SA 4.0); `ordinary/emot-emotion-tweets.csv` (Apache-2.0)',
    );
    // Each lexicon and claim set.
    expect(readme).toMatch(/`abusive\.tsv`: .*CC BY-NC-SA 4\.0/);
    expect(readme).toMatch(/`emoji-id\.tsv`: .*license not stated/);
    expect(readme).toContain('turnbackhoax (1 claims): content from turnbackhoax.id (Mafindo); licence not stated');
    expect(readme).toContain("netra (1 claims): netra's own short write-ups");
    // Maintenance says how long netra keeps the mapping.
    expect(readme).toMatch(/for 180 days \(then retention removes it/);
  });

  it('says releases can be joined on text, which is true: every redacted text of one release recurs in the other', async () => {
    const texts = async (dir: string) =>
      (await readFile(path.join(dir, 'data', 'train.jsonl'), 'utf8'))
        .split('\n')
        .filter(Boolean)
        .concat(
          ...(await Promise.all(
            ['dev', 'test'].map(async (sp) => (await readFile(path.join(dir, 'data', `${sp}.jsonl`), 'utf8')).split('\n').filter(Boolean)),
          )),
        )
        .map((l) => (JSON.parse(l) as { text: string }).text);
    const release = async (name: string, seed: number) =>
      exportDataset(t.db, {
        outDir: path.join(tmp, name),
        filter: {},
        formats: ['jsonl'],
        labelStudio: false,
        idsOnly: false,
        time: 'week',
        seed,
        actor: 'user:rina',
        purpose: null,
        netraVersion: '0.0.0-test',
        logger: silentLogger(),
      });
    const a = await texts((await release('join-a', 1)).outDir);
    const b = await texts((await release('join-b', 2)).outDir);
    const count = (xs: string[]) => xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<string, number>());
    const ca = count(a);
    const cb = count(b);
    // Every redacted text recurs in the other release as often as in this one (the fixture repeats
    // texts across accounts, so here matches are many-to-many; on real posts most are one-to-one).
    expect([...ca].every(([x, n]) => cb.get(x) === n)).toBe(true);
    const readme = await readFile(path.join(tmp, 'join-a', 'README.md'), 'utf8');
    expect(readme).toMatch(/\*\*Releases can still be joined\*\*/);
  });
});
