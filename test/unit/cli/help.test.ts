import type { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildProgram, main } from '../../../src/cli/main.ts';

function commandPaths(cmd: Command, prefix: string[] = []): string[][] {
  return cmd.commands.flatMap((c) => [[...prefix, c.name()], ...commandPaths(c, [...prefix, c.name()])]);
}

describe('every command has --help', () => {
  afterEach(() => vi.restoreAllMocks());
  const paths = commandPaths(buildProgram());

  it('knows the commands the README promises', () => {
    const names = paths.map((p) => p.join(' '));
    for (const c of ['db migrate', 'accounts import', 'scan', 'flags list', 'classify']) expect(names).toContain(c);
  });

  it.each(paths.map((p) => [p.join(' '), p]))('netra %s --help', async (_name, p) => {
    let out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => {
      out += String(c);
      return true;
    });
    const code = await main(['node', 'netra', ...(p as string[]), '--help']);
    expect(code).toBe(0);
    expect(out).toContain('Usage: netra');
    expect(out).toMatch(/Options:/);
  });

  it('exits 1 with a clear message for an unknown option', async () => {
    let err = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => {
      err += String(c);
      return true;
    });
    const code = await main(['node', 'netra', 'flags', 'list', '--colour', 'red']);
    expect(code).toBe(1);
    expect(err).toContain("unknown option '--colour'");
  });
});
