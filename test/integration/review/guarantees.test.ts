import { parse, type HTMLElement } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ListeningServer } from '../../../src/review/http/server.ts';
import { createUser } from '../../../src/repositories/users.repository.ts';
import { hashPassword } from '../../../src/review/auth/password.ts';
import { XSS_PAYLOADS } from '../../fixtures/xss-payloads.ts';
import { ApiClient, startReviewServer } from '../../helpers/review-server.ts';
import { seedFlag, seedUser, TEST_PASSWORD, TEST_SCRYPT } from '../../helpers/review-seed.ts';
import { openTestDb, testDialects, type TestDb } from '../../helpers/test-db.ts';

const URL_ATTRS = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'srcdoc', 'poster', 'background'];

/**
 * A page is inert when the only script is the app's own file and no element, attribute or URL
 * that could run code or load from elsewhere comes from data: no handlers, no inline style or
 * script, no frames, no javascript:/data: URLs, no <base> or <meta refresh>.
 */
function inertProblems(html: string): string[] {
  const root = parse(html, { comment: false });
  const out: string[] = [];
  for (const el of root.querySelectorAll('*') as HTMLElement[]) {
    const tag = el.rawTagName?.toLowerCase() ?? '';
    if (tag === 'script' && el.getAttribute('src') !== '/static/app.js') out.push(`script ${el.outerHTML.slice(0, 80)}`);
    if (
      ['iframe', 'object', 'embed', 'base', 'style', 'frame', 'frameset', 'applet', 'template', 'noscript', 'keygen', 'isindex'].includes(
        tag,
      )
    )
      out.push(`<${tag}>`);
    if (tag === 'meta' && el.getAttribute('http-equiv')) out.push('meta http-equiv');
    for (const [name, value] of Object.entries(el.attributes)) {
      const n = name.toLowerCase();
      if (n.startsWith('on')) out.push(`handler ${n} on <${tag}>`);
      if (n === 'style' || n === 'srcdoc' || n === 'contenteditable') out.push(`${n} on <${tag}>`);
      if (
        URL_ATTRS.includes(n) &&
        /^\s*(javascript|data|vbscript):/i.test(value.replace(/[\u0000-\u001f]/g, '')) &&
        !(tag === 'link' && n === 'href' && value === 'data:,')
      )
        out.push(`${n}=${value.slice(0, 40)} on <${tag}>`);
      if (tag === 'link' && n === 'href' && value !== '/static/app.css' && value !== 'data:,') out.push(`link ${value}`);
    }
  }
  return out;
}

