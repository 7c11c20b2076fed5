import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ListeningServer } from '../../../src/review/http/server.ts';
import { decideFlag } from '../../../src/review/decide.ts';
import { ApiClient, startReviewServer } from '../../helpers/review-server.ts';
import { seedFlag, seedUser, TEST_PASSWORD } from '../../helpers/review-seed.ts';
import { openTestDb, testDialects, type TestDb } from '../../helpers/test-db.ts';

describe.each(testDialects())('second reviews in the review app on %s', (dialect) => {
  let t: TestDb;
  let srv: ListeningServer;
  const flags: number[] = [];
  const as = async (user: string) => {
    const c = new ApiClient(srv.url);
    expect(await c.login(user, TEST_PASSWORD)).toBe(200);
    return c;
  };
  beforeAll(async () => {
    t = await openTestDb(dialect);
    const ids: Record<string, number> = {};
    for (const [u, r] of [
      ['sari', 'analyst'],
      ['budi', 'analyst'],
      ['rina', 'researcher'],
      ['dewi', 'supervisor'],
    ] as const)
      ids[u] = (await seedUser(t.db, u, r)).id;
    for (let i = 0; i < 3; i++) {
      const { flagId } = await seedFlag(t.db, { text: `<b>coblos</b> nomor ${i}`, labels: ['partisan'], handle: `asn_api_${i}` });
      await decideFlag(
        t.db,
        { userId: ids['sari']!, username: 'sari', role: 'analyst' },
        { flagId, version: 1, decision: 'confirm', skbItem: 6 },
      );
      flags.push(flagId);
    }
    srv = await startReviewServer(t.db, { secondReviewShare: 1 });
  });
  afterAll(async () => {
    await srv?.close();
    await t?.close();
  });

  it('gives a second analyst the blind queue, refuses a researcher, and escalates a disagreement', async () => {
    const budi = await as('budi');
    const q = await budi.get('/api/second-reviews');
    expect(q.status).toBe(200);
    expect(q.json.items.map((i: { flagId: number }) => i.flagId).sort()).toEqual([...flags].sort());
    expect(JSON.stringify(q.json)).not.toMatch(/sari|confirmed|skb/i);
    expect((await (await as('sari')).get('/api/second-reviews')).json.items).toEqual([]);
    expect((await (await as('rina')).get('/api/second-reviews')).status).toBe(403);
    const agreed = await budi.post(`/api/second-reviews/${flags[0]}`, { decision: 'confirm', skbItem: 6, labels: ['partisan'] });
    expect(agreed.json).toMatchObject({ agreement: 'agreed' });
    const differs = await budi.post(`/api/second-reviews/${flags[1]}`, { decision: 'dismiss', dismissReason: 'neutral_context' });
    expect(differs.json).toMatchObject({ agreement: 'disagreed' });
    expect((await budi.post(`/api/second-reviews/${flags[1]}`, { decision: 'dismiss', dismissReason: 'neutral_context' })).status).toBe(
      409,
    );
    expect((await budi.post(`/api/second-reviews/${flags[2]}`, { decision: 'maybe' })).status).toBe(400);
    const flag = await t.db.selectFrom('flags').select('status').where('id', '=', flags[1]!).executeTakeFirstOrThrow();
    expect(flag.status).toBe('escalated');
  });

  it('shows the page with escaped post text and kappa on the dashboard', async () => {
    const budi = await as('budi');
    const p = await budi.get('/second-reviews');
    expect(p.status).toBe(200);
    expect(p.text).toContain('&lt;b&gt;coblos&lt;/b&gt; nomor 2');
    expect(p.text).not.toContain('<b>coblos</b>');
    const dash = await (await as('dewi')).get('/api/dashboard');
    expect(dash.json.agreement.partisan).toMatchObject({ n: 2, table: { yesYes: 1, yesNo: 1, noYes: 0, noNo: 0 } });
    const html = await (await as('dewi')).get('/dashboard');
    expect(html.text).toContain('id="agreement"');
  });
});
