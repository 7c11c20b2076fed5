import { mkdir, mkdtemp, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { checkKeyPath, writeKeyFile } from '../../../src/export/key-file.ts';

describe('--save-key file', () => {
  let dir: string;
  let out: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'netra-key-'));
    out = path.join(dir, 'export');
    await mkdir(out);
  });

  it('is written 0600 even under a permissive umask', async () => {
    const old = process.umask(0);
    try {
      await writeKeyFile(path.join(dir, 'keys', 'k.json'), out, 'secret\n');
    } finally {
      process.umask(old);
    }
    expect((await stat(path.join(dir, 'keys', 'k.json'))).mode & 0o777).toBe(0o600);
    expect(await readFile(path.join(dir, 'keys', 'k.json'), 'utf8')).toBe('secret\n');
  });

  it('never overwrites an existing file (its old mode could leave the key world-readable)', async () => {
    await writeFile(path.join(dir, 'old.json'), 'x', { mode: 0o644 });
    await expect(writeKeyFile(path.join(dir, 'old.json'), out, 'secret')).rejects.toThrow(/already exists/);
    expect(await readFile(path.join(dir, 'old.json'), 'utf8')).toBe('x');
  });

  it('refuses a symbolic link, even a dangling one', async () => {
    await symlink(path.join(out, 'key.json'), path.join(dir, 'link.json'));
    await expect(writeKeyFile(path.join(dir, 'link.json'), out, 'secret')).rejects.toThrow(/symbolic link|inside the export/);
    await symlink(path.join(dir, 'nowhere.json'), path.join(dir, 'dangling.json'));
    await expect(checkKeyPath(path.join(dir, 'dangling.json'), out)).rejects.toThrow(/symbolic link/);
  });

  it('refuses a path inside the export, directly or through a linked folder', async () => {
    await expect(checkKeyPath(path.join(out, 'key.json'), out)).rejects.toThrow(/inside the export/);
    await expect(checkKeyPath(path.join(out, 'sub', 'key.json'), out)).rejects.toThrow(/inside the export/);
    await symlink(out, path.join(dir, 'keys-link'));
    await expect(checkKeyPath(path.join(dir, 'keys-link', 'key.json'), out)).rejects.toThrow(/inside the export/);
    // The export folder itself reached through a link.
    await expect(checkKeyPath(path.join(out, 'k.json'), path.join(dir, 'keys-link'))).rejects.toThrow(/inside the export/);
  });

  it('accepts a new file beside the export', async () => {
    await expect(checkKeyPath(path.join(dir, 'export-key.json'), out)).resolves.toBe(path.join(dir, 'export-key.json'));
  });
});
