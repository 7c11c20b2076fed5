import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../../src/config/yaml-file.ts';
import { InputFileError } from '../../../src/domain/errors.ts';
import { pipelineSchema } from '../../../src/pipeline/pipeline.schema.ts';

const catchErr = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e as InputFileError;
  }
  throw new Error('expected an error');
};

describe('pipeline files', () => {
  it('accepts a minimal pipeline and fills defaults', () => {
    const p = parseYaml('name: demo\nsources:\n  - kind: file\n    path: posts.jsonl\n', 'p.yaml', pipelineSchema);
    expect(p.accounts).toEqual({});
    expect(p.sources[0]).toMatchObject({ kind: 'file', path: 'posts.jsonl' });
  });

  it('names the file, line and field of a bad value', () => {
    const yaml = ['name: demo', 'sources:', '  - kind: file', '    path: posts.jsonl', 'classify:', '  thresholds:', '    partisan: 1.5', '    hatred: 0.3'].join('\n');
    const e = catchErr(() => parseYaml(yaml, 'pipelines/x.yaml', pipelineSchema));
    expect(e).toBeInstanceOf(InputFileError);
    const fields = e.problems.map((p) => `${p.line}:${p.field}`);
    expect(fields).toContain('7:classify.thresholds.partisan');
    expect(e.problems.some((p) => p.field === 'classify.thresholds' && /hatred/.test(p.message))).toBe(true);
    expect(e.message).toContain('pipelines/x.yaml:7');
  });

  it('reports YAML syntax errors with a line', () => {
    const e = catchErr(() => parseYaml('name: demo\nsources: [\n', 'p.yaml', pipelineSchema));
    expect(e.problems[0]!.message).toMatch(/not valid YAML/);
  });

  it('rejects an unknown source kind', () => {
    const e = catchErr(() => parseYaml('name: demo\nsources:\n  - kind: ftp\n', 'p.yaml', pipelineSchema));
    expect(e.problems[0]).toMatchObject({ line: 3, field: 'sources.0.kind' });
  });
});
