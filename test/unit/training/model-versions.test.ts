import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { currentVersion, listVersions, pinCurrent, setCurrent } from '../../../src/training/model-versions.ts';

describe('model versions', () => {
  let dir: string;
  const version = async (task: string, v: string, f1?: number) => {
    await mkdir(path.join(dir, task, v), { recursive: true });
    await writeFile(path.join(dir, task, v, 'model.json'), '{}');
    await writeFile(
      path.join(dir, task, v, 'metadata.json'),
      JSON.stringify({ createdAt: '2026-12-03T07:00:00Z', labels: ['hate'], perLabel: f1 === undefined ? {} : { hate: { test: { f1 } } } }),
    );
  };
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'netra-models-'));
    await version('hate-abusive', '20261201-aaaa', 0.81);
    await version('hate-abusive', '20261202-bbbb', 0.84);
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('without CURRENT the newest version is in use; pinning writes CURRENT so a newer folder does not take over', async () => {
    expect(await currentVersion(dir, 'hate-abusive')).toBe('20261202-bbbb');
    expect(await pinCurrent(dir, 'hate-abusive')).toBe('20261202-bbbb');
    await version('hate-abusive', '20261203-cccc');
    expect(await currentVersion(dir, 'hate-abusive')).toBe('20261202-bbbb');
  });

  it('promotes to a listed version only, and says what was in use before', async () => {
    expect(await setCurrent(dir, 'hate-abusive', '20261201-aaaa')).toBe('20261202-bbbb');
    expect((await readFile(path.join(dir, 'hate-abusive', 'CURRENT'), 'utf8')).trim()).toBe('20261201-aaaa');
    await expect(setCurrent(dir, 'hate-abusive', 'nope')).rejects.toThrow(/no version "nope"/);
    await expect(setCurrent(dir, 'partisan', 'x')).rejects.toThrow(/no model versions/);
    expect(existsSync(path.join(dir, 'hate-abusive', '20261202-bbbb', 'model.json'))).toBe(true);
  });

  it('lists versions with the one in use and test F1 from the metadata', async () => {
    await setCurrent(dir, 'hate-abusive', '20261201-aaaa');
    const list = await listVersions(dir, 'hate-abusive');
    expect(list.map((v) => [v.version, v.current, v.testF1['hate']])).toEqual([
      ['20261201-aaaa', true, 0.81],
      ['20261202-bbbb', false, 0.84],
    ]);
  });
});
