import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { directoryEvidenceStore } from '../../collect/evidence/evidence-store.ts';
import { verifyEvidence, verifyFailed } from '../../collect/evidence/evidence-verify.ts';
import { custodyOf, evidenceForPost } from '../../repositories/evidence.repository.ts';
import { UserError } from '../../domain/errors.ts';
import type { ChainAnchor } from '../../domain/hash-chain.ts';
import { table } from '../format.ts';
import { anchorOption } from '../options.ts';
import { withContext } from '../with-context.ts';

const ids = (v: string[] | undefined, flag: string) =>
  v?.map((x) => {
    const n = Number(x);
    if (!Number.isInteger(n) || n < 1) throw new UserError(`${flag}: ${JSON.stringify(x)} is not a post id`);
    return n;
  });

export function registerEvidenceCommand(program: Command): void {
  const ev = program
    .command('evidence')
    .description('the evidence store: screenshots and archived pages, with their hashes and chain of custody');
  ev.command('verify')
    .description(
      'check every evidence file against its row, its file name and the hash the chain of custody recorded at capture, and check the chain itself (exit 1 on any mismatch)',
    )
    .option('--post <id...>', 'only the evidence of these posts (the chain is always checked whole)')
    .option(
      '--anchor <seq:hash...>',
      'a chain head written down earlier (as printed by this command): it must still be in the chain, unchanged',
      anchorOption,
    )
    .option('--analyst <name>', 'who is checking (recorded in the chain of custody)', userInfo().username)
    .option('--no-record', 'do not write the checks to the chain of custody')
    .option('--json', 'print the report as JSON')
    .addHelpText(
      'after',
      `
Each file is hashed again and compared with its evidence row, with the SHA-256 its file name
carries, and with the hash the chain of custody recorded when it was first captured. The chain is
a hash chain: every entry carries the previous entry's hash, and its last hash (the head) vouches
for the whole log. Write the printed head down outside netra (a daily anchor) and pass it back
with --anchor to prove the log was not rewritten since. Exit code 1 on any changed or missing
file, a broken chain, or an anchor that no longer matches.`,
    )
    .action(
      withContext(async (ctx, o: { post?: string[]; anchor?: ChainAnchor[]; analyst: string; record: boolean; json?: boolean }) => {
        const { db } = await ctx.db();
        const store = directoryEvidenceStore(ctx.config.evidenceDir);
        const postIds = ids(o.post, '--post');
        const r = await verifyEvidence({
          db,
          store,
          actor: `user:${o.analyst}`,
          record: o.record,
          anchors: o.anchor ?? [],
          ...(postIds ? { postIds } : {}),
        });
        if (o.json) process.stdout.write(`${JSON.stringify({ store: store.where, ...r }, null, 2)}\n`);
        else {
          process.stdout.write(
            `${r.checked} file(s) checked in ${store.where}: ${r.ok} ok, ${r.mismatched.length} changed, ${r.missing.length} missing\n`,
          );
          for (const m of r.mismatched)
            process.stdout.write(`  CHANGED  evidence #${m.evidenceId} (post #${m.postId}) ${m.path}: ${m.reason}\n`);
          for (const m of r.missing) process.stdout.write(`  MISSING  evidence #${m.evidenceId} (post #${m.postId}) ${m.path}\n`);
          const c = r.chain;
          process.stdout.write(
            `chain of custody: ${c.entries} entries, ${c.breaks.length === 0 ? 'intact' : `BROKEN at ${c.breaks.length} entr${c.breaks.length === 1 ? 'y' : 'ies'}`}\n`,
          );
          // An anchor that no longer matches is one of the breaks (with the hash it expected); those that match are listed here.
          for (const b of c.breaks) process.stdout.write(`  BROKEN   ${b.seq !== null ? `custody #${b.seq}` : 'chain'}: ${b.problem}\n`);
          for (const a of c.anchors) if (a.ok) process.stdout.write(`  ANCHOR   #${a.seq} matches\n`);
          if (c.head)
            process.stdout.write(
              `chain head: #${c.head.seq} ${c.head.hash}\n(write it down outside netra; check it later with --anchor ${c.head.seq}:${c.head.hash})\n`,
            );
        }
        return verifyFailed(r) ? 1 : 0;
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
        const withCustody = await Promise.all(
          rows.map(async (e) => ({ ...e, file: store.resolve(e.storage_path), custody: await custodyOf(db, e.id) })),
        );
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
                ['chain', 'at', 'action', 'by', 'sha256 seen'],
                e.custody.map((c) => [`#${c.seq}`, c.at.toISOString(), c.action, c.actor, c.sha256_observed ?? '-']),
              )
                .split('\n')
                .map((l) => `  ${l}`)
                .join('\n')}\n\n`,
          );
        }
      }),
    );
}
