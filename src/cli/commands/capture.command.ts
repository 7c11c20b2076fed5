import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { captureUrl } from '../../collect/capture-url.ts';
import { formatWib } from '../../domain/wib-time.ts';
import { keyValues, table } from '../format.ts';
import { intOption } from '../options.ts';
import { withContext } from '../with-context.ts';

export function registerCaptureCommand(program: Command): void {
  program
    .command('capture')
    .description(
      'capture one post an analyst found by hand: fetch its page now, store the post, keep a screenshot and an archived copy with their SHA-256',
    )
    .argument('<url>', 'the post URL, e.g. https://x.com/budi_guru/status/1745000000000000001')
    .option('--platform <platform>', 'platform of the URL when its host does not say (x, instagram, facebook, tiktok)')
    .option('--analyst <name>', 'who is capturing (recorded in the chain of custody)', userInfo().username)
    .option('--timeout <ms>', 'page load timeout in milliseconds', '30000')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      `
The page is opened once in Chromium (config NETRA_CHROMIUM_PATH). The post is stored like a
collected one (an edit becomes a new version); the files go to the evidence store
(NETRA_EVIDENCE_DIR) named by their SHA-256. Check them later with: netra evidence verify`,
    )
    .action(
      withContext(async (ctx, url: string, o: { platform?: string; analyst: string; timeout: string; json?: boolean }) => {
        const { db } = await ctx.db();
        const timeoutMs = intOption('--timeout', o.timeout, { min: 1 });
        const r = await captureUrl({
          db,
          url,
          config: ctx.config,
          logger: ctx.logger,
          actor: `user:${o.analyst}`,
          ...(o.platform ? { platform: o.platform } : {}),
          timeoutMs,
        });
        if (o.json) {
          process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
          return;
        }
        process.stdout.write(
          `${keyValues([
            [
              'status',
              r.status === 'removed' ? 'removed: the platform says the post is gone (post marked deleted)' : `captured (${r.outcome})`,
            ],
            ['post', r.postId === null ? '-' : `#${r.postId} version ${r.version}`],
            ['author', r.handle ? `@${r.handle} on ${r.platform}${r.registered ? '' : ' (not in the registry)'}` : '-'],
            ['url', r.url],
            ['captured', `${r.capturedAt.toISOString()} (${formatWib(r.capturedAt)})`],
          ])}\n\n${table(
            ['evidence', 'kind', 'bytes', 'sha256', 'file'],
            r.files.map((f) => [f.evidenceId, f.kind, f.file.bytes, f.file.sha256, f.file.path]),
          )}\n`,
        );
      }),
    );
}