describe.each(testDialects())('what the audit found sound stays true on %s', (dialect) => {
  let t: TestDb;
  let srv: ListeningServer;
  const flagIds: number[] = [];
  let admin: ApiClient;
  let sari: ApiClient;
  let budi: ApiClient;
  let dewi: ApiClient;
  const as = async (u: string) => {
    const c = new ApiClient(srv.url);
    expect(await c.login(u, TEST_PASSWORD)).toBe(200);
    return c;
  };

  beforeAll(async () => {
    t = await openTestDb(dialect);
    for (const [u, r] of [
      ['sari', 'analyst'],
      ['budi', 'analyst'],
      ['dewi', 'supervisor'],
      ['admin', 'admin'],
    ] as const)
      await seedUser(t.db, u, r);
    for (const [i, p] of XSS_PAYLOADS.entries()) {
      const { flagId, postId, accountId } = await seedFlag(t.db, {
        text: `${p} coblos ${i}`,
        personName: p,
        agency: `Dinas ${p}`,
        region: p,
        handle: `xss_${i}`,
        priority: 50 + (i % 40),
        evidence: [
          { label: 'partisan', start: 0, end: Math.min(5, p.length), text: p.slice(0, 5), source: 'lexicon', rule: p, weight: 0.5 },
        ],
      });
      flagIds.push(flagId);
      await t.db
        .updateTable('posts')
        .set({
          url: p,
          // Every fifth post quotes another account: its words and handle are data too (flag and person pages).
          ...(i % 5 === 0 ? { shared_kind: 'quote' as const, shared_author_handle: p, shared_text: p, shared_url: p } : {}),
        })
        .where('id', '=', postId)
        .execute();
      await t.db
        .updateTable('accounts')
        .set({ profile_url: p, link_evidence_url: p, link_source: p })
        .where('id', '=', accountId)
        .execute();
      if (i < 6)
        await createUser(
          t.db,
          { username: `xss${i}`, displayName: p, role: 'analyst', passwordHash: await hashPassword(TEST_PASSWORD, TEST_SCRYPT) },
          'test',
        );
    }
    srv = await startReviewServer(t.db, { secondReviewShare: 1 });
    [admin, sari, budi, dewi] = [await as('admin'), await as('sari'), await as('budi'), await as('dewi')];
    for (const [i, id] of flagIds.slice(0, 12).entries()) {
      const p = XSS_PAYLOADS[i]!;
      await sari.post(`/api/flags/${id}/notes`, { text: p });
      if (i % 3 === 0) {
        await sari.post(`/api/flags/${id}/decisions`, { version: 1, decision: 'confirm', skbItem: 6, note: p });
        await sari.request('PUT', `/api/flags/${id}/report`, { version: 0, narrative: p, reporterName: p, place: p });
      } else if (i % 3 === 1)
        await sari.post(`/api/flags/${id}/decisions`, { version: 1, decision: 'dismiss', dismissReason: 'other', dismissText: p, note: p });
      else await sari.post(`/api/flags/${id}/decisions`, { version: 1, decision: 'escalate', note: p });
    }
  });
  afterAll(async () => {
    await srv?.close();
    await t?.close();
  });

  it(`no page runs or loads anything from data: ${XSS_PAYLOADS.length} payloads in posts, names, agencies, regions, URLs, notes, narratives`, async () => {
    expect(XSS_PAYLOADS.length).toBeGreaterThanOrEqual(65);
    const pages: [ApiClient, string][] = [
      [sari, '/queue?limit=200'],
      [sari, '/queue?status=confirmed,dismissed&limit=200'],
      [sari, '/search?q=coblos&limit=200'],
      [dewi, '/escalations'],
      [budi, '/second-reviews'],
      [admin, '/users'],
      [sari, '/dashboard'],
      ...flagIds.map((id) => [dewi, `/flags/${id}`] as [ApiClient, string]),
      ...flagIds
        .slice(0, 12)
        .filter((_, i) => i % 3 === 0)
        .map((id) => [dewi, `/flags/${id}/report`] as [ApiClient, string]),
    ];
    const personIds = (await t.db.selectFrom('flags').select('person_id').where('id', 'in', flagIds).execute()).map((r) => r.person_id!);
    pages.push(...personIds.map((id) => [dewi, `/persons/${id}`] as [ApiClient, string]));
    pages.push(...personIds.slice(0, 13).map((id) => [budi, `/persons/${id}`] as [ApiClient, string]));
    for (let i = 0; i < 6; i++) {
      const c = await as(`xss${i}`);
      pages.push([c, '/account']);
    }
    // The English pages too.
    const en = await as('dewi');
    await en.post('/lang', { to: 'en', _csrf: en.csrf }, { form: true, csrf: null });
    pages.push(...flagIds.slice(0, 13).map((id) => [en, `/flags/${id}`] as [ApiClient, string]));
    pages.push(...personIds.slice(0, 13).map((id) => [en, `/persons/${id}`] as [ApiClient, string]));
    let loads = 0;
    for (const [c, p] of pages) {
      const r = await c.get(p);
      expect(r.status, p).toBe(200);
      expect(inertProblems(r.text), p).toEqual([]);
      for (const payload of XSS_PAYLOADS)
        if (/[<>"'`]/.test(payload)) expect(r.text.includes(payload), `${p} holds ${payload} raw`).toBe(false);
      loads++;
    }
    expect(loads).toBeGreaterThanOrEqual(97);
  });

  it('20 of 20 decision races: exactly one 200 and one 409 each, nothing overwritten', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 20; i++) ids.push((await seedFlag(t.db, { text: `balapan ${i}`, priority: 1 })).flagId);
    const outcomes: number[][] = [];
    for (const id of ids) {
      const [a, b] = await Promise.all([
        sari.post(`/api/flags/${id}/decisions`, { version: 1, decision: 'confirm', skbItem: 6 }),
        budi.post(`/api/flags/${id}/decisions`, { version: 1, decision: 'dismiss', dismissReason: 'neutral_context' }),
      ]);
      outcomes.push([a.status, b.status].sort());
    }
    expect(outcomes).toEqual(ids.map(() => [200, 409]));
    const decisions = await t.db.selectFrom('flag_decisions').select('flag_id').where('flag_id', 'in', ids).execute();
    expect(decisions).toHaveLength(20);
  });
});
