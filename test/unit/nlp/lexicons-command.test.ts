import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerLexiconsCommand } from '../../../src/cli/commands/lexicons.command.ts';

describe('netra lexicons build', () => {
  it('is registered with a --help that says what it reads and writes', () => {
    const program = new Command('netra').exitOverride();
    let out = '';
    program.configureOutput({ writeOut: (s) => (out += s), writeErr: (s) => (out += s) });
    registerLexiconsCommand(program);
    const lex = program.commands.find((c) => c.name() === 'lexicons')!;
    expect(lex.description()).toMatch(/lexicons/);
    const build = lex.commands.find((c) => c.name() === 'build')!;
    build.exitOverride().configureOutput({ writeOut: (s) => (out += s), writeErr: (s) => (out += s) });
    expect(() => program.parse(['node', 'netra', 'lexicons', 'build', '--help'])).toThrow();
    expect(out).toContain('Usage: netra lexicons build');
    for (const flag of ['--shared <dir>', '--out <dir>', '--labelled <dir>']) expect(out).toContain(flag);
    expect(out).toContain('slang-id.tsv');
  });
});
