import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/config.load.ts';
import { UserError } from '../domain/errors.ts';
import { addGlobalOptions } from './context.ts';

type Register = (program: Command) => void;

/**
 * Top-level commands, in help order, each loaded only when needed: `netra classify` must not
 * pay at start-up for the database drivers, the browser or the collectors that other commands
 * import. A new command is one line here.
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  db: async () => (await import('./commands/db.command.ts')).registerDbCommand,
  accounts: async () => (await import('./commands/accounts.command.ts')).registerAccountsCommand,
  'campaign-accounts': async () => (await import('./commands/campaign-accounts.command.ts')).registerCampaignAccountsCommand,
  scan: async () => (await import('./commands/scan.command.ts')).registerScanCommand,
  scans: async () => (await import('./commands/scans.command.ts')).registerScansCommand,
  worker: async () => (await import('./commands/worker.command.ts')).registerWorkerCommand,
  scheduler: async () => (await import('./commands/scheduler.command.ts')).registerSchedulerCommand,
  status: async () => (await import('./commands/status.command.ts')).registerStatusCommand,
  flags: async () => (await import('./commands/flags.command.ts')).registerFlagsCommand,
  classify: async () => (await import('./commands/classify.command.ts')).registerClassifyCommand,
  claims: async () => (await import('./commands/claims.command.ts')).registerClaimsCommand,
  eval: async () => (await import('./commands/eval.command.ts')).registerEvalCommand,
  lexicons: async () => (await import('./commands/lexicons.command.ts')).registerLexiconsCommand,
  capture: async () => (await import('./commands/capture.command.ts')).registerCaptureCommand,
  evidence: async () => (await import('./commands/evidence.command.ts')).registerEvidenceCommand,
  audit: async () => (await import('./commands/audit.command.ts')).registerAuditCommand,
  users: async () => (await import('./commands/users.command.ts')).registerUsersCommand,
  serve: async () => (await import('./commands/serve.command.ts')).registerServeCommand,
  export: async () => (await import('./commands/export.command.ts')).registerExportCommand,
  exports: async () => (await import('./commands/exports.command.ts')).registerExportsCommand,
  persons: async () => (await import('./commands/persons.command.ts')).registerPersonsCommand,
  retention: async () => (await import('./commands/retention.command.ts')).registerRetentionCommand,
  labels: async () => (await import('./commands/labels.command.ts')).registerLabelsCommand,
  models: async () => (await import('./commands/models.command.ts')).registerModelsCommand,
  train: async () => (await import('./commands/train.command.ts')).registerTrainCommand,
  config: async () => (await import('./commands/config.command.ts')).registerConfigCommand,
};

/** Global options that take a value (their value is not the command name). */
const GLOBAL_WITH_VALUE = new Set(['--database-url', '--data-dir', '--log-level', '--log-format']);

/** The top-level command named in `argv` (node, script, ...args), if any. */
export function commandNameIn(argv: readonly string[]): string | undefined {
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') return undefined;
    if (a.startsWith('-')) {
      if (GLOBAL_WITH_VALUE.has(a)) i++;
      continue;
    }
    return a;
  }
  return undefined;
}

/** The CLI with every command, or with only the command `only` when it is a known one. */
export async function buildProgram(only?: string): Promise<Command> {
  const program = new Command('netra')
    .description(
      'Finds possible breaches of the ASN neutrality pledge in public social-media posts and raises flags for human review.\n' +
        'A flag is never a verdict: analysts decide.',
    )
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ showGlobalOptions: true });
  addGlobalOptions(program);
  // One known command: load only it. Otherwise (help, no command, a typo): all, for the listing.
  const names = only !== undefined && Object.hasOwn(COMMANDS, only) ? [only] : Object.keys(COMMANDS);
  for (const register of await Promise.all(names.map((n) => COMMANDS[n]!()))) register(program);
  // Settings that commander does not pass down to commands registered earlier.
  program.commands.forEach(function apply(c) {
    c.showHelpAfterError('(run with --help for usage)');
    c.exitOverride();
    c.commands.forEach(apply);
  });
  return program;
}

let epipeHandled = false;

/** Run the CLI; returns the exit code (0 ok, 1 error, 2 bad input where a command says so). */
export async function main(argv: string[]): Promise<number> {
  // `netra flags list | head` closes stdout early: that is not an error. (Once per process:
  // tests call main() many times.)
  if (!epipeHandled) {
    epipeHandled = true;
    process.stdout.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    });
  }
  const program = await buildProgram(commandNameIn(argv));
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
