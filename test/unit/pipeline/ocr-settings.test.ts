import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openFileSource } from '../../../src/collect/sources/file/file.source.ts';
import { directoryEvidenceStore } from '../../../src/collect/evidence/evidence-store.ts';
import { parseYaml } from '../../../src/config/yaml-file.ts';
import { InputFileError } from '../../../src/domain/errors.ts';
import { silentLogger } from '../../../src/log/logger.ts';
import { pipelineSchema } from '../../../src/pipeline/pipeline.schema.ts';

const base = 'name: demo\nsources:\n  - kind: file\n    path: posts.jsonl\n';
const problemsOf = (yaml: string) => {
  try {
    parseYaml(yaml, 'pipelines/x.yaml', pipelineSchema);
  } catch (e) {
    return (e as InputFileError).problems.map((p) => `${p.file}:${p.line}: ${p.field}: ${p.message}`);
  }
  throw new Error('expected an error');
};

describe('the pipeline ocr setting', () => {
  it('true, false, or { model, analyzer }; off when absent', () => {
    expect(parseYaml(base, 'p.yaml', pipelineSchema).ocr).toBeUndefined();
    expect(parseYaml(`${base}ocr: true\n`, 'p.yaml', pipelineSchema).ocr).toEqual({ enabled: true, model: 'auto' });
    expect(parseYaml(`${base}ocr: { model: eng }\n`, 'p.yaml', pipelineSchema).ocr).toEqual({ enabled: true, model: 'eng' });
    expect(parseYaml(`${base}ocr: { enabled: false }\n`, 'p.yaml', pipelineSchema).ocr).toMatchObject({ enabled: false });
  });

  it('names file, line and field of a bad value', () => {
    expect(problemsOf(`${base}ocr: yes please\n`).join('\n')).toMatch(/pipelines\/x\.yaml:5: ocr: must be true, false, or/);
    expect(problemsOf(`${base}ocr:\n  model: fr\n`).join('\n')).toMatch(/pipelines\/x\.yaml:6: ocr\.model: .*auto, eng, ind/);
    expect(problemsOf(`${base}ocr:\n  analyzer: yolo-gestures\n`).join('\n')).toMatch(
      /pipelines\/x\.yaml:6: ocr\.analyzer: no image analyzer "yolo-gestures": netra ships none/,
    );
    expect(problemsOf(`${base}ocr:\n  lang: ind\n`).join('\n')).toMatch(/ocr/);
  });

  it('is recorded with the scan (the stored definition parses again)', () => {
    const p = parseYaml(`${base}ocr: true\n`, 'p.yaml', pipelineSchema);
    expect(pipelineSchema.parse(JSON.parse(JSON.stringify(p))).ocr).toEqual(p.ocr);
  });
});

describe('images in a file export', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'netra-images-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const png = path.resolve('data/demo/images/posyandu-jadwal.png');
  const write = (name: string, rows: unknown[]) => {
    const f = path.join(dir, name);
    writeFileSync(f, rows.map((r) => JSON.stringify(r)).join('\n'));
    return f;
  };
  const row = (images: unknown) => ({ platform: 'x', external_id: '1', handle: 'budi', text: 'halo', images });

  it('refuses a missing file, a file that is not an image, and a bad entry, naming file, line and field', async () => {
    writeFileSync(path.join(dir, 'not-image.png'), 'hello');
    const file = write('bad.jsonl', [row([png]), row(['missing.png']), row(['not-image.png']), row('ftp://example.org/a.png'), row([1])]);
    const e = (await openFileSource({ path: file }).catch((x) => x)) as InputFileError;
    expect(e).toBeInstanceOf(InputFileError);
    const got = e.problems.map((p) => `${p.line}:${p.field}:${p.message}`);
    expect(got).toEqual([
      expect.stringMatching(/^4:images:.*file paths or http\(s\) URLs/),
      expect.stringMatching(/^5:images:\[1\] entries must be file paths or http\(s\) URLs/),
      expect.stringMatching(/^2:images:"missing\.png" no such file/),
      expect.stringMatching(/^3:images:"not-image\.png" is not a PNG, JPEG, GIF or WebP image/),
    ]);
  });

  it('keeps local images of new posts as evidence (kind image), and URLs are left in the record', async () => {
    const file = write('ok.jsonl', [row([png, 'https://cdn.example.org/a.jpg'])]);
    const store = directoryEvidenceStore(path.join(dir, 'ev'));
    const s = await openFileSource({ path: file, evidenceStore: store });
    expect(s.capturesMedia).toBe(true);
    const r = await s.collectAccount({ accountId: 1, platform: 'x', handle: 'budi', profileUrl: '' }, { logger: silentLogger() });
    expect(r.posts[0]!.images).toEqual([png, 'https://cdn.example.org/a.jpg']);
    expect(r.evidence).toHaveLength(1);
    expect(r.evidence![0]).toMatchObject({
      kind: 'image',
      externalId: '1',
      file: { mime: 'image/png' },
      details: { file: png, line: 1, index: 0 },
    });
    // An unchanged post seen before: nothing captured again.
    const again = await s.collectAccount(
      { accountId: 1, platform: 'x', handle: 'budi', profileUrl: '' },
      { logger: silentLogger(), known: new Map([['1', (await import('../../../src/domain/raw-post.ts')).contentSha256('halo')]]) },
    );
    expect(again.evidence).toBeUndefined();
  });
});
