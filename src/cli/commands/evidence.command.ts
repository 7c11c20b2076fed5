import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { directoryEvidenceStore } from '../../collect/evidence/evidence-store.ts';
import { verifyEvidence } from '../../collect/evidence/evidence-verify.ts';
import { custodyOf, evidenceForPost } from '../../repositories/evidence.repository.ts';
import { UserError } from '../../domain/errors.ts';
import { table } from '../format.ts';
import { withContext } from '../with-context.ts';

const ids = (v: string[] | undefined, flag: string) =>
  v?.map((x) => {
    const n = Number(x);
    if (!Number.isInteger(n) || n < 1) throw new UserError(`${flag}: ${JSON.stringify(x)} is not a post id`);
    return n;
  });

export function registerEvidenceCommand(program: Command): void {
  const ev = program.command('evidence').description('the evidence store: screenshots and archived pages, with their hashes and chain of custody');
  ev.command('verify')
    .description('hash every stored evidence file again and compare with the SHA-256 recorded at capture (exit 1 on any mismatch or missing file)')
    .option('--post <id...>', 'only the evidence of these posts')
    .option('--analyst <name>', 'who is checking (recorded in the chain of custody)', userInfo().username)
    .option('--no-record', 'do not write the checks to the chain of custody')
    .option('--json', 'print the report as JSON')
    .action(
      withContext(async (ctx, o: { post?: string[]; analyst: string; record: boolean; json?: boolean }) => {
        const { db } = await ctx.db();
        const store = directoryEvidenceStore(ctx.config.evidenceDir);
        const postIds = ids(o.post, '--post');
        const r = await verifyEvidence({ db, store, actor: `user:${o.analyst}`, record: o.record, ...(postIds ? { postIds } : {}) });
        if (o.json) process.stdout.write(`${JSON.stringify({ store: store.where, ...r }, null, 2)}\n`);
        else {
          process.stdout.write(`${r.checked} file(s) checked in ${store.where}: ${r.ok} ok, ${r.mismatched.length} changed, ${r.missing.length} missing\n`);
          for (const m of r.mismatched) process.stdout.write(`  CHANGED  evidence #${m.evidenceId} (post #${m.postId}) ${m.path}: expected ${m.expected}, found ${m.observed}\n`);
          for (const m of r.missing) process.stdout.write(`  MISSING  evidence #${m.evidenceId} (post #${m.postId}) ${m.path}\n`);
        }
        return r.mismatched.length + r.missing.length > 0 ? 1 : 0;
      }),
    );
  ev.command('list')
    .description("a post's evidence files with their chain of custody")
    .requiredOption('--post <id>', 'post id')
    .option('--json', 'JSON instead of tables')
    .action(
      withContext(async (ctx, o: { post: string; json?: boolean }) => {
        const { db } = await ctx.db();
        const postId = ids([o.post], '--post')![0]!;
        const rows = await evidenceForPost(db, postId);
        const store = directoryEvidenceStore(ctx.config.evidenceDir);
        const withCustody = await Promise.all(rows.map(async (e) => ({ ...e, file: store.resolve(e.storage_path), custody: await custodyOf(db, e.id) })));
        if (o.json) {
          process.stdout.write(`${JSON.stringify(withCustody, null, 2)}\n`);
          return;
        }
        if (rows.length === 0) {
          process.stdout.write(`post #${postId} has no evidence\n`);
          return;
        }
        for (const e of withCustody) {
          process.stdout.write(
            `evidence #${e.id} ${e.kind} of post #${e.post_id} v${e.post_version ?? '-'}: ${e.bytes} bytes, sha256 ${e.sha256}\n` +
              `  captured ${e.captured_at.toISOString()} (${e.captured_at_wib ?? '-'}) by ${e.actor ?? '-'} via ${e.source ?? '-'} (${e.method ?? '-'}), ${e.collector_version ?? '-'}\n` +
              `  url  ${e.url ?? '-'}\n  file ${e.file}\n` +
              `${table(
                ['at', 'action', 'by', 'sha256 seen'],
                e.custody.map((c) => [c.at.toISOString(), c.action, c.actor, c.sha256_observed ?? '-']),
              )
                .split('\n')
                .map((l) => `  ${l}`)
                .join('\n')}\n\n`,
          );
        }
      }),
    );
}
