import type { Command } from 'commander';
import { refreshClaimsSnapshot } from '../../claims/claims-source.ts';
import { syncClaimFeed, type FeedSyncSummary } from '../../claims/feeds/claims-sync.ts';
import type { ClaimFeedConfig } from '../../claims/feeds/feed-http.ts';
import { politeFeedHttp } from '../../collect/api/feed-http.client.ts';
import { UserError } from '../../domain/errors.ts';
import { loadPipeline } from '../../pipeline/pipeline.load.ts';
import { listFeedCursors } from '../../repositories/claim-feeds.repository.ts';
import { table } from '../format.ts';
import { withContext } from '../with-context.ts';

const syncHelp = `
Feeds:
  wordpress  a fact-checker's WordPress REST API: GET <url>/wp-json/wp/v2/posts with
             modified_after (the cursor), orderby=modified, per_page=100. Default:
             TurnBackHoax (https://turnbackhoax.id), claims stored as source "turnbackhoax.id".
  rss        an RSS 2.0 feed of fact-checks (--url is the feed). cekfakta.com documents no
             public API or feed: point --url at a feed you have confirmed it serves.

Only articles whose title carries a false verdict ([SALAH], [HOAKS], [DISINFORMASI] ...) become
claims; the circulated text is taken where the article marks it (NARASI: ..., "dengan narasi:
“...”"), else the title. Each feed keeps a cursor in the database: a sync asks only for what
changed since, and re-running it changes nothing. Requests are paced (20 a minute, 1-3 s apart),
retried with backoff on 429 and 5xx, and identify netra in their User-Agent.

Examples:
  netra claims sync                                   # TurnBackHoax, from its cursor
  netra claims sync --since 2026-01-01                # first sync: only changes since then
  netra claims sync --pipeline pipelines/daily-scan.yaml   # the pipeline's claimFeeds
  netra claims sync --kind rss --url https://example.org/cek-fakta/feed --name example-cekfakta
  netra claims sync --status                          # every feed's cursor and last outcome`;

export function registerClaimsSyncCommand(claims: Command): void {
  claims
    .command('sync')
    .description('pull new and changed debunks from live fact-check feeds (TurnBackHoax by default), incrementally and politely')
    .option('--kind <kind>', 'wordpress or rss', 'wordpress')
    .option('--url <url>', 'the site (wordpress) or the feed (rss)', 'https://turnbackhoax.id')
    .option('--name <name>', "the feed's name: its cursor and its claims' source (default: the host)")
    .option('--since <date>', 'first sync only: changes since YYYY-MM-DD (default: everything)')
    .option('--max-pages <n>', 'requests per sync at most (100 posts each)', '50')
    .option('--pipeline <file>', "sync the pipeline's claimFeeds instead")
    .option('--status', "list every feed's cursor and last outcome, and sync nothing")
    .option('--json', 'print the summary as JSON')
    .addHelpText('after', syncHelp)
    .action(
      withContext(
        async (
          ctx,
          o: {
            kind: string;
            url: string;
            name?: string;
            since?: string;
            maxPages: string;
            pipeline?: string;
            status?: boolean;
            json?: boolean;
          },
        ) => {
          const { db } = await ctx.db();
          if (o.status) {
            const rows = await listFeedCursors(db);
            if (o.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
            else
              process.stdout.write(
                `${table(
                  ['feed', 'cursor (modified after)', 'last run', 'status', 'claims new/updated', 'message'],
                  rows.map((r) => [
                    r.feed,
                    r.modifiedAfter?.toISOString() ?? '-',
                    r.lastRunAt.toISOString(),
                    r.lastStatus,
                    `${r.claimsCreated}/${r.claimsUpdated}`,
                    r.lastMessage ?? '',
                  ]),
                  { maxWidth: [24, 26, 26, 8, 20, 60] },
                )}\n`,
              );
            return 0;
          }
          let feeds: ClaimFeedConfig[];
          if (o.pipeline) {
            feeds = ((await loadPipeline(o.pipeline)).pipeline.claimFeeds ?? []) as ClaimFeedConfig[];
            if (feeds.length === 0) throw new UserError(`${o.pipeline} names no claimFeeds`);
          } else {
            if (o.kind !== 'wordpress' && o.kind !== 'rss')
              throw new UserError(`--kind ${JSON.stringify(o.kind)} must be wordpress or rss`);
            if (!URL.canParse(o.url) || !/^https?:$/.test(new URL(o.url).protocol))
              throw new UserError(`--url ${JSON.stringify(o.url)} must be an http(s) URL`);
            if (o.since !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(o.since) || Number.isNaN(Date.parse(o.since))))
              throw new UserError(`--since ${JSON.stringify(o.since)} must be a date YYYY-MM-DD`);
            const maxPages = Number(o.maxPages);
            if (!Number.isInteger(maxPages) || maxPages < 1)
              throw new UserError(`--max-pages ${JSON.stringify(o.maxPages)} must be a whole number from 1`);
            if (o.name !== undefined && !/^[a-z0-9][a-z0-9_.-]*$/.test(o.name))
              throw new UserError(`--name ${JSON.stringify(o.name)} must be a lowercase name like "turnbackhoax.id"`);
            feeds = [{ kind: o.kind, url: o.url, maxPages, ...(o.name ? { name: o.name } : {}), ...(o.since ? { since: o.since } : {}) }];
          }
          const http = politeFeedHttp({ logger: ctx.logger });
          const out: FeedSyncSummary[] = [];
          for (const f of feeds) out.push(await syncClaimFeed(db, f, http, { logger: ctx.logger, actor: 'cli:claims-sync' }));
          if (out.some((s) => s.created + s.updated > 0)) await refreshClaimsSnapshot(db, ctx.config);
          if (o.json) process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
          else {
            process.stdout.write(
              `${table(
                ['feed', 'status', 'requests', 'items', 'claims new', 'updated', 'unchanged', 'not debunks', 'cursor'],
                out.map((s) => [
                  s.feed,
                  s.status,
                  s.pages,
                  s.items,
                  s.created,
                  s.updated,
                  s.unchanged,
                  s.skipped.length,
                  `${s.to ?? '-'}${s.more ? ' (more next time)' : ''}`,
                ]),
              )}\n`,
            );
            for (const s of out) if (s.message) process.stderr.write(`${s.feed}: ${s.message}\n`);
          }
          return out.some((s) => s.status !== 'ok') ? 1 : 0;
        },
      ),
    );
}
