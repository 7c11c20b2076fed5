/**
 * A collection run in its own process, for the kill-and-rerun test: imports the pipeline's
 * registry, then collects every selected account, printing `collected <handle>` as each one
 * commits. Environment: PIPELINE (file), NETRA_DATABASE_URL + SCHEMA or NETRA_DB_PATH, EVIDENCE_DIR.
 */
import { openDatabase } from '../../src/db/connect.ts';
import { directoryEvidenceStore } from '../../src/collect/evidence/evidence-store.ts';
import { openSource } from '../../src/collect/source-factory.ts';
import type { Source } from '../../src/collect/source.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { loadPipeline } from '../../src/pipeline/pipeline.load.ts';
import { collectStage } from '../../src/pipeline/stages/collect.stage.ts';
import { importAccountsCsv } from '../../src/registry/accounts-import.ts';
import { listAccounts } from '../../src/repositories/registry.repository.ts';

const env = process.env;
const d = await openDatabase({ databaseUrl: env.NETRA_DATABASE_URL, dbPath: env.NETRA_DB_PATH ?? '', ...(env.SCHEMA ? { schema: env.SCHEMA } : {}) });
const loaded = await loadPipeline(env.PIPELINE!);
await importAccountsCsv(d.db, loaded.resolve(loaded.pipeline.registry!));
const accounts = await listAccounts(d.db, { handles: loaded.pipeline.accounts.handles ?? [] });
const store = directoryEvidenceStore(env.EVIDENCE_DIR!);
const sources: Source[] = [];
for (const s of loaded.pipeline.sources) sources.push(await openSource(s, { resolve: loaded.resolve, evidenceStore: store, config: { chromiumPath: env.NETRA_CHROMIUM_PATH ?? '/usr/bin/chromium', evidenceDir: env.EVIDENCE_DIR!, xApiBearerToken: undefined } }));
let n = 0;
const stats = await collectStage({
  db: d.db,
  sources,
  accounts,
  logger: silentLogger(),
  actor: 'system:child',
  progress: { tick: () => process.stdout.write(`collected ${accounts[n++]?.handle}\n`), setTotal: () => undefined, done: () => undefined },
});
for (const s of sources) await s.close?.();
await d.close();
process.stdout.write(`done ${stats.postsNew} new ${stats.postsUnchanged} unchanged\n`);
