import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerEvidenceCommand } from '../../../src/cli/commands/evidence.command.ts';
import { addGlobalOptions } from '../../../src/cli/context.ts';
import { directoryEvidenceStore, storagePathFor, sha256Hex } from '../../../src/collect/evidence/evidence-store.ts';
import { verifyEvidence } from '../../../src/collect/evidence/evidence-verify.ts';
import { openDatabase } from '../../../src/db/connect.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../../../src/db/schema.ts';
import { recordEvidence } from '../../../src/repositories/evidence.repository.ts';
import { storePosts } from '../../../src/repositories/posts.repository.ts';
import { openTestDb, testDialects, type TestDb } from '../../helpers/test-db.ts';

/**
 * Tamper-evident evidence (issue 12, item 4). The finding: rewriting an evidence file and its
 * `sha256` row together passed `netra evidence verify`. Now evidence rows are append-only, the
 * custody log is a hash chain, and verify checks each file against its name, its row, the first
 * hash the chain recorded for it, and the chain itself.
 */
let seeded = 0;
async function seed(db: Kysely<Database>, store: ReturnType<typeof directoryEvidenceStore>, n = 2) {
  const ids: number[] = [];
  for (let k = 0; k < n; k++) {
    const i = seeded++;
    const [post] = await db.transaction().execute((trx) =>
      storePosts(
        trx,
        [
          {
            platform: 'x',
            externalId: `10${i}`,
            handle: 'budi_guru',
            url: `https://x.com/budi_guru/status/10${i}`,
            kind: 'post',
            text: `post ${i}`,
            postedAt: null,
            raw: {},
            accountId: null,
          },
        ],
        { source: 'test' },
      ),
    );
    const file = await store.put(Buffer.from(`screenshot ${i} ${'x'.repeat(100)}`), 'image/png');
    const [id] = await db.transaction().execute((trx) =>
      recordEvidence(trx, [
        {
          postId: post!.postId,
          postVersion: 1,
          kind: 'screenshot',
          storagePath: file.path,
          sha256: file.sha256,
          bytes: file.bytes,
          mime: file.mime,
          url: null,
          capturedAt: new Date(),
          capturedAtWib: '-',
          collectorVersion: 'test',
          source: 'test',
          method: 'manual',
          actor: 'user:sari',
        },
      ]),
    );
    ids.push(id!);
  }
  return ids;
}

/** What someone with the database owner's rights and write access to the files could do. */
async function forgeFileAndRow(db: Kysely<Database>, store: ReturnType<typeof directoryEvidenceStore>, id: number, o: { rename: boolean }) {
  const e = await db.selectFrom('evidence').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const forged = Buffer.from(`a different picture for evidence #${id}`);
  const sha = sha256Hex(forged);
  const rel = o.rename ? storagePathFor(sha, 'image/png') : e.storage_path;
  const full = store.resolve(rel);
  await mkdir(path.dirname(full), { recursive: true });
  await chmod(full, 0o644).catch(() => undefined);
  await writeFile(full, forged);
  await sql`alter table evidence disable trigger user`.execute(db);
  await db.updateTable('evidence').set({ sha256: sha, bytes: forged.byteLength, storage_path: rel }).where('id', '=', id).execute();
  await sql`alter table evidence enable trigger user`.execute(db);
}

