import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { UserError } from '../domain/errors.ts';
import { appendAudit, auditHistory } from '../repositories/audit.repository.ts';
import type { Comparison } from './review-comparison.ts';
import { currentVersion, listVersions, setCurrent } from './model-versions.ts';

/** The verdict `train --with-reviews` wrote next to a version (comparison.json), or null for a version trained without reviews. */
export async function readVerdict(modelsDir: string, task: string, version: string): Promise<Comparison['verdict'] | null> {
  const file = path.join(modelsDir, task, version, 'comparison.json');
  if (!existsSync(file)) return null;
  const c = JSON.parse(await readFile(file, 'utf8')) as Partial<Comparison>;
  // A comparison from before intervals were kept has no verdict: nothing shows its gain is beyond noise.
  return c.verdict ?? { clearGain: false, reason: 'its comparison.json has no confidence intervals (written before they were measured)' };
}

/**
 * Put `version` of `task` in use (models/<task>/CURRENT), audited as `actor`. A version trained
 * with reviews whose gain is within noise (comparison.json's verdict) is refused unless `force`
 * gives a reason (at least 10 characters), which goes to the audit log. Returns the version in
 * use before.
 */
export async function promoteModel(
  db: Kysely<Database>,
  modelsDir: string,
  task: string,
  version: string,
  actor: string,
  o: { force?: string | undefined; context?: Record<string, unknown> } = {},
): Promise<string | undefined> {
  const verdict = await readVerdict(modelsDir, task, version);
  const forced = o.force?.trim() || null;
  if (verdict && !verdict.clearGain) {
    if (!forced || forced.length < 10) {
      await appendAudit(db, {
        actor,
        action: 'model.promote_refused',
        entityType: 'model',
        entityId: task,
        after: { version },
        context: { ...o.context, reason: verdict.reason },
      });
      throw new UserError(
        `${task}: ${version} is not promoted: the gain is within noise (${verdict.reason}). To promote it anyway, give --force "REASON" (at least 10 characters; it goes to the audit log).`,
      );
    }
  }
  const before = await setCurrent(modelsDir, task, version);
  await appendAudit(db, {
    actor,
    action: 'model.promoted',
    entityType: 'model',
    entityId: task,
    before: { version: before ?? null },
    after: { version },
    context: { ...o.context, ...(verdict ? { verdict } : {}), ...(verdict && !verdict.clearGain ? { forced } : {}) },
  });
  return before;
}

/**
 * The versions in use before the current one, most recent last, replayed from the audit log: a
 * promotion pushes the version it replaced, a rollback pops it. So a second rollback goes
 * further back instead of re-promoting the version just rolled back.
 */
export async function rollbackStack(db: Kysely<Database>, task: string): Promise<{ stack: string[]; events: number }> {
  const stack: string[] = [];
  const events = (await auditHistory(db, 'model', task)).filter((e) => e.action === 'model.promoted' || e.action === 'model.rolled_back');
  for (const e of events) {
    const before = (e.before as { version?: string | null } | null)?.version ?? null;
    const after = (e.after as { version?: string | null } | null)?.version ?? null;
    if (e.action === 'model.rolled_back') stack.pop();
    else if (before && before !== after) stack.push(before);
  }
  return { stack, events: events.length };
}

/**
 * Go back to the version of `task` that was in use before the current one (the top of
 * {@link rollbackStack}), audited as `actor`. Without any promotion on record, the version folder
 * before the current one; once the stack is empty, there is nothing earlier to go back to.
 */
export async function rollbackModel(
  db: Kysely<Database>,
  modelsDir: string,
  task: string,
  actor: string,
): Promise<{ from: string; to: string }> {
  const now = await currentVersion(modelsDir, task);
  if (!now) throw new UserError(`no model versions for task "${task}" in ${modelsDir}`);
  const { stack, events } = await rollbackStack(db, task);
  let target = stack[stack.length - 1];
  if (events === 0) {
    const names = (await listVersions(modelsDir, task)).map((v) => v.version);
    target = names[names.indexOf(now) - 1];
  }
  if (!target || target === now)
    throw new UserError(
      `${task}: no earlier version to roll back to from ${now}${events ? ' (every earlier promotion has been rolled back)' : ''}`,
    );
  await setCurrent(modelsDir, task, target);
  await appendAudit(db, {
    actor,
    action: 'model.rolled_back',
    entityType: 'model',
    entityId: task,
    before: { version: now },
    after: { version: target },
  });
  return { from: now, to: target };
}
