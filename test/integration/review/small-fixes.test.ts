import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ListeningServer } from '../../../src/review/http/server.ts';
import { ApiClient, startReviewServer } from '../../helpers/review-server.ts';
import { seedFlag, seedUser, TEST_PASSWORD } from '../../helpers/review-seed.ts';
import { openTestDb, type TestDb } from '../../helpers/test-db.ts';

/** English a page in Bahasa Indonesia must not show (server errors, codes, the legal basis). */
const ENGLISH = [
  /\bmust be\b/,
  /\bdoes not exist\b/,
  /\bnot found\b/i,
  /\bquiet_period\b/,
  /\bvoting_day\b/,
  /\bart\. \d/,
  /\bnow UU\b/,
  /\bas amended by\b/,
  /\bround \d/,
  /\bLexicon\b/,
  /\bpage-mhtml\b/,
  />post</,
  /\bscreenshot\b/,
  /\bmethod not allowed\b/i,
  /\binternal error\b/,
];
const visibleText = (html: string) => html.replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, '').replace(/<[^>]+>/g, ' ');
const englishIn = (html: string) => ENGLISH.filter((re) => re.test(visibleText(html))).map(String);

/** A raw request (fetch would clean up a malformed path before sending it). */
function raw(base: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path, method: 'GET', headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the small ones', () => {
  let t: TestDb;
  let srv: ListeningServer;
  let quiet: number;
  let rlo: number;
  let sari: ApiClient;
  const cookie = () => (sari as unknown as { cookies: Map<string, string> }).cookies;

  beforeAll(async () => {
    t = await openTestDb('pglite');
    await seedUser(t.db, 'sari', 'analyst');
    const findings = [
      {
        label: 'partisan',
        score: 0.9,
        threshold: 0.5,
        pledgeClause: 2,
        skbItems: [6],
        sanction: 'berat',
        legalBasis:
          'Ikrar netralitas ASN butir 2; UU 5/2014 art. 2(f) and 9(2) (now UU 20/2023); PP 94/2021 art. 5(n); SKB 2022 no. 2, 6, 7',
      },
    ];
    quiet = (await seedFlag(t.db, { text: 'Coblos 02 di masa tenang', findings })).flagId;
    await t.db.updateTable('flags').set({ election_phase: 'quiet_period' }).where('id', '=', quiet).execute();
    rlo = (await seedFlag(t.db, { text: 'dukung paslon \u202E20 olboC\u202C sekarang \u2066x\u2069' })).flagId;
    srv = await startReviewServer(t.db);
    sari = new ApiClient(srv.url);
    expect(await sari.login('sari', TEST_PASSWORD)).toBe(200);
  });
  afterAll(async () => {
    await srv?.close();
    await t?.close();
  });

  it('shows phases, evidence kinds and the legal basis in Bahasa Indonesia', async () => {
    const page = await sari.get(`/flags/${quiet}`);
    expect(page.text).toMatch(/<span id="phase">masa tenang<\/span>/);
    expect(englishIn(page.text)).toEqual([]);
    await sari.post(`/api/flags/${quiet}/decisions`, { version: 1, decision: 'confirm', skbItem: 6 });
    const report = await sari.get(`/flags/${quiet}/report`);
    expect(report.text).toContain(
      'UU 5/2014 pasal 2 huruf f dan pasal 9 ayat (2) (kini UU 20/2023); PP 94/2021 pasal 5 huruf n; SKB 2022 butir 2, 6, 7',
    );
    expect(report.text).toMatch(/Jenis interaksi: unggahan/);
    expect(englishIn(report.text)).toEqual([]);
  });

  it('server errors on Indonesian pages are in Bahasa Indonesia; the API gives both', async () => {
    for (const p of ['/queue?from=2024-02-30', '/queue?label=spam', '/flags/999999', '/search?q=x&limit=0', '/nope']) {
      const r = await sari.get(p);
      expect(r.status, p).toBeGreaterThanOrEqual(400);
      expect(englishIn(r.text), p).toEqual([]);
    }
    const bad = await sari.post(
      `/flags/${rlo}/decide`,
      { version: '1', decision: 'confirm', _csrf: sari.csrf },
      { form: true, csrf: null },
    );
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/Isian skbItem harus bilangan bulat 1 sampai 11/);
    const api = await sari.get('/api/queue?from=2024-02-30');
    expect(api.json).toMatchObject({
      error: 'invalid_input',
      message: 'from must be a date YYYY-MM-DD that exists',
      pesan: 'Tanggal "dari" harus tanggal yang ada (TTTT-BB-HH)',
      details: { field: 'from' },
    });
  });

  it('bad input is a 400, never a 500: broken % escapes, impossible dates, NUL characters', async () => {
    const headers = { cookie: [...cookie()].map(([k, v]) => `${k}=${v}`).join('; ') };
    for (const p of ['/flags/%ZZ', '/api/flags/%E0%A4%A', '/evidence/%', '/api/users/%ZZ/unlock']) {
      const r = await raw(srv.url, p, headers);
      expect([400, 405], p).toContain(r.status);
    }
    expect((await raw(srv.url, '/flags/%ZZ', headers)).body).toMatch(/Alamat tidak sah/);
    for (const p of [
      '/api/queue?from=2024-02-30',
      '/api/queue?to=2023-13-01',
      '/api/queue?from=2024-00-10',
      '/api/queue?limit=abc',
      '/api/queue?offset=-1',
      '/api/dashboard?days=0',
    ])
      expect((await sari.get(p)).status, p).toBe(400);
    expect((await sari.post(`/api/flags/${rlo}/notes`, { text: 'catatan \u0000 rusak' })).json).toMatchObject({
      error: 'invalid_input',
      details: { field: 'text' },
    });
    expect(
      (await sari.post(`/api/flags/${rlo}/decisions`, { version: 1, decision: 'dismiss', dismissReason: 'other', dismissText: 'x\u0000' }))
        .status,
    ).toBe(400);
    expect((await sari.get('/api/search?q=a%00b')).status).toBe(400);
  });

  it('neutralises right-to-left overrides and other bidi controls visibly, everywhere post text is shown', async () => {
    for (const p of [`/flags/${rlo}`, '/queue', `/search?q=${encodeURIComponent('dukung')}`]) {
      const r = await sari.get(p);
      expect(r.text, p).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/);
      expect(r.text, p).toContain('[U+202E]20 olboC[U+202C]');
    }
    // The stored text and the API keep the post as it was collected.
    expect((await sari.get(`/api/flags/${rlo}`)).json.post.text).toContain('\u202E20 olboC\u202C');
  });

  it('sends HSTS only over HTTPS, as a trusted proxy reports it', async () => {
    expect((await sari.get('/queue')).headers.get('strict-transport-security')).toBeNull();
    expect(
      (await sari.request('GET', '/queue', undefined, { headers: { 'x-forwarded-proto': 'https' } })).headers.get(
        'strict-transport-security',
      ),
    ).toBeNull();
    const proxied = await startReviewServer(t.db, { trustProxy: ['127.0.0.1'] });
    try {
      const r = await fetch(`${proxied.url}/login`, { headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.5' } });
      expect(r.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    } finally {
      await proxied.close();
    }
  });
});
