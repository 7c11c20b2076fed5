import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../domain/errors.ts';
import type { Logger } from '../log/logger.ts';
import { createProgress } from '../log/progress.ts';
import { appendAudit } from '../repositories/audit.repository.ts';
import { type Db } from '../db/handle.ts';
import { recordRelease } from '../repositories/export-releases.repository.ts';
import {
  annotationsOf,
  decisionsOf,
  exportSourceRows,
  registryIdentifiers,
  type ExportFilter,
  type ExportSourceRow,
} from '../repositories/export.repository.ts';
import { toDatasetRow, type DatasetRow, type TimeGranularity } from './dataset-row.ts';
import { writeTable, type TableFormat } from './dataset-writers.ts';
import { renderDatasheet } from './datasheet.ts';
import { releaseSources, type ReleaseSourceDirs } from './release-sources.ts';
import { DEFAULT_LEXICON_DIR, PACKAGE_ROOT } from '../config/paths.ts';
import { computeStats, type ExportStats } from './export-stats.ts';
import { resolveHumanLabels, type HumanLabels, type Judgement } from '../domain/human-labels.ts';
import { labelStudioConfig, toLabelStudioTasks } from './label-studio.ts';
import { checkKeyPath, writeKeyFile } from './key-file.ts';
import { Pseudonymiser } from './pseudonym.ts';
import { createRedactor, emptyCounts } from './redact.ts';
import { assignSplits, DEFAULT_RATIOS, SPLITS, type SplitRatios } from './splits.ts';

/** Review decisions of flags, as judgements; supplied by the review part of netra. */
export type DecisionSource = (db: Db, flagIds: readonly number[]) => Promise<Map<number, Judgement[]>>;

export interface ExportOptions {
  outDir: string;
  filter: ExportFilter;
  formats: TableFormat[];
  labelStudio: boolean;
  idsOnly: boolean;
  time: TimeGranularity;
  seed: number;
  ratios?: SplitRatios;
  /** `user:<name>`: recorded in the audit log and the release, never in the export. */
  actor: string;
  purpose: string | null;
  netraVersion: string;
  /** Where to keep the pseudonym key, when the user asks (must be outside `outDir`). */
  saveKeyTo?: string;
  /** @default the review app's decision log */
  decisions?: DecisionSource;
  secondReviewShare?: number | null;
  logger: Logger;
  /** Public names kept in text (candidates, parties). */
  keepWords?: readonly string[];
  /** Where the models and lexicons behind the release's labels are, for the datasheet's licences. @default the shipped ones */
  sourceDirs?: ReleaseSourceDirs;
  /** Days netra keeps the release's mappings (retention), for the datasheet. @default null (until erased) */
  retainExportsDays?: number | null;
}

export interface ExportResult {
  releaseId: string;
  outDir: string;
  files: { path: string; sha256: string; bytes: number }[];
  stats: ExportStats;
}

const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

async function ensureEmptyDir(dir: string): Promise<void> {
  const existing = await readdir(dir).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return null;
    throw e;
  });
  if (existing && existing.length > 0) throw new UserError(`--out ${dir} is not empty: an export goes into a new or empty folder`);
  await mkdir(path.join(dir, 'data'), { recursive: true });
}

/**
 * Write a research export: pseudonymised, redacted rows split train/dev/test, a datasheet
 * (README.md, a Hugging Face dataset card) and a manifest of file hashes and versions. The
 * caller has checked that the user may export. The release is recorded in the database and
 * the audit log.
 */
