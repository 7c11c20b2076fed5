import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directoryEvidenceStore } from '../../src/collect/evidence/evidence-store.ts';
import { verifyCustodyChain, verifyEvidence } from '../../src/collect/evidence/evidence-verify.ts';
import { verifyAuditChain } from '../../src/domain/audit-chain.ts';
import { exportDataset } from '../../src/export/export-dataset.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { importAccountsCsv } from '../../src/registry/accounts-import.ts';
import { erasePerson, liftErasure } from '../../src/registry/person-erasure.ts';
import { appendAudit, auditChainHead, auditChainPage } from '../../src/repositories/audit.repository.ts';
import { modelsPossiblyTrainedOn } from '../../src/repositories/erasure.repository.ts';
import { modelsTrainedOn, recordTrainingPersons } from '../../src/repositories/model-training.repository.ts';
import { recordEvidence } from '../../src/repositories/evidence.repository.ts';
import { releasesContaining } from '../../src/repositories/export-releases.repository.ts';
import { listAccounts } from '../../src/repositories/registry.repository.ts';
import { filesUnder, leaks, scanExportFixture } from '../helpers/export-fixture.ts';
import { seedUser } from '../helpers/review-seed.ts';
import { openTestDb, testDialects, type TestDb } from '../helpers/test-db.ts';

const NIP = '198703212010011005';
const REGISTRY = 'test/fixtures/export/registry.csv';

const POST_TABLES: Record<string, string> = {
  posts: 'id',
  post_versions: 'post_id',
  classifications: 'post_id',
  flags: 'post_id',
  evidence: 'post_id',
};

/**
 * Every row of every table of netra's schema (and the job queue's, if any), as JSON text; rows
 * of the posts in `skipPosts` (other people's posts, which may mention the person) left out.
 */
async function databaseDump(t: TestDb, skipPosts: ReadonlySet<number> = new Set()): Promise<string> {
  const schemas = t.schema ? [t.schema, `${t.schema}_jobs`] : ['public', 'netra_jobs'];
  const tables = (
    await sql<{ s: string; n: string }>`select table_schema as s, table_name as n from information_schema.tables
      where table_schema in (${sql.join(schemas)}) and table_type = 'BASE TABLE'`.execute(t.db)
  ).rows;
  const out: string[] = [];
  for (const tb of tables) {
    const rows = (
      await sql<{
        j: string;
        o: Record<string, unknown>;
      }>`select row_to_json(x)::text as j, row_to_json(x) as o from ${sql.id(tb.s, tb.n)} x`.execute(t.db)
    ).rows;
    const key = POST_TABLES[tb.n];
    for (const r of rows) if (!(key && tb.s !== `${t.schema}_jobs` && skipPosts.has(Number(r.o[key])))) out.push(`${tb.n}: ${r.j}`);
  }
  return out.join('\n');
}

