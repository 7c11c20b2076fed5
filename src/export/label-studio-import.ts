import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { InputFileError, UserError } from '../domain/errors.ts';
import type { NetraDatabase } from '../db/connect.ts';
import { appendAudit } from '../repositories/audit.repository.ts';
import { postsOfPseudonyms, upsertAnnotations } from '../repositories/export-releases.repository.ts';
import { kappaPerPair, type PairAgreement } from './label-studio-agreement.ts';
import { parseLabelStudioExport } from './label-studio.ts';

export interface LabelImportResult {
  importId: string;
  tasks: number;
  annotations: number;
  inserted: number;
  updated: number;
  skipped: number;
  /** Cohen's kappa per label for each pair of annotators in the file (netra's own decisions left out). */
  agreement: PairAgreement[];
}

/**
 * Bring annotations made in Label Studio on a netra export back into netra: each task's
 * `data.netra_id` is looked up among the releases netra recorded; every annotation is stored with
 * provenance `label-studio:<annotator>`. All or nothing: one bad task or unknown id and nothing
 * is stored. Re-importing the same file changes nothing.
 */
export async function importLabelStudio(d: NetraDatabase, file: string, actor: string): Promise<LabelImportResult> {
  const text = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw new UserError(`cannot read ${file}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
  });
  const parsed = parseLabelStudioExport(text, file);
  const posts = await postsOfPseudonyms(d.db, [...new Set(parsed.annotations.map((a) => a.netraId))]);
  const unknown = parsed.annotations.filter((a) => !posts.has(a.netraId));
  if (unknown.length) {
    throw new InputFileError(
      unknown.map((a) => ({
        file,
        line: a.task,
        field: `[${a.task - 1}].data.netra_id`,
        message: `task ${a.task}: ${a.netraId} is not a post of any export this database made`,
      })),
    );
  }
  const agreement = kappaPerPair(parsed.annotations);
  const importId = randomUUID();
  const base = path.basename(file);
  const result = await d.db.transaction().execute(async (trx) => {
    const r = await upsertAnnotations(
      trx,
      importId,
      parsed.annotations.map((a) => ({
        postId: posts.get(a.netraId)!.postId,
        labels: a.labels,
        annotator: a.annotator,
        provenance: `label-studio:${a.annotator}`,
        annotatedAt: a.annotatedAt,
        sourceRef: `task=${a.taskId}/annotation=${a.annotationId}`,
      })),
    );
    await appendAudit(trx, {
      actor,
      action: 'annotations.imported',
      entityType: 'annotation_import',
      entityId: importId,
      after: {
        file: base,
        tasks: parsed.tasks,
        annotations: parsed.annotations.length,
        ...r,
        skipped: parsed.skipped,
        agreement: agreement.map((p) => ({
          a: p.a,
          b: p.b,
          posts: p.posts,
          kappa: Object.fromEntries(Object.entries(p.perLabel).map(([l, k]) => [l, k.kappa])),
        })),
      },
    });
    return r;
  });
  return { importId, tasks: parsed.tasks, annotations: parsed.annotations.length, skipped: parsed.skipped, agreement, ...result };
}
