import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { licenceInSourceMd, parseLexiconReadme } from '../../../src/domain/source-licence.ts';
import { modelTrainingData } from '../../../src/training/model-card/card-licences.ts';
import { withLicences } from '../../../src/training/training-licences.ts';

const SOURCE_MD = `# Hate speech
- ibrohim2019-multilabel-train.csv: Ibrohim & Budi 2019. Public repo x. License CC BY-NC-SA 4.0. Duplicates removed.
- netifier-4label.csv: Netifier. License not stated in the repo (listed elsewhere as CC BY-NC-SA 4.0).
- local-javanese-abusive-hate.csv, local-sundanese-abusive-hate.csv: tweets. License not stated; research use.
- tweets-2022/: tweets, repo y.
- emot.csv: tweets (repo IndoNLP/indonlu, Apache-2.0). Masked.
Never copy these files into the project repository.
`;

describe('training data licences', () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'netra-licences-'));
    await mkdir(path.join(tmp, 'datasets', 'hate'), { recursive: true });
    await writeFile(path.join(tmp, 'datasets', 'hate', 'SOURCE.md'), SOURCE_MD);
    await mkdir(path.join(tmp, 'labelled'));
    await writeFile(
      path.join(tmp, 'labelled', 'mixed.jsonl'),
      [
        { id: 'a', source_file: 'written', labels: [] },
        { id: 'b', source_file: 'hate/emot.csv', labels: [] },
        { id: 'c', source_file: 'hate/emot.csv', labels: [] },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
  });
  afterAll(async () => rm(tmp, { recursive: true, force: true }));

  it('reads each file licence from the SOURCE.md beside it, in its own words', () => {
    expect(licenceInSourceMd(SOURCE_MD, 'ibrohim2019-multilabel-train.csv')).toBe('CC BY-NC-SA 4.0');
    expect(licenceInSourceMd(SOURCE_MD, 'netifier-4label.csv')).toBe('not stated (elsewhere named as CC BY-NC-SA 4.0)');
    expect(licenceInSourceMd(SOURCE_MD, 'local-sundanese-abusive-hate.csv')).toBe('not stated; research use');
    expect(licenceInSourceMd(SOURCE_MD, 'tweets-2022/anies.csv')).toBe('not stated');
    expect(licenceInSourceMd(SOURCE_MD, 'emot.csv')).toBe('Apache-2.0');
    expect(licenceInSourceMd(SOURCE_MD, 'other.csv')).toBeNull();
  });

  it('gives every training file of a model its licence, and the model card lists them all', async () => {
    const dirs = { dataDir: path.join(tmp, 'datasets'), labelledDir: path.join(tmp, 'labelled') };
    const files = await withLicences(
      [
        { path: 'hate/ibrohim2019-multilabel-train.csv', sha256: 'x', rows: 10 },
        { path: 'hate/local-javanese-abusive-hate.csv', sha256: 'x', rows: 5 },
        { path: 'labelled/mixed.jsonl', sha256: 'x', rows: 3 },
        { path: 'elsewhere/none.csv', sha256: 'x', rows: 1 },
      ],
      dirs,
    );
    expect(files.map((f) => f.licence)).toEqual([
      'CC BY-NC-SA 4.0',
      'not stated; research use',
      'labels by netra; texts: hate/emot.csv 2 (Apache-2.0); written by netra (this repository) 1',
      'unknown (no elsewhere/SOURCE.md)',
    ]);
    // A model version from before licences were recorded gets them at evaluation time, stored with it.
    const meta = JSON.parse(await readFile('models/partisan/20261206-2ae39187/metadata.json', 'utf8')) as {
      training: { dataFiles: { path: string; licence?: string }[] };
    };
    const models = path.join(tmp, 'models');
    await mkdir(path.join(models, 'partisan', 'v1'), { recursive: true });
    await writeFile(path.join(models, 'partisan', 'v1', 'model.json'), '{}');
    meta.training.dataFiles = [
      { path: 'hate/ibrohim2019-multilabel-train.csv', sha256: 'x', rows: 10 } as never,
      { path: 'hate/emot.csv', sha256: 'y', rows: 4 } as never,
    ];
    await writeFile(path.join(models, 'partisan', 'v1', 'metadata.json'), JSON.stringify(meta));
    const card = await modelTrainingData(models, dirs.dataDir, dirs.labelledDir);
    expect(card).toEqual([
      {
        task: 'partisan',
        version: expect.any(String) as unknown as string,
        files: [
          { path: 'hate/ibrohim2019-multilabel-train.csv', rows: 10, licence: 'CC BY-NC-SA 4.0' },
          { path: 'hate/emot.csv', rows: 4, licence: 'Apache-2.0' },
        ],
      },
    ]);
    const stored = JSON.parse(await readFile(path.join(models, 'partisan', 'v1', 'metadata.json'), 'utf8')) as typeof meta;
    expect(stored.training.dataFiles.map((f) => f.licence)).toEqual(['CC BY-NC-SA 4.0', 'Apache-2.0']);
  });

  it('the shipped models carry a licence for every training file', async () => {
    for (const task of ['hate-abusive', 'partisan', 'money-politics']) {
      const v = (await readFile(`models/${task}/CURRENT`, 'utf8')).trim();
      const meta = JSON.parse(await readFile(`models/${task}/${v}/metadata.json`, 'utf8')) as {
        training: { dataFiles: { path: string; licence?: string }[] };
      };
      for (const f of meta.training.dataFiles) expect(f.licence, `${task} ${f.path}`).toMatch(/\S/);
      expect(new Set(meta.training.dataFiles.map((f) => f.licence)).size).toBeGreaterThan(1);
    }
  });

  it('reads the lexicons README tables: every shipped lexicon with its sources and licences', async () => {
    const rows = parseLexiconReadme(await readFile('data/lexicons/README.md', 'utf8'));
    const byFile = new Map(rows.map((r) => [r.source, r.licence]));
    expect(byFile.get('abusive.tsv')).toMatch(/CC BY-NC-SA 4\.0/);
    expect(byFile.get('slang-id.tsv')).toMatch(/MIT.*CC BY-NC-SA 4\.0.*license not stated; cite the paper/);
    expect(byFile.get('slang-id.tsv')).not.toMatch(/Cleaning/);
    expect(byFile.has('election-2024.yaml')).toBe(true);
  });
});