describe.each(testDialects())('erasing a person on %s', (dialect) => {
  let t: TestDb;
  let tmp: string;
  let personId: number;
  let secrets: string[];
  let releaseId: string;
  /** Posts of other people: they may name the person (a mention is the other person's post, and evidence of their case). */
  let othersPosts: Set<number>;
  let mentions: number;

  beforeAll(async () => {
    t = await openTestDb(dialect);
    tmp = await mkdtemp(path.join(os.tmpdir(), 'netra-erase-'));
    // Registry, posts, classifications and flags: the export fixture's scan.
    await scanExportFixture(t);
    const person = await t.db.selectFrom('persons').selectAll().where('nip', '=', NIP).executeTakeFirstOrThrow();
    personId = person.id;
    // A post of their own words (the fixture's texts are shared with other accounts).
    const acct = await t.db.selectFrom('accounts').select('id').where('handle', '=', 'wahyu_kusuma87').executeTakeFirstOrThrow();
    const own = 'Salam dua jari dari ruang guru, kita menangkan bersama ya 7731';
    const sha = '0'.repeat(64);
    const ownPost = await t.db
      .insertInto('posts')
      .values({
        platform: 'x',
        external_id: '1769990000000000001',
        account_id: acct.id,
        handle: 'wahyu_kusuma87',
        url: 'https://x.com/wahyu_kusuma87/status/1769990000000000001',
        kind: 'post',
        text: own,
        posted_at: new Date('2024-02-01T03:00:00Z'),
        collected_at: new Date(),
        last_seen_at: new Date(),
        current_version: 1,
        content_sha256: sha,
        raw: JSON.stringify({ text: own }),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('post_versions')
      .values({
        post_id: ownPost.id,
        version: 1,
        text: own,
        content_sha256: sha,
        raw: JSON.stringify({ text: own }),
        collected_at: new Date(),
        source: 'test',
      })
      .execute();
    const posts = await t.db
      .selectFrom('posts as p')
      .innerJoin('accounts as a', 'a.id', 'p.account_id')
      .select(['p.id', 'p.text', 'p.url', 'p.external_id'])
      .where('a.person_id', '=', personId)
      .execute();
    expect(posts.length).toBeGreaterThan(1);
    const flags = await t.db.selectFrom('flags').select(['id', 'post_id']).where('person_id', '=', personId).execute();
    expect(flags.length).toBeGreaterThan(0);
    // Analysts decided, noted and wrote a case report naming the person.
    const admin = await seedUser(t.db, 'admin', 'admin');
    await seedUser(t.db, 'rina', 'researcher');
    const flag = flags[0]!;
    await t.db
      .insertInto('flag_decisions')
      .values({
        flag_id: flag.id,
        decision: 'dismiss',
        dismiss_reason: 'not_political',
        dismiss_text: 'Pak Wahyu Kusumaningrum hanya bercanda',
        decided_by: admin.id,
        flag_version: 1,
      })
      .execute();
    await t.db
      .insertInto('flag_notes')
      .values({ flag_id: flag.id, author_id: admin.id, text: 'Catatan: Wahyu Kusumaningrum guru SMP' })
      .execute();
    await t.db
      .insertInto('case_reports')
      .values({
        flag_id: flag.id,
        narrative: 'Terlapor Wahyu Kusumaningrum mengunggah',
        reporter_name: 'Pelapor Satu',
        place: 'Kabupaten Fiktif',
        created_by: admin.id,
        updated_by: admin.id,
        updated_at: new Date(),
      })
      .execute();
    // Evidence: a screenshot file in the store, recorded with its custody entry.
    const store = directoryEvidenceStore(path.join(tmp, 'evidence'));
    const file = await store.put(Buffer.from(`screenshot of ${posts[0]!.text} by wahyu_kusuma87`), 'image/png');
    await recordEvidence(t.db, [
      {
        postId: posts[0]!.id,
        postVersion: 1,
        kind: 'screenshot',
        storagePath: file.path,
        sha256: file.sha256,
        bytes: file.bytes,
        mime: 'image/png',
        url: posts[0]!.url,
        capturedAt: new Date(),
        capturedAtWib: '2024-02-01 10:00:00 WIB',
        collectorVersion: 'test',
        source: 'x-web',
        method: 'manual',
        actor: 'user:admin',
        details: { pageUrl: posts[0]!.url, handle: 'wahyu_kusuma87' },
      },
    ]);
    // An export, and a training run with reviews afterwards.
    const r = await exportDataset(t.db, {
      outDir: path.join(tmp, 'release'),
      filter: {},
      formats: ['jsonl'],
      labelStudio: false,
      idsOnly: false,
      time: 'week',
      seed: 7,
      actor: 'user:rina',
      purpose: null,
      netraVersion: '0.0.0-test',
      logger: silentLogger(),
    });
    releaseId = r.releaseId;
    await appendAudit(t.db, {
      actor: 'user:admin',
      action: 'model.trained_with_reviews',
      entityType: 'model',
      entityId: 'partisan',
      before: { version: null },
      after: { version: 'v2-reviews' },
    });
    // A later run that recorded whose reviewed posts it trained on.
    await recordTrainingPersons(t.db, 'partisan', 'v3-recorded', new Map([[personId, 2]]));
    const others = await t.db
      .selectFrom('posts')
      .select(['id', 'text'])
      .where(
        'id',
        'not in',
        posts.map((p) => p.id),
      )
      .execute();
    othersPosts = new Set(others.map((p) => p.id));
    // Their own words: texts that no one else posted too.
    const ownTexts = posts.map((p) => p.text).filter((x) => !others.some((o) => o.text === x));
    expect(ownTexts.length).toBeGreaterThan(0);
    mentions = others.filter((o) => /kusumaningrum|wahyu_kusuma87|198703212010011005/i.test(o.text)).length;
    secrets = [
      person.name,
      'Kusumaningrum',
      NIP,
      'wahyu_kusuma87',
      'wahyu.kusumaningrum',
      '4471829930',
      'Guru SMP',
      'hanya bercanda',
      'Pelapor Satu',
      ...ownTexts.map((x) => x.slice(0, 40)),
      ...posts.map((p) => p.external_id),
    ];
    // Planted everywhere: the dump finds every identifier before the erasure.
    const before = await databaseDump(t);
    for (const s of [person.name, NIP, 'wahyu_kusuma87', 'hanya bercanda', posts[0]!.text.slice(0, 40)]) expect(before, s).toContain(s);
  });
  afterAll(async () => {
    await t?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('the release records whom it contains, and the training runs that may hold them', async () => {
    expect((await releasesContaining(t.db, personId)).map((r) => r.releaseId)).toEqual([releaseId]);
    expect(await modelsPossiblyTrainedOn(t.db, personId)).toMatchObject([{ task: 'partisan', version: 'v2-reviews' }]);
    expect(await modelsTrainedOn(t.db, personId)).toMatchObject([{ task: 'partisan', version: 'v3-recorded', posts: 2 }]);
  });

  it('leaves only the fact of the erasure in the database and the data dir', async () => {
    const store = directoryEvidenceStore(path.join(tmp, 'evidence'));
    await expect(erasePerson({ db: t.db, person: NIP, reason: 'too short', actor: 'user:admin', store })).rejects.toThrow(/reason/);
    const r = await erasePerson({
      db: t.db,
      person: NIP,
      reason: 'permintaan subjek data 2024-03-01 no. 17/PDP',
      actor: 'user:admin',
      store,
    });
    expect(r.counts.accounts).toBe(2);
    expect(r.filesDeleted).toBe(1);
    expect(r.releases.map((x) => x.releaseId)).toEqual([releaseId]);
    expect(r.models).toEqual([{ task: 'partisan', version: 'v3-recorded' }]);
    expect(r.counts.training_mappings).toBe(1);
    expect(await t.db.selectFrom('model_training_persons').selectAll().where('person_id', '=', personId).execute()).toEqual([]);

    const dump = await databaseDump(t, othersPosts);
    const found = secrets.filter((s) => dump.toLowerCase().includes(s.toLowerCase()));
    expect(
      found,
      dump
        .split('\n')
        .filter((l) => found.some((s) => l.toLowerCase().includes(s.toLowerCase())))
        .slice(0, 5)
        .join('\n'),
    ).toEqual([]);
    expect(leaks(await filesUnder(path.join(tmp, 'evidence')), secrets)).toEqual([]);
    expect(await filesUnder(path.join(tmp, 'evidence'))).toEqual([]);

    // Other people's posts that mention the person are left as they are (their case's evidence; see docs/dpia.md).
    expect(
      (
        await t.db
          .selectFrom('posts')
          .select('text')
          .where('id', 'in', [...othersPosts])
          .execute()
      ).filter((o) => /kusumaningrum|wahyu_kusuma87|198703212010011005/i.test(o.text)),
    ).toHaveLength(mentions);
    // What remains: the erasure, one audit entry naming only its id, an 'erased' custody entry.
    const erasure = await t.db.selectFrom('person_erasures').selectAll().executeTakeFirstOrThrow();
    expect(erasure).toMatchObject({ person_id: personId, actor: 'user:admin' });
    const entry = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'person.erased').executeTakeFirstOrThrow();
    expect(entry).toMatchObject({
      entity_type: 'person',
      entity_id: String(personId),
      context: { erasure: erasure.id },
      before: null,
      after: null,
    });
    expect(await t.db.selectFrom('evidence_custody').select('action').where('action', '=', 'erased').execute()).toHaveLength(1);
    // Both chains still verify; evidence verification skips the erased file instead of reporting it missing.
    expect((await verifyAuditChain((after) => auditChainPage(t.db, after), await auditChainHead(t.db))).breaks).toEqual([]);
    expect((await verifyCustodyChain(t.db)).breaks).toEqual([]);
    const v = await verifyEvidence({ db: t.db, store, actor: 'user:admin', record: false });
    expect(v.missing).toEqual([]);
    // Flags keep their labels and status for the figures; the releases to recall stay known.
    expect(await t.db.selectFrom('flags').select('id').where('person_id', '=', personId).execute()).not.toHaveLength(0);
    expect((await releasesContaining(t.db, personId)).map((x) => x.releaseId)).toEqual([releaseId]);
    await expect(
      erasePerson({ db: t.db, person: String(personId), reason: 'permintaan kedua yang sama', actor: 'user:admin', store }),
    ).rejects.toThrow(/already erased/);
  });

  it('re-importing the old registry row does not bring the person back, nor does a scan, until an admin lifts it', async () => {
    const s = await importAccountsCsv(t.db, REGISTRY);
    expect(s.erased).toEqual({ rows: 2, lines: [2, 3] });
    expect(await t.db.selectFrom('persons').select('id').where('nip', '=', NIP).execute()).toEqual([]);
    expect((await listAccounts(t.db, {})).map((a) => a.handle)).not.toContain('wahyu_kusuma87');
    await scanExportFixture(t).catch(() => undefined); // the scan imports the registry and collects: nothing of theirs
    const dump = await databaseDump(t, othersPosts);
    const again0 = secrets.filter((x) => dump.toLowerCase().includes(x.toLowerCase()));
    expect(
      again0,
      dump
        .split('\n')
        .filter((l) => again0.some((x) => l.toLowerCase().includes(x.toLowerCase())))
        .slice(0, 4)
        .join('\n'),
    ).toEqual([]);

    await expect(
      liftErasure({ db: t.db, identifiers: ['x:nobody'], reason: 'permintaan dicabut subjek', actor: 'user:admin' }),
    ).rejects.toThrow(/no erasure blocks/);
    const lifted = await liftErasure({
      db: t.db,
      identifiers: [`nip:${NIP}`, 'x:wahyu_kusuma87', 'facebook:wahyu.kusumaningrum.77'],
      reason: 'permintaan dicabut subjek',
      actor: 'user:admin',
    });
    expect(lifted).toBe(4);
    const again = await importAccountsCsv(t.db, REGISTRY);
    expect(again.erased.rows).toBe(0);
    expect(await t.db.selectFrom('persons').select('name').where('nip', '=', NIP).execute()).toEqual([{ name: 'Wahyu Kusumaningrum' }]);
  });

  it('registry audit entries name the changed fields, never the personal values', async () => {
    const dir = await mkdtemp(path.join(tmp, 'reg-'));
    const csv = (await readFile(REGISTRY, 'utf8')).replace('Ratna Sariwangi', 'Ratna Sariwangi Putri');
    await writeFile(`${dir}/changed.csv`, csv);
    await importAccountsCsv(t.db, `${dir}/changed.csv`);
    const e = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'person.updated')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.stringify([e.before, e.after, e.context])).not.toContain('Ratna');
    expect(e.after).toMatchObject({ changed: ['name'] });
  });
});
