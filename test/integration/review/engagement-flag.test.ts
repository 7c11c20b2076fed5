import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadElectionCalendar } from '../../../src/classify/rules/election-calendar.load.ts';
import { silentLogger } from '../../../src/log/logger.ts';
import { loadPipeline } from '../../../src/pipeline/pipeline.load.ts';
import { runScan } from '../../../src/pipeline/scan.ts';
import type { ListeningServer } from '../../../src/review/http/server.ts';
import { writeEngagementFixture } from '../../helpers/engagement-fixture.ts';
import { fakeClassifier } from '../../helpers/fake-classifier.ts';
import { ApiClient, startReviewServer } from '../../helpers/review-server.ts';
import { seedUser, TEST_PASSWORD } from '../../helpers/review-seed.ts';
import { openTestDb, testDialects, type TestDb } from '../../helpers/test-db.ts';

/** Issue 16: an engagement flag in the review app: queue, flag page (action beside campaign post), decision, case report. */
describe.each(testDialects())('an engagement flag in the review app on %s', (dialect) => {
  let t: TestDb;
  let dir: string;
  let srv: ListeningServer;
  let sari: ApiClient;
  let id: number;
  beforeAll(async () => {
    t = await openTestDb(dialect);
    dir = await mkdtemp(path.join(os.tmpdir(), 'netra-engrev-'));
    const file = await writeEngagementFixture(dir);
    await runScan({
      db: t.db,
      loaded: await loadPipeline(file),
      classifier: fakeClassifier(),
      calendar: await loadElectionCalendar(),
      logger: silentLogger(),
    });
    id = (await t.db.selectFrom('flags').select('id').where('kind', '=', 'engagement').executeTakeFirstOrThrow()).id;
    await seedUser(t.db, 'sari', 'analyst');
    srv = await startReviewServer(t.db);
    sari = new ApiClient(srv.url);
    expect(await sari.login('sari', TEST_PASSWORD)).toBe(200);
  });
  afterAll(async () => {
    await srv?.close();
    await t?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('lists it in the queue and shows each action beside the campaign post it touches', async () => {
    const queue = (await sari.get('/api/queue')).json;
    expect(queue.items.find((i: { id: number }) => i.id === id)).toMatchObject({ kind: 'engagement', handle: 'budi_guru' });
    expect((await sari.get('/queue')).text).toContain('engagement with campaign accounts');
    const page = await sari.get(`/flags/${id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Interaksi dengan akun kampanye (5)');
    expect(page.text).toMatch(
      /Membagikan ulang \(repost\)[\s\S]*Kampanye akbar Sabtu![\s\S]*Mengutip \(quote\)[\s\S]*Setuju[\s\S]*Program 100 hari/,
    );
    expect(page.text).toContain('surat KPU uji 1/2024 (fixture)');
    const api = (await sari.get(`/api/flags/${id}`)).json;
    expect(api.post).toBeNull();
    expect(api.engagements).toHaveLength(5);
    // The person page lists it with the person's other flags (its count and its rows agree).
    const person = (await sari.get(`/api/persons/${api.flag.person_id}`)).json;
    expect(JSON.stringify(person)).toContain('engagement with campaign accounts');
    // ...and its engagements section lists each action, newest first, beside the campaign post.
    expect(person.engagements.total).toBe(5);
    expect(person.engagements.items).toHaveLength(5);
    expect(person.engagements.items.every((e: { flagId: number }) => e.flagId === id)).toBe(true);
    const times = person.engagements.items.map((e: { at: string }) => Date.parse(e.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const paged = (await sari.get(`/api/persons/${api.flag.person_id}?engagementLimit=2&engagementOffset=4`)).json;
    expect(paged.engagements.items).toHaveLength(1);
    const personPage = await sari.get(`/persons/${api.flag.person_id}`);
    expect(personPage.text).toContain('id="person-engagements"');
    expect(personPage.text).toContain('Kampanye akbar Sabtu!');
  });

  it('is decided like any flag (SKB item 6), and its case report lists the engagements as facts', async () => {
    const v = (await sari.get(`/api/flags/${id}`)).json.flag.version;
    const done = await sari.post(`/api/flags/${id}/decisions`, {
      version: v,
      decision: 'confirm',
      skbItem: 6,
      note: 'membagikan kampanye',
    });
    expect(done.status).toBe(200);
    expect(done.json.flag.status).toBe('confirmed');
    const report = await sari.get(`/flags/${id}/report`);
    expect(report.status).toBe(200);
    expect(report.text).toContain('berinteraksi dengan akun kampanye sebanyak 5 kali');
    expect(report.text).toContain('membagikan ulang (repost) unggahan @pair_ab');
  });
});
