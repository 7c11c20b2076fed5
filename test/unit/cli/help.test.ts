import type { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildProgram, commandNameIn, main } from '../../../src/cli/main.ts';

function commandPaths(cmd: Command, prefix: string[] = []): string[][] {
  return cmd.commands.flatMap((c) => [[...prefix, c.name()], ...commandPaths(c, [...prefix, c.name()])]);
}

const program = await buildProgram();

describe('every command has --help', () => {
  afterEach(() => vi.restoreAllMocks());
  const paths = commandPaths(program);

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

describe('start-up loads only the command asked for', () => {
  it('finds the command name past global options and their values', () => {
    expect(commandNameIn(['node', 'netra', 'classify', '--in', 'x'])).toBe('classify');
    expect(commandNameIn(['node', 'netra', '--log-level', 'debug', '--data-dir', 'd', 'eval', '--data', 'f'])).toBe('eval');
    expect(commandNameIn(['node', 'netra', '--help'])).toBeUndefined();
    expect(commandNameIn(['node', 'netra'])).toBeUndefined();
  });

  it('each lazily loaded module registers exactly the command it is listed under', async () => {
    for (const c of program.commands) expect((await buildProgram(c.name())).commands.map((x) => x.name())).toEqual([c.name()]);
  });

  it('builds a program with one command, or all for an unknown name', async () => {
    expect((await buildProgram('classify')).commands.map((c) => c.name())).toEqual(['classify']);
    const all = (await buildProgram('clasify')).commands.map((c) => c.name());
    expect(all).toEqual(program.commands.map((c) => c.name()));
    expect(all.length).toBeGreaterThan(5);
  });

  it('still suggests the right command for a typo', async () => {
    let err = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => {
      err += String(c);
      return true;
    });
    const code = await main(['node', 'netra', 'clasify']);
    vi.restoreAllMocks();
    expect(code).toBe(1);
    expect(err).toContain("unknown command 'clasify'");
    expect(err).toContain('classify');
  });
});
