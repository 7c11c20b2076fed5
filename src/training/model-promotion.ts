import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { UserError } from '../domain/errors.ts';
import { appendAudit, auditHistory } from '../repositories/audit.repository.ts';
import { currentVersion, listVersions, setCurrent } from './model-versions.ts';

/**
 * Put `version` of `task` in use (models/<task>/CURRENT), audited as `actor`. Returns the
 * version in use before.
 */
export async function promoteModel(db: Kysely<Database>, modelsDir: string, task: string, version: string, actor: string): Promise<string | undefined> {
  const before = await setCurrent(modelsDir, task, version);
  await appendAudit(db, { actor, action: 'model.promoted', entityType: 'model', entityId: task, before: { version: before ?? null }, after: { version } });
  return before;
}

/**
 * Go back to the version of `task` in use before the promotion that made the current one
 * current (else the version folder before it), audited as `actor`.
 */
export async function rollbackModel(db: Kysely<Database>, modelsDir: string, task: string, actor: string): Promise<{ from: string; to: string }> {
  const now = await currentVersion(modelsDir, task);
  if (!now) throw new UserError(`no model versions for task "${task}" in ${modelsDir}`);
  // The promotion that made the current version current, newest first.
  const promotions = (await auditHistory(db, 'model', task)).filter((e) => e.action === 'model.promoted' || e.action === 'model.rolled_back').reverse();
  const last = promotions.find((p) => (p.after as { version?: string } | null)?.version === now);
  let target = (last?.before as { version?: string | null } | null)?.version ?? undefined;
  if (!target) {
    const names = (await listVersions(modelsDir, task)).map((v) => v.version);
    target = names[names.indexOf(now) - 1];
  }
  if (!target || target === now) throw new UserError(`${task}: no earlier version to roll back to from ${now}`);
  await setCurrent(modelsDir, task, target);
  await appendAudit(db, { actor, action: 'model.rolled_back', entityType: 'model', entityId: task, before: { version: now }, after: { version: target } });
  return { from: now, to: target };
}
