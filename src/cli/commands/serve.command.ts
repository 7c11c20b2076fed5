import type { Command } from 'commander';
import { UserError } from '../../domain/errors.ts';
import { createReviewApp, DEFAULT_REVIEW_SETTINGS } from '../../review/app.ts';
import { listen } from '../../review/http/server.ts';
import { deleteStaleThrottle } from '../../repositories/login-throttle.repository.ts';
import { releaseStaleClaims } from '../../repositories/queue.repository.ts';
import { deleteExpiredSessions } from '../../repositories/sessions.repository.ts';
import { countUsers } from '../../repositories/users.repository.ts';
import { intOption } from '../options.ts';
import { withContext } from '../with-context.ts';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description("run the analysts' review app (web pages and JSON API) until stopped")
    .option('--host <host>', 'address to listen on (env NETRA_SERVE_HOST, default 127.0.0.1)')
    .option('--port <port>', 'port (env NETRA_SERVE_PORT, default 8080; 0 picks a free one)')
    .addHelpText(
      'after',
      '\nFirst create a user: netra users add admin --role admin\nThen open the printed URL. The OpenAPI document is at /api/openapi.json.',
    )
    .action(
      withContext(async (ctx, o: { host?: string; port?: string }) => {
        const host = o.host ?? ctx.config.serveHost;
        const port = o.port === undefined ? ctx.config.servePort : intOption('--port', o.port, { min: 0, max: 65_535 });
        const database = await ctx.db();
        const log = ctx.logger.child({ component: 'serve' });
        const app = await createReviewApp({
          db: database.db,
          logger: ctx.logger,
          settings: {
            ...DEFAULT_REVIEW_SETTINGS,
            sessionTtlMs: ctx.config.sessionHours * 3_600_000,
            claimMs: ctx.config.claimMinutes * 60_000,
            trustProxy: ctx.config.trustProxy,
            loginRateLimit: ctx.config.loginAddressLimit,
            reportingUnit: ctx.config.reportingUnit,
            chromiumPath: ctx.config.chromiumPath,
            evidenceDir: ctx.config.evidenceDir,
            secondReviewShare: ctx.config.secondReviewShare,
          },
        });
        let server;
        try {
          server = await listen(app.handler, host, port);
        } catch (e) {
          throw new UserError(`cannot listen on ${host}:${port}: ${(e as Error).message}`);
        }
        process.stdout.write(`netra review app on ${server.url} (database: ${database.where})\n`);
        if ((await countUsers(database.db)) === 0)
          process.stdout.write('no users yet: create the first admin with `netra users add admin --role admin`\n');
        // Housekeeping: put stale claims back in the queue, forget expired sessions and old login counts.
        const timer = setInterval(() => {
          Promise.all([
            releaseStaleClaims(database.db),
            deleteExpiredSessions(database.db),
            deleteStaleThrottle(database.db, 2 * 86_400_000),
          ])
            .then(([released, sessions, throttle]) => {
              if (released.length || sessions || throttle) log.info({ released, sessions, throttle }, 'housekeeping');
            })
            .catch((e: unknown) => log.error({ err: e }, 'housekeeping failed'));
        }, 60_000);
        await new Promise<void>((resolve) => {
          const stop = (sig: string) => {
            log.info({ signal: sig }, 'stopping');
            resolve();
          };
          process.once('SIGINT', () => stop('SIGINT'));
          process.once('SIGTERM', () => stop('SIGTERM'));
        });
        clearInterval(timer);
        await server.close();
      }),
    );
}
