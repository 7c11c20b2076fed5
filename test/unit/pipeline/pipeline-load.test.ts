import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../../src/config/yaml-file.ts';
import { InputFileError } from '../../../src/domain/errors.ts';
import { pipelineSchema } from '../../../src/pipeline/pipeline.schema.ts';
import { loadPipeline } from '../../../src/pipeline/pipeline.load.ts';

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
    const yaml = [
      'name: demo',
      'sources:',
      '  - kind: file',
      '    path: posts.jsonl',
      'classify:',
      '  thresholds:',
      '    partisan: 1.5',
      '    hatred: 0.3',
    ].join('\n');
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

describe('pipeline scheduling, jobs, models and evidence fields', () => {
  const base = 'name: daily\nsources:\n  - kind: file\n    path: posts.jsonl\n';
  const parse = (extra: string) => parseYaml(base + extra, 'pipelines/daily.yaml', pipelineSchema);

  it('fills the schedule time zone (WIB) and job defaults', () => {
    const p = parse('schedule:\n  cron: "0 2 * * *"\n');
    expect(p.schedule).toEqual({ cron: '0 2 * * *', timeZone: 'Asia/Jakarta', catchUpMinutes: 60 });
    expect(p.jobs).toEqual({ retryLimit: 3, retryDelaySeconds: 30, retryBackoff: true, timeoutSeconds: 900 });
    expect(p.alerts).toEqual({ dropRatio: 0.2, minPreviousPosts: 20 });
  });

  it.each([
    ['schedule:\n  cron: "0 2 * *"\n', 6, 'schedule.cron', /5 fields/],
    ['schedule:\n  cron: "0 25 * * *"\n', 6, 'schedule.cron', /not a valid cron/],
    ['schedule:\n  cron: "0 2 * * *"\n  timeZone: Asia/Jakartaa\n', 7, 'schedule.timeZone', /IANA time zone/],
    ['jobs:\n  retryLimit: -1\n', 6, 'jobs.retryLimit', /./],
    ['jobs:\n  timeoutSeconds: 0\n', 6, 'jobs.timeoutSeconds', /./],
    ['accounts:\n  agencies: []\n', 6, 'accounts.agencies', /at least one/],
    ['classify:\n  models:\n    Partisan!: "1"\n', 7, 'classify.models.Partisan!', /key/],
    ['evidence:\n  dir: ""\n', 6, 'evidence.dir', /./],
    ['alerts:\n  dropRatio: 2\n', 6, 'alerts.dropRatio', /./],
  ])('names file, line and field of a bad value: %j', (extra, line, field, message) => {
    const e = catchErr(() => parse(extra));
    expect(e).toBeInstanceOf(InputFileError);
    expect(e.problems).toContainEqual(
      expect.objectContaining({ file: 'pipelines/daily.yaml', line, field, message: expect.stringMatching(message) }),
    );
    expect(e.message).toContain(`pipelines/daily.yaml:${line}: field "${field}"`);
  });

  it('accepts account selection by agency, region, platform, tag and handle', () => {
    const p = parse(
      'accounts:\n  agencies: [Dinas Pendidikan]\n  regions: [Jawa Tengah]\n  platforms: [x]\n  tags: [guru]\n  handles: [budi_guru]\n',
    );
    expect(p.accounts).toEqual({
      agencies: ['Dinas Pendidikan'],
      regions: ['Jawa Tengah'],
      platforms: ['x'],
      tags: ['guru'],
      handles: ['budi_guru'],
    });
  });
});

describe('shipped pipelines', () => {
  it.each(['pipelines/demo.yaml', 'pipelines/daily-scan.yaml'])('%s is valid', async (file) => {
    const { pipeline } = await loadPipeline(file);
    expect(pipeline.sources.length).toBeGreaterThan(0);
  });

  it('daily-scan runs every day at 02:00 WIB', async () => {
    const { pipeline } = await loadPipeline('pipelines/daily-scan.yaml');
    expect(pipeline.schedule).toMatchObject({ cron: '0 2 * * *', timeZone: 'Asia/Jakarta' });
  });
});
