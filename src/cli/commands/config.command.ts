import type { Command } from 'commander';
import { configDocsTable } from '../../config/config.load.ts';
import { withContext } from '../with-context.ts';

export function registerConfigCommand(program: Command): void {
  program
    .command('config')
    .description('show the effective configuration (secrets hidden), or the table of settings with --docs')
    .option('--docs', 'print the Markdown table of every NETRA_* setting (as in the README)')
    .action(
      withContext(async (ctx, opts: { docs?: boolean }) => {
        if (opts.docs) {
          process.stdout.write(`${configDocsTable()}\n`);
          return;
        }
        const shown = {
          ...ctx.config,
          databaseUrl: ctx.config.databaseUrl?.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@'),
          xApiBearerToken: ctx.config.xApiBearerToken ? '***' : undefined,
          tiktokClientSecret: ctx.config.tiktokClientSecret ? '***' : undefined,
          metaContentLibraryToken: ctx.config.metaContentLibraryToken ? '***' : undefined,
        };
        process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
      }),
    );
}