export async function exportDataset(db: Db, o: ExportOptions): Promise<ExportResult> {
  const outDir = path.resolve(o.outDir);
  if (o.saveKeyTo) await checkKeyPath(o.saveKeyTo, outDir);
  if (o.idsOnly && o.filter.includeDeleted)
    throw new UserError('--ids-only cannot include deleted posts: ids are shared for rehydration, which must honour deletions');
  await ensureEmptyDir(outDir);
  const releaseId = randomUUID();
  const createdAt = new Date();
  const ratios = o.ratios ?? DEFAULT_RATIOS;
  const pseudonyms = new Pseudonymiser();
  const registry = await registryIdentifiers(db);
  const redactor = createRedactor({ ...registry, keepWords: o.keepWords ?? [] });
  const redactions = emptyCounts();

  // 1. Read every matching post with what people said about it.
  const progress = createProgress({ label: 'export', logger: o.logger });
  const sources: { src: ExportSourceRow; human: HumanLabels }[] = [];
  let afterId = 0;
  for (;;) {
    const page = await exportSourceRows(db, o.filter, { afterId, limit: 2000 });
    if (page.length === 0) break;
    afterId = page[page.length - 1]!.postId;
    const flagIds = page.flatMap((r) => (r.flagId === null ? [] : [r.flagId]));
    const decisions = await (o.decisions ?? decisionsOf)(db, flagIds);
    const annotations = new Map<number, Judgement[]>();
    for (const a of await annotationsOf(
      db,
      page.map((r) => r.postId),
    )) {
      const list = annotations.get(a.postId) ?? [];
      list.push({
        source: 'label-studio',
        who: a.provenance,
        round: 1,
        decision: 'annotate',
        labels: a.labels,
        at: a.annotatedAt ?? a.importedAt,
      });
      annotations.set(a.postId, list);
    }
    for (const src of page) {
      const human = resolveHumanLabels({
        flagLabels: src.flagLabels,
        flagModelLabels: src.flagModelLabels,
        flagStatus: src.flagStatus,
        decisions: src.flagId === null ? [] : (decisions.get(src.flagId) ?? []),
        annotations: annotations.get(src.postId) ?? [],
      });
      sources.push({ src, human });
    }
    progress.tick(page.length);
  }
  progress.done();

  // 2. Split by a hash of the person's stable key (else the account, else the post): stable when posts are deleted.
  const splits = assignSplits(
    sources.map(({ src }) => ({
      group:
        src.personKey !== null ? `person:${src.personKey}` : src.accountId !== null ? `account:${src.accountId}` : `post:${src.postId}`,
    })),
    o.seed,
    ratios,
  );
  const ctx = { pseudonyms, redactor, redactions, time: o.time, idsOnly: o.idsOnly };
  const built = sources.map(({ src, human }, i) => ({ row: toDatasetRow(src, human, splits[i]!, ctx), postId: src.postId }));
  // Order by time, then pseudonym: nothing about the database's ids shows through.
  built.sort((a, b) => (a.row.time ?? '').localeCompare(b.row.time ?? '') || a.row.id.localeCompare(b.row.id));
  const rows: DatasetRow[] = built.map((b) => b.row);

  // 3. Write the data files.
  const files: ExportResult['files'] = [];
  const put = async (rel: string, bytes: Uint8Array | string) => {
    const buf = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
    if (typeof bytes === 'string') await writeFile(path.join(outDir, rel), buf);
    files.push({ path: rel, sha256: sha256(buf), bytes: buf.byteLength });
  };
  for (const split of SPLITS) {
    const part = rows.filter((r) => r.split === split);
    for (const format of o.formats) {
      const rel = `data/${split}.${format}`;
      await put(rel, await writeTable(path.join(outDir, rel), part, format, o.idsOnly));
    }
  }
  if (o.labelStudio && !o.idsOnly) {
    await mkdir(path.join(outDir, 'label-studio'), { recursive: true });
    await put('label-studio/tasks.json', `${JSON.stringify(toLabelStudioTasks(rows), null, 1)}\n`);
    await put('label-studio/config.xml', labelStudioConfig());
  }

  // 4. Datasheet and manifest.
  const stats = computeStats(
    rows,
    sources.map((s) => s.human.pair),
    redactions,
  );
  const uniq = (xs: string[]) => [...new Set(xs)].sort();
  const models: Record<string, string[]> = {};
  for (const { src } of sources)
    for (const [task, v] of Object.entries(src.modelVersions ?? {})) models[task] = uniq([...(models[task] ?? []), v]);
  const versions = {
    classifiers: uniq(sources.map((s) => s.src.classifierKey)),
    nlp: uniq(sources.map((s) => s.src.nlpVersion)),
    lexicon: uniq(sources.map((s) => s.src.lexiconVersion)),
    models,
  };
  const filters = { ...o.filter };
  await put(
    'README.md',
    renderDatasheet({
      releaseId,
      createdAt,
      netraVersion: o.netraVersion,
      formats: o.formats,
      idsOnly: o.idsOnly,
      time: o.time,
      seed: o.seed,
      ratios,
      filters,
      stats,
      versions,
      labelStudio: o.labelStudio && !o.idsOnly,
      secondReviewShare: o.secondReviewShare ?? null,
      sources: await releaseSources(db, {
        ...(o.sourceDirs ?? { modelsDir: path.join(PACKAGE_ROOT, 'models'), lexiconDir: DEFAULT_LEXICON_DIR }),
        platforms: stats.platforms,
        models: versions.models,
      }),
      retainExportsDays: o.retainExportsDays ?? null,
      keySaved: Boolean(o.saveKeyTo),
    }),
  );
  const manifest = {
    release: releaseId,
    created_at: createdAt.toISOString(),
    netra_version: o.netraVersion,
    versions,
    filters,
    formats: o.formats,
    ids_only: o.idsOnly,
    time_granularity: o.time,
    seed: o.seed,
    split_ratios: ratios,
    counts: { rows: stats.rows, per_split: stats.perSplit, reviewed: stats.reviewed, deleted: stats.deleted },
    pseudonymisation: { method: 'HMAC-SHA256', key: 'random per release; not in this export' },
    redactions,
    files,
  };
  const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
  await writeFile(path.join(outDir, 'manifest.json'), manifestText);
  const manifestSha256 = sha256(manifestText);

  if (o.saveKeyTo)
    await writeKeyFile(o.saveKeyTo, outDir, `${JSON.stringify({ release: releaseId, hmac_sha256_key_hex: pseudonyms.keyHex() })}\n`);

  // 5. Record who exported what (the audit log is append-only).
  const counts = { rows: stats.rows, ...stats.perSplit, reviewed: stats.reviewed, deleted: stats.deleted };
  await recordRelease(
    db,
    { id: releaseId, actor: o.actor, purpose: o.purpose, outDir, filters, counts, manifestSha256 },
    built.map((b) => ({ pseudonym: b.row.id, postId: b.postId })),
  );
  await appendAudit(db, {
    actor: o.actor,
    action: 'export.created',
    entityType: 'export',
    entityId: releaseId,
    after: {
      out_dir: outDir,
      filters,
      formats: o.formats,
      ids_only: o.idsOnly,
      label_studio: o.labelStudio,
      seed: o.seed,
      counts,
      manifest_sha256: manifestSha256,
      key_saved: Boolean(o.saveKeyTo),
    },
    context: o.purpose ? { purpose: o.purpose } : undefined,
  });
  o.logger.info({ release: releaseId, rows: stats.rows, out: outDir }, 'export written');
  return {
    releaseId,
    outDir,
    files: [...files, { path: 'manifest.json', sha256: manifestSha256, bytes: Buffer.byteLength(manifestText) }],
    stats,
  };
}
