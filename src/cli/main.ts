import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/config.load.ts';
import { UserError } from '../domain/errors.ts';
import { addGlobalOptions } from './context.ts';
import { registerAccountsCommand } from './commands/accounts.command.ts';
import { registerClaimsCommand } from './commands/claims.command.ts';
import { registerClassifyCommand } from './commands/classify.command.ts';
import { registerConfigCommand } from './commands/config.command.ts';
import { registerDbCommand } from './commands/db.command.ts';
import { registerFlagsCommand } from './commands/flags.command.ts';
import { registerLexiconsCommand } from './commands/lexicons.command.ts';
import { registerScanCommand } from './commands/scan.command.ts';
import { registerCaptureCommand } from './commands/capture.command.ts';
import { registerEvidenceCommand } from './commands/evidence.command.ts';
import { registerTrainCommand } from './commands/train.command.ts';
import { registerExportCommand } from './commands/export.command.ts';
import { registerLabelsCommand } from './commands/labels.command.ts';
import { registerModelsCommand } from './commands/models.command.ts';
import { registerUsersCommand } from './commands/users.command.ts';

export function buildProgram(): Command {
  const program = new Command('netra')
    .description(
      'Finds possible breaches of the ASN neutrality pledge in public social-media posts and raises flags for human review.\n' +
        'A flag is never a verdict: analysts decide.',
    )
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ showGlobalOptions: true });
  addGlobalOptions(program);
  for (const register of [registerDbCommand, registerAccountsCommand, registerScanCommand, registerFlagsCommand, registerClassifyCommand, registerClaimsCommand, registerLexiconsCommand, registerCaptureCommand, registerEvidenceCommand, registerUsersCommand, registerExportCommand, registerLabelsCommand, registerModelsCommand, registerTrainCommand, registerConfigCommand]) {
    register(program);
  }
  // Settings that commander does not pass down to commands registered earlier.
  program.commands.forEach(function apply(c) {
    c.showHelpAfterError('(run with --help for usage)');
    c.exitOverride();
    c.commands.forEach(apply);
  });
  return program;
}

/** Run the CLI; returns the exit code (0 ok, 1 error, 2 bad input where a command says so). */
export async function main(argv: string[]): Promise<number> {
  // `netra flags list | head` closes stdout early: that is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
  const program = buildProgram();
  program.exitOverride();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    if (e instanceof ConfigError || e instanceof UserError) {
      process.stderr.write(`netra: ${e.message}\n`);
      return 1;
    }
    const err = e as Error;
    process.stderr.write(`netra: ${err.message}\n`);
    if (process.env.NETRA_LOG_LEVEL === 'debug' || process.env.NETRA_LOG_LEVEL === 'trace' || argv.includes('debug')) {
      process.stderr.write(`${err.stack ?? ''}\n`);
    } else if (err.stack) {
      process.stderr.write('(run with --log-level debug for details)\n');
    }
    return 1;
  }
}
