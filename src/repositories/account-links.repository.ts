import { sql, type Kysely } from 'kysely';
import type { Db } from '../db/handle.ts';
import type { Database } from '../db/schema.ts';
import { IDENTITY_DISPUTED_TAG } from '../domain/decisions.ts';
import { appendAudit } from './audit.repository.ts';

/**
 * Mark the account behind a post as not (surely) this person's: an analyst dismissed a flag as
 * "wrong identity". The link's person, source and confidence stay as they were (nothing stored
 * is lost; the schema needs a person on every account), but the account carries
 * {@link IDENTITY_DISPUTED_TAG} until someone re-checks the link, and the audit log says who
 * disputed it and on which flag. Returns the account id, or null when the post has no account.
 */
export async function disputeAccountLink(
  db: Kysely<Database>,
  o: { postId?: number; accountId?: number; flagId: number; actor: string; now: Date },
): Promise<number | null> {
  // A post flag names the post; an engagement flag names the accounts of its items.
  const accountId =
    o.accountId ??
    (
      await db
        .selectFrom('posts')
        .select('account_id')
        .where('id', '=', o.postId ?? -1)
        .executeTakeFirst()
    )?.account_id;
  const acc =
    accountId == null
      ? undefined
      : await db
          .selectFrom('accounts as a')
          .select(['a.id', 'a.person_id', 'a.tags', 'a.link_source', 'a.link_confidence'])
          .where('a.id', '=', accountId)
          .executeTakeFirst();
  if (!acc) return null;
  const tags = acc.tags ?? [];
  if (!tags.includes(IDENTITY_DISPUTED_TAG)) {
    await db
      .updateTable('accounts')
      .set({ tags: JSON.stringify([...tags, IDENTITY_DISPUTED_TAG]), updated_at: o.now })
      .where('id', '=', acc.id)
      .execute();
  }
  await appendAudit(db, {
    actor: o.actor,
    action: 'account.identity_disputed',
    entityType: 'account',
    entityId: acc.id,
    before: { personId: acc.person_id, tags },
    after: {
      personId: acc.person_id,
      tags: tags.includes(IDENTITY_DISPUTED_TAG) ? tags : [...tags, IDENTITY_DISPUTED_TAG],
      pendingReview: true,
    },
    context: { flagId: o.flagId, linkSource: acc.link_source, linkConfidence: acc.link_confidence },
  });
  return acc.id;
}

/** Whether the account (platform, handle) carries the identity-disputed tag. */
export async function disputedAccount(db: Db, platform: string, handle: string): Promise<boolean> {
  const row = await db
    .selectFrom('accounts')
    .select('id')
    .where('platform', '=', platform)
    .where('handle', '=', handle)
    .where(sql<boolean>`tags @> ${JSON.stringify([IDENTITY_DISPUTED_TAG])}::jsonb`)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Clear an account's identity dispute: someone re-checked the link (the registry import then
 * updates the account again from the CSV). Audited as `account.identity_dispute_cleared` with
 * the account id and the person it is linked to; returns false when there was no dispute.
 */
export async function clearAccountDispute(db: Kysely<Database>, o: { accountId: number; actor: string; now: Date }): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const acc = await trx.selectFrom('accounts').select(['id', 'person_id', 'tags']).where('id', '=', o.accountId).executeTakeFirst();
    const tags = acc?.tags ?? [];
    if (!acc || !tags.includes(IDENTITY_DISPUTED_TAG)) return false;
    const after = tags.filter((t) => t !== IDENTITY_DISPUTED_TAG);
    await trx
      .updateTable('accounts')
      .set({ tags: JSON.stringify(after), updated_at: o.now })
      .where('id', '=', acc.id)
      .execute();
    await appendAudit(trx, {
      actor: o.actor,
      action: 'account.identity_dispute_cleared',
      entityType: 'account',
      entityId: acc.id,
      before: { personId: acc.person_id, tags },
      after: { personId: acc.person_id, tags: after },
    });
    return true;
  });
}
