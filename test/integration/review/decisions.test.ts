import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideFlag } from '../../../src/review/decide.ts';
import { ConflictError, ForbiddenError } from '../../../src/review/errors.ts';
import { auditHistory } from '../../../src/repositories/audit.repository.ts';
import { insertDecision, listDecisions } from '../../../src/repositories/decisions.repository.ts';
import { openTestDb, testDialects, type TestDb } from '../../helpers/test-db.ts';
import { seedFlag, seedUser } from '../../helpers/review-seed.ts';

describe.each(testDialects())('flag decisions on %s', (dialect) => {
  let t: TestDb;
  let sari: { userId: number; username: string; role: 'analyst' };
  let budi: { userId: number; username: string; role: 'analyst' };
  let sup: { userId: number; username: string; role: 'supervisor' };
  let peneliti: { userId: number; username: string; role: 'researcher' };
  beforeAll(async () => {
    t = await openTestDb(dialect);
    const mk = async <R extends 'analyst' | 'supervisor' | 'researcher'>(name: string, role: R) => ({
      userId: (await seedUser(t.db, name, role)).id,
      username: name,
      role,
    });
    sari = await mk('sari', 'analyst');
    budi = await mk('budi', 'analyst');
    sup = await mk('dewi', 'supervisor');
    peneliti = await mk('rina', 'researcher');
  });
  afterAll(async () => t?.close());

  it('confirms with an SKB item, bumps the version, audits, and refuses a second decision on the old version', async () => {
    const { flagId } = await seedFlag(t.db, { text: 'Coblos 02!' });
    const first = await decideFlag(t.db, sari, {
      flagId,
      version: 1,
      decision: 'confirm',
      skbItem: 6,
      note: 'jelas',
      labels: ['partisan'],
    });
    expect(first.flag.status).toBe('confirmed');
    expect(first.flag.version).toBe(2);
    const err = await decideFlag(t.db, budi, { flagId, version: 1, decision: 'dismiss', dismissReason: 'neutral_context' }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as ConflictError).message).toMatch(/changed after you opened it by Sari \(sari\)/);
    expect((err as ConflictError).details).toMatchObject({
      currentStatus: 'confirmed',
      currentVersion: 2,
      lastDecision: { decision: 'confirm', by: 'sari' },
    });
    const decisions = await listDecisions(t.db, flagId);
    expect(decisions.map((d) => [d.decision, d.username, d.skb_item, d.corrected_labels])).toEqual([['confirm', 'sari', 6, null]]);
    const audit = await auditHistory(t.db, 'flag', flagId);
    expect(audit.map((a) => a.action)).toEqual(['flag.confirmed']);
    expect(audit[0]!.actor).toBe('user:sari');
  });

  it('lets exactly one of two concurrent analysts decide', async () => {
    const { flagId } = await seedFlag(t.db, { text: 'Pilih nomor 1' });
    const other = dialect === 'postgres' ? await t.reopen() : t;
    try {
      const results = await Promise.allSettled([
        decideFlag(t.db, sari, { flagId, version: 1, decision: 'confirm', skbItem: 2 }),
        decideFlag(other.db, budi, { flagId, version: 1, decision: 'dismiss', dismissReason: 'neutral_context' }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(rejected).toHaveLength(1);
      expect(rejected[0]!.reason).toBeInstanceOf(ConflictError);
      expect(await listDecisions(t.db, flagId)).toHaveLength(1);
    } finally {
      if (other !== t) await other.close();
    }
  });

  it('escalated flags are decided by a supervisor, not an analyst', async () => {
    const { flagId } = await seedFlag(t.db, { text: 'Ayo dukung paslon' });
    const esc = await decideFlag(t.db, sari, { flagId, version: 1, decision: 'escalate', note: 'ragu' });
    expect(esc.flag.status).toBe('escalated');
    await expect(decideFlag(t.db, budi, { flagId, version: 2, decision: 'confirm', skbItem: 6 })).rejects.toBeInstanceOf(ForbiddenError);
    const done = await decideFlag(t.db, sup, {
      flagId,
      version: 2,
      decision: 'dismiss',
      dismissReason: 'other',
      dismissText: 'akun parodi',
    });
    expect(done.flag.status).toBe('dismissed');
    expect((await listDecisions(t.db, flagId)).map((d) => d.decision)).toEqual(['escalate', 'dismiss']);
  });

  it('corrects labels without deciding, and researchers may not decide', async () => {
    const { flagId } = await seedFlag(t.db, { text: 'dasar goblok', labels: ['hate', 'abusive'] });
    const c = await decideFlag(t.db, sari, { flagId, version: 1, decision: 'correct', labels: ['abusive'] });
    expect(c.flag.status).toBe('open');
    expect(c.flag.labels).toEqual(['abusive']);
    const [d] = await listDecisions(t.db, flagId);
    expect(d!.labels_before).toEqual(['hate', 'abusive']);
    expect(d!.corrected_labels).toEqual(['abusive']);
    await expect(decideFlag(t.db, sari, { flagId, version: 2, decision: 'correct', labels: ['abusive'] })).rejects.toThrow(
      /same as the current/,
    );
    await expect(decideFlag(t.db, peneliti as never, { flagId, version: 2, decision: 'escalate' })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('stores a blind second-round decision next to the first', async () => {
    const { flagId } = await seedFlag(t.db, { text: 'Salam 3 jari' });
    await decideFlag(t.db, sari, { flagId, version: 1, decision: 'confirm', skbItem: 7 });
    await insertDecision(t.db, {
      flagId,
      round: 2,
      decision: 'dismiss',
      dismissReason: 'neutral_context',
      decidedBy: budi.userId,
      flagVersion: 2,
    });
    expect((await listDecisions(t.db, flagId)).map((d) => [d.round, d.decision])).toEqual([
      [1, 'confirm'],
      [2, 'dismiss'],
    ]);
  });

  it('the database refuses a confirm without SKB item and a dismiss without reason', async () => {
    const { flagId } = await seedFlag(t.db, { text: 'x' });
    await expect(insertDecision(t.db, { flagId, decision: 'confirm', decidedBy: sari.userId, flagVersion: 1 })).rejects.toThrow(
      /flag_decisions_confirm_skb/,
    );
    await expect(insertDecision(t.db, { flagId, decision: 'dismiss', decidedBy: sari.userId, flagVersion: 1 })).rejects.toThrow(
      /flag_decisions_dismiss_reason/,
    );
  });
});
