import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { UserError } from '../domain/errors.ts';
import { accountDigest, tombstoneDigest } from '../domain/erasure-digest.ts';
import { appendAudit } from '../repositories/audit.repository.ts';
import { erasureOf, findPersonForErasure, liftTombstones, scrubPerson } from '../repositories/erasure.repository.ts';
import { appendCustody } from '../repositories/evidence.repository.ts';
import { ownerNeeded, withHistoryUnlocked } from '../repositories/history-guard.repository.ts';
import { releasesContaining } from '../repositories/export-releases.repository.ts';
import { modelsTrainedOn } from '../repositories/model-training.repository.ts';

/** What erasure needs of the evidence store: removing a file. */
export interface ErasableStore {
  discard(storagePath: string): Promise<void>;
}

export interface ErasureReport {
  erasureId: number;
  personId: number;
  counts: Record<string, number>;
  filesDeleted: number;
  /** Releases taken before that contain the person: to recall (their files are outside netra's reach). */
  releases: { releaseId: string; outDir: string; posts: number }[];
  /** Model versions trained on the person's reviewed posts: to retrain without them (the mapping itself is erased). */
  models: { task: string; version: string }[];
}

/**
 * Erase a person (UU PDP 27/2022 art. 8): see scrubPerson for what goes. All in one
 * transaction; the append-only triggers of evidence and decisions are disabled within it only
 * (ALTER TABLE holds its lock to the commit, so no other session ever sees them off), which
 * only the schema's owner may do: on a least-privilege database this runs as the owner, like
 * `netra db migrate`. The audit log gets `person.erased` naming the erasure's id, nothing else;
 * the custody chain an `erased` entry per evidence file. Files are deleted after the commit.
 */
export async function erasePerson(o: {
  db: Kysely<Database>;
  person: string;
  reason: string;
  actor: string;
  store: ErasableStore;
}): Promise<ErasureReport> {
  const reason = o.reason.trim();
  if (reason.length < 10) throw new UserError('--reason must say why (at least 10 characters): the request, its date, its reference');
  const person = await findPersonForErasure(o.db, o.person);
  if (!person) throw new UserError(`no person ${JSON.stringify(o.person)} in the registry (give the id, the registry key or the NIP)`);
  const done = await erasureOf(o.db, person.id);
  if (done) throw new UserError(`person #${person.id} was already erased (erasure #${done.id}, ${done.erased_at.toISOString()})`);
  const releases = await releasesContaining(o.db, person.id);
  const models = await modelsTrainedOn(o.db, person.id);

  const result = await o.db
    .transaction()
    .execute(async (trx) => {
      const erasure = await trx
        .insertInto('person_erasures')
        .values({ person_id: person.id, actor: o.actor, reason })
        .returning('id')
        .executeTakeFirstOrThrow();
      const scrub = await withHistoryUnlocked(trx, () => scrubPerson(trx, person, erasure.id));
      await trx
        .updateTable('person_erasures')
        .set({ counts: JSON.stringify(scrub.counts) })
        .where('id', '=', erasure.id)
        .execute();
      await appendCustody(
        trx,
        scrub.evidenceIds.map((id) => ({
          evidenceId: id,
          actor: o.actor,
          action: 'erased' as const,
          sha256Observed: null,
          detail: { erasure: erasure.id },
        })),
      );
      await appendAudit(trx, {
        actor: o.actor,
        action: 'person.erased',
        entityType: 'person',
        entityId: person.id,
        context: { erasure: erasure.id },
      });
      return { erasureId: erasure.id, scrub };
    })
    .catch((e: unknown) => {
      throw ownerNeeded('erasure', e);
    });
  let filesDeleted = 0;
  for (const p of result.scrub.filesToDelete) {
    await o.store.discard(p);
    filesDeleted++;
  }
  return {
    erasureId: result.erasureId,
    personId: person.id,
    counts: result.scrub.counts,
    filesDeleted,
    releases: releases.map((r) => ({ releaseId: r.releaseId, outDir: r.outDir, posts: r.posts })),
    models: models.map((m) => ({ task: m.task, version: m.version })),
  };
}

/**
 * Lift an erasure's block on re-collection for some identifiers (an admin decides the person may
 * be registered again, e.g. the request was withdrawn). Identifiers: `nip:<NIP>`, a registry
 * key, or `<platform>:<handle>`.
 */
export async function liftErasure(o: {
  db: Kysely<Database>;
  identifiers: readonly string[];
  reason: string;
  actor: string;
}): Promise<number> {
  if (o.reason.trim().length < 10) throw new UserError('--reason must say why the block is lifted (at least 10 characters)');
  const digests = o.identifiers.flatMap((raw) => {
    const id = raw.trim();
    const m = /^(x|instagram|facebook|tiktok):@?(.+)$/i.exec(id);
    if (m) return [accountDigest(m[1]!, m[2]!)];
    if (/^nip:/i.test(id)) return [tombstoneDigest('person_key', id), tombstoneDigest('nip', id.slice(4))];
    return [tombstoneDigest('person_key', id)];
  });
  return o.db.transaction().execute(async (trx) => {
    const lifted = await liftTombstones(trx, digests);
    if (lifted.length === 0) throw new UserError(`no erasure blocks ${o.identifiers.join(', ')}`);
    const erasures = [...new Set(lifted.map((l) => l.erasure_id))];
    // The reason and identifiers stay out of the immutable log: it says which erasures and how many.
    for (const e of erasures) {
      await trx
        .updateTable('person_erasures')
        .set({ reason: sql`reason || ${`\n[lifted ${new Date().toISOString()} by ${o.actor}] ${o.reason.trim()}`}` })
        .where('id', '=', e)
        .execute();
      await appendAudit(trx, {
        actor: o.actor,
        action: 'person.erasure_lifted',
        entityType: 'erasure',
        entityId: e,
        context: { tombstones: lifted.filter((l) => l.erasure_id === e).length },
      });
    }
    return lifted.length;
  });
}