describe.each(testDialects())('tamper-evident evidence on %s', (dialect) => {
  let t: TestDb;
  let dir: string;
  let store: ReturnType<typeof directoryEvidenceStore>;
  beforeAll(async () => {
    t = await openTestDb(dialect);
    dir = await mkdtemp(path.join(tmpdir(), 'netra-chain-'));
    store = directoryEvidenceStore(dir);
  });
  afterAll(async () => {
    await t?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('evidence rows are append-only: the database refuses UPDATE and DELETE', async () => {
    const [id] = await seed(t.db, store, 1);
    await expect(
      t.db
        .updateTable('evidence')
        .set({ sha256: '0'.repeat(64) })
        .where('id', '=', id!)
        .execute(),
    ).rejects.toThrow(/append-only/);
    await expect(t.db.deleteFrom('evidence').where('id', '=', id!).execute()).rejects.toThrow(/append-only/);
  });

  it('the custody log is a hash chain; verify reports its head', async () => {
    const r = await verifyEvidence({ db: t.db, store, actor: 'user:auditor', record: false });
    expect(r.chain.breaks).toEqual([]);
    expect(r.chain.head).toMatchObject({ seq: expect.any(Number), hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const rows = await t.db.selectFrom('evidence_custody').select(['seq', 'prev_hash', 'entry_hash']).orderBy('seq').execute();
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.entry_hash);
  });

  it('a file rewritten together with its sha256 row fails verify', async () => {
    const [id] = await seed(t.db, store, 1);
    await forgeFileAndRow(t.db, store, id!, { rename: false });
    const r = await verifyEvidence({ db: t.db, store, actor: 'user:auditor', record: false });
    expect(r.mismatched.map((m) => m.evidenceId)).toContain(id);
  });

  it('... also when the forger renames the file to its new hash', async () => {
    const [id] = await seed(t.db, store, 1);
    await forgeFileAndRow(t.db, store, id!, { rename: true });
    const r = await verifyEvidence({ db: t.db, store, actor: 'user:auditor', record: false });
    expect(r.mismatched.find((m) => m.evidenceId === id)?.reason).toMatch(/first captured/);
  });

  it('a rewritten custody entry breaks the chain', async () => {
    const [id] = await seed(t.db, store, 1);
    await sql`alter table evidence_custody disable trigger user`.execute(t.db);
    await t.db
      .updateTable('evidence_custody')
      .set({ sha256_observed: 'f'.repeat(64) })
      .where('evidence_id', '=', id!)
      .execute();
    await sql`alter table evidence_custody enable trigger user`.execute(t.db);
    const r = await verifyEvidence({ db: t.db, store, actor: 'user:auditor', record: false });
    expect(r.chain.breaks.length).toBeGreaterThan(0);
  });
});

describe('netra evidence verify (CLI)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'netra-chain-cli-'));
    vi.stubEnv('NETRA_DATA_DIR', dir);
    vi.stubEnv('NETRA_LOG_LEVEL', 'silent');
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await rm(dir, { recursive: true, force: true });
  });
  async function netra(...args: string[]): Promise<{ code: number; out: string }> {
    const program = addGlobalOptions(new Command('netra')).exitOverride();
    registerEvidenceCommand(program);
    let out = '';
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => {
      out += String(c);
      return true;
    });
    process.exitCode = 0;
    try {
      await program.parseAsync(['node', 'netra', ...args]);
    } finally {
      spy.mockRestore();
    }
    const code = Number(process.exitCode ?? 0);
    process.exitCode = 0;
    return { code, out };
  }

  it('prints the chain head, checks a recorded anchor, and exits 1 on a forged file and row', async () => {
    const store = directoryEvidenceStore(path.join(dir, 'evidence'));
    let d = await openDatabase({ dbPath: path.join(dir, 'db') });
    const [a] = await seed(d.db, store, 2);
    await d.close();
    const ok = await netra('evidence', 'verify', '--no-record');
    expect(ok.code).toBe(0);
    const head = /chain head: #(\d+) ([0-9a-f]{64})/.exec(ok.out);
    expect(head).not.toBeNull();
    expect((await netra('evidence', 'verify', '--no-record', '--anchor', `${head![1]}:${head![2]}`)).code).toBe(0);
    const anchored = await netra('evidence', 'verify', '--no-record', '--anchor', `${head![1]}:${head![2]}`);
    expect(anchored.out).toContain(`ANCHOR   #${head![1]} matches`);
    const stale = await netra('evidence', 'verify', '--no-record', '--anchor', `${head![1]}:${'0'.repeat(64)}`);
    expect(stale.code).toBe(1);
    // A head that no longer matches is a break of the chain (not "intact" beside a failed anchor).
    expect(stale.out).toMatch(
      new RegExp(`chain of custody: \\d+ entries, BROKEN at 1 entry\n  BROKEN   custody #${head![1]}: hash differs from the anchor 0{16}…`),
    );
    // The same option parser, and the same words, as `netra audit verify --anchor`.
    await expect(netra('evidence', 'verify', '--no-record', '--anchor', 'bogus')).rejects.toThrow('--anchor "bogus": write SEQ:HASH');

    d = await openDatabase({ dbPath: path.join(dir, 'db') });
    await forgeFileAndRow(d.db, store, a!, { rename: false });
    await d.close();
    const bad = await netra('evidence', 'verify', '--no-record');
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/CHANGED +evidence #\d+/);
  });
});
