import { describe, expect, it } from 'vitest';
import { POST_KINDS } from '../../../src/domain/raw-post.ts';
import type { Source } from '../../../src/collect/source.ts';
import { silentLogger } from '../../../src/log/logger.ts';
import { collectAccount } from '../../../src/pipeline/jobs/collect-account.ts';
import { ensureAgency, upsertAccount, upsertPerson } from '../../../src/repositories/registry.repository.ts';
import { openTestDb, type TestDb } from '../../helpers/test-db.ts';

// One embedded database for every subject in the file: PGlite takes seconds to start.
let shared: Promise<TestDb> | undefined;
export const conformanceDb = () => (shared ??= openTestDb('pglite'));

/** What a conformance run needs from one source. */
export interface ConformanceSubject {
  source: Source;
  platform: string;
  /** An account the source can list, and how many posts it has. */
  known: { handle: string; posts: number };
  /** A handle the source has nothing for. */
  unknown: string;
  close?(): Promise<void>;
}

const ctx = () => ({ logger: silentLogger() });
const ref = (platform: string, handle: string) => ({ accountId: 1, platform, handle, profileUrl: '' });

/**
 * The contract every Source keeps (file, X API, each web adapter): well-formed posts, the same
 * answer twice, a reason instead of a silent zero, the look-back bound honoured, and storage
 * through collectAccount that duplicates nothing.
 */
export function sourceConformance(label: string, open: () => Promise<ConformanceSubject>): void {
  describe(`Source conformance: ${label}`, () => {
    let s: ConformanceSubject;
    let first: Awaited<ReturnType<Source['collectAccount']>>;
    const subject = async () => (s ??= await open());
    /** The full listing, read once and reused by the checks that compare against it. */
    const full = async () => {
      const { source, platform, known } = await subject();
      return (first ??= await source.collectAccount(ref(platform, known.handle), ctx()));
    };

    it('returns well-formed posts of the account asked for', async () => {
      const { source, platform, known } = await subject();
      const r = await full();
      expect(r.status).toBe('ok');
      expect(r.posts).toHaveLength(known.posts);
      expect(new Set(r.posts.map((p) => p.externalId)).size).toBe(r.posts.length);
      for (const p of r.posts) {
        expect(p.platform).toBe(platform);
        expect(p.handle).toBe(known.handle);
        expect(p.externalId).toMatch(/\S/);
        expect(POST_KINDS).toContain(p.kind);
        expect(typeof p.text).toBe('string');
        expect(p.text).not.toContain('\u0000');
        if (p.postedAt !== null) {
          expect(Number.isNaN(p.postedAt.getTime())).toBe(false);
          expect(p.postedAt.getTime()).toBeLessThan(Date.now() + 86_400_000);
        }
        if (p.url !== null) expect(p.url).toMatch(/^https?:\/\/[^\s]+$/);
      }
      expect(source.platforms).toContain(platform);
    });

    it('gives the same answer twice', async () => {
      const { source, platform, known } = await subject();
      const a = await full();
      const b = await source.collectAccount(ref(platform, known.handle), ctx());
      expect(b.posts.map((p) => [p.externalId, p.text])).toEqual(a.posts.map((p) => [p.externalId, p.text]));
    });

    it('answers an unknown account with a reason or nothing, never with an exception', async () => {
      const { source, platform, unknown } = await subject();
      const r = await source.collectAccount(ref(platform, unknown), ctx());
      expect(r.posts).toHaveLength(0);
      expect(r.complete && r.posts.length === 0 && r.status === 'ok' && source.lookBackMs !== undefined).toBe(false);
      if (r.status !== 'ok') expect(r.message).toBeTruthy();
    });

    it('honours the look-back bound when it re-scans incrementally', async () => {
      const { source, platform, known } = await subject();
      if (source.lookBackMs === undefined) return; // a file is read whole: it has no cursor to stop at
      const all = await full();
      const times = all.posts
        .filter((p) => p.postedAt && !p.pinned)
        .map((p) => p.postedAt!.getTime())
        .sort((x, y) => y - x);
      const bound = new Date(times[Math.floor(times.length / 3)]!);
      const r = await source.collectAccount(ref(platform, known.handle), { ...ctx(), stopBefore: bound });
      const got = new Set(r.posts.map((p) => p.externalId));
      for (const p of all.posts)
        if (p.postedAt && !p.pinned && p.postedAt.getTime() >= bound.getTime()) expect(got.has(p.externalId)).toBe(true);
      if (r.incomplete === 'unordered') {
        // A listing not ordered by time (logged-out X) cannot stop at the bound, and is never complete.
        expect(r).toMatchObject({ status: 'ok', complete: false });
      } else {
        expect(r).toMatchObject({ status: 'ok', complete: true });
        expect(r.posts.length).toBeLessThan(all.posts.length);
      }
    });

    it('never calls a listing cut short by an abort complete', async () => {
      const { source, platform, known } = await subject();
      const r = await source.collectAccount(ref(platform, known.handle), { ...ctx(), signal: AbortSignal.abort() });
      expect(r.status === 'ok' && r.complete && r.posts.length < known.posts).toBe(false);
    });

    it('stores through collectAccount without duplicating anything', async () => {
      const { source, platform, known } = await subject();
      const t = await conformanceDb();
      {
        // Subjects share the database: start from no posts for this handle.
        const ids = (
          await t.db.selectFrom('posts').select('id').where('platform', '=', platform).where('handle', '=', known.handle).execute()
        ).map((r) => r.id);
        if (ids.length > 0) {
          await t.db.deleteFrom('post_versions').where('post_id', 'in', ids).execute();
          await t.db.deleteFrom('posts').where('id', 'in', ids).execute();
        }
        await t.db.deleteFrom('collect_cursors').execute();
        const agencyId = await ensureAgency(t.db, 'Kecamatan Tallo');
        const person = await upsertPerson(t.db, {
          personKey: 'name:x',
          nip: null,
          name: 'X',
          agencyId,
          position: null,
          region: null,
          province: null,
          employmentType: null,
        });
        const acc = await upsertAccount(t.db, {
          personId: person.row.id,
          platform,
          handle: known.handle,
          profileUrl: '',
          linkSource: null,
          linkConfidence: null,
          tags: [],
        });
        const account = { accountId: acc.row.id, platform, handle: known.handle, profileUrl: '' };
        const one = await collectAccount({ db: t.db, source, account, logger: silentLogger(), actor: 'conformance' });
        const two = await collectAccount({ db: t.db, source, account, logger: silentLogger(), actor: 'conformance' });
        expect(one.stored.filter((x) => x.outcome === 'new')).toHaveLength(known.posts);
        expect(two.stored.every((x) => x.outcome === 'unchanged')).toBe(true);
        const rows = await t.db.selectFrom('posts').select('id').where('account_id', '=', acc.row.id).execute();
        expect(rows).toHaveLength(known.posts);
        const versions = await t.db
          .selectFrom('post_versions')
          .select('id')
          .where(
            'post_id',
            'in',
            rows.map((r) => r.id),
          )
          .execute();
        expect(versions).toHaveLength(known.posts);
      }
    });

    it('closes', async () => {
      await (await subject()).close?.();
    });
  });
}
