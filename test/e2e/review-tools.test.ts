import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CHROMIUM_ARGS } from '../../src/collect/browser.ts';
import type { ListeningServer } from '../../src/review/http/server.ts';
import { CHROMIUM_PATH, describeBrowser } from '../helpers/chromium.ts';
import { ApiClient, startReviewServer } from '../helpers/review-server.ts';
import { seedFlag, seedUser, TEST_PASSWORD } from '../helpers/review-seed.ts';
import { openTestDb, type TestDb } from '../helpers/test-db.ts';

const SHOTS = path.resolve('test-results', 'review');
const DAY = 86_400_000;

describeBrowser("the analysts' and supervisors' tools in Chromium", () => {
  let t: TestDb;
  let srv: ListeningServer;
  let blindSrv: ListeningServer;
  let browser: Browser;
  const problems: string[] = [];
  const f: Record<string, number> = {};

  beforeAll(async () => {
    t = await openTestDb('pglite');
    for (const [u, r] of [
      ['sari', 'analyst'],
      ['budi', 'analyst'],
      ['dewi', 'supervisor'],
      ['admin', 'admin'],
    ] as const)
      await seedUser(t.db, u, r);
    const now = Date.now();
    for (let i = 0; i < 24; i++)
      f[`q${i}`] = (
        await seedFlag(t.db, {
          text: `Ayo dukung paslon ${1 + (i % 3)} di TPS ${i}`,
          priority: 20 + ((i * 37) % 60),
          postedAt: new Date(now - (i % 9) * DAY),
          personName: `Pegawai ${i % 7}`,
          nip: `19800101200${String(i % 7).padStart(9, '0')}`,
        })
      ).flagId;
    f['rlo'] = (await seedFlag(t.db, { text: 'dukung \u202E20 olboC\u202C sekarang', priority: 5 })).flagId;
    f['siti'] = (
      await seedFlag(t.db, {
        text: 'Serangan fajar amplop untuk warga',
        labels: ['money_politics'],
        personName: 'Siti Aminah',
        handle: 'siti_aminah',
        priority: 10,
      })
    ).flagId;
    srv = await startReviewServer(t.db);
    blindSrv = await startReviewServer(t.db, { secondReviewShare: 1 });
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS], headless: true });
    await mkdir(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.close();
    await blindSrv?.close();
    await t?.close();
  });

  async function signIn(user: string, password = TEST_PASSWORD, base = srv.url): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, locale: 'id-ID' });
    const page = await context.newPage();
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) problems.push(m.text());
    });
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    await page.goto(`${base}/login`);
    await page.fill('input[name=username]', user);
    await page.fill('input[name=password]', password);
    await Promise.all([page.waitForURL(/\/(queue|dashboard)/), page.click('button[type=submit].primary')]);
    return { context, page };
  }
  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

  it('an analyst searches, sorts the queue by a column, and dismisses two flags at once with a reason', async () => {
    const { context, page } = await signIn('sari');
    await page.click('nav.main-nav a[href="/search"]');
    await page.fill('#search-q', 'amplop');
    await Promise.all([page.waitForURL(/\/search\?q=amplop/), page.press('#search-q', 'Enter')]);
    await expect(page.locator('#queue-table tbody tr').count()).resolves.toBe(1);
    await shot(page, 'search');
    await page.fill('#search-q', '@siti_aminah');
    await Promise.all([page.waitForURL(/q=%40siti_aminah/), page.press('#search-q', 'Enter')]);
    await Promise.all([page.waitForURL(new RegExp(`/flags/${f['siti']}$`)), page.click(`#queue-table a[href="/flags/${f['siti']}"]`)]);

    await page.goto(`${srv.url}/queue`);
    await Promise.all([page.waitForURL(/sort=posted/), page.click('th a[data-sort="posted"]')]);
    await expect(page.locator('th[aria-sort="descending"] a[data-sort="posted"]').count()).resolves.toBe(1);
    const boxes = page.locator('#queue-table input[type=checkbox][name=flag]');
    expect(await boxes.count()).toBeGreaterThan(2);
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await page.selectOption('#bulk-action', 'dismiss');
    await page.selectOption('#bulk-actions select[name=dismissReason]', 'neutral_context');
    await page.fill('#bulk-actions input[name=reason]', 'konteks netral, dicek massal');
    await Promise.all([page.waitForURL(/msg=bulk/), page.click('#bulk-submit')]);
    await expect(page.locator('#queue-message').textContent()).resolves.toMatch(/^2 temuan diproses; gagal .*: 0\.$/);
    await shot(page, 'queue-bulk');
    const notes = await t.db.selectFrom('flag_decisions').select('note').where('decision', '=', 'dismiss').execute();
    expect(notes.map((n) => n.note)).toEqual(['konteks netral, dicek massal', 'konteks netral, dicek massal']);
    await context.close();
  });

  it('a supervisor works the escalations, reopens a decision with a reason, and assigns a flag', async () => {
    const api = new ApiClient(srv.url);
    await api.login('sari', TEST_PASSWORD);
    await api.post(`/api/flags/${f['q5']}/decisions`, { version: 1, decision: 'escalate', note: 'perlu pendapat' });
    const { context, page } = await signIn('dewi');
    await page.click('nav.main-nav a[href="/escalations"]');
    await expect(page.locator(`#queue-table a[href="/flags/${f['q5']}"]`).count()).resolves.toBe(1);
    await shot(page, 'escalations');
    await page.click(`#queue-table a[href="/flags/${f['q5']}"]`);
    await page.selectOption('#dismiss-reason', 'outside_rules');
    await Promise.all([page.waitForURL(/msg=decided/), page.click('#btn-dismiss')]);
    await page.fill('#reopen-form textarea[name=reason]', 'ada bukti baru dari pelapor');
    await Promise.all([page.waitForURL(/msg=reopened/), page.click('#btn-reopen')]);
    await expect(page.locator('#flag-message').textContent()).resolves.toMatch(/dibuka kembali/);
    await expect(page.locator('.status').first().textContent()).resolves.toBe('terbuka');
    await expect(page.locator('ul.decisions').textContent()).resolves.toMatch(/buka kembali[\s\S]*ada bukti baru dari pelapor/);
    await page.selectOption('#assignee', 'budi');
    await page.fill('#assign-form input[name=reason]', 'wilayah Budi');
    await Promise.all([page.waitForURL(/msg=assigned/), page.click('#btn-assign')]);
    await expect(page.locator('.status').first().textContent()).resolves.toBe('diperiksa');
    await shot(page, 'flag-supervisor');
    await context.close();
    const budi = await signIn('budi');
    await Promise.all([budi.page.waitForURL(new RegExp(`/flags/${f['q5']}$`)), budi.page.keyboard.press('n')]);
    await budi.context.close();
  });

  it('an admin adds and disables a user; a person changes their own password', async () => {
    const { context, page } = await signIn('admin');
    await page.click('nav.main-nav a[href="/users"]');
    await page.fill('#add-user input[name=username]', 'wulan');
    await page.fill('#add-user input[name=displayName]', 'Wulan Sari');
    await page.selectOption('#add-user select[name=role]', 'analyst');
    await page.fill('#add-user input[name=password]', 'kata-sandi-wulan-1');
    await Promise.all([page.waitForURL(/\/users\?msg=saved/), page.click('#add-user button[type=submit]')]);
    await expect(page.locator('tr[data-user="wulan"] td.state').textContent()).resolves.toBe('aktif');
    await Promise.all([page.waitForURL(/msg=saved/), page.click('tr[data-user="wulan"] button[data-action="disable"]')]);
    await expect(page.locator('tr[data-user="wulan"] td.state').textContent()).resolves.toBe('nonaktif');
    await shot(page, 'users');
    await context.close();

    const s = await signIn('sari');
    await s.page.click('a.who');
    await s.page.fill('input[name=currentPassword]', TEST_PASSWORD);
    await s.page.fill('input[name=newPassword]', 'sandi-baru-sari-2024');
    await s.page.fill('input[name=repeatPassword]', 'sandi-baru-sari-2024');
    await Promise.all([s.page.waitForURL(/msg=changed/), s.page.click('#password-form button[type=submit]')]);
    await expect(s.page.locator('#account-message').textContent()).resolves.toMatch(/Kata sandi diganti/);
    await shot(s.page, 'account');
    await s.context.close();
    (await signIn('sari', 'sandi-baru-sari-2024')).context.close();
    await t.db
      .updateTable('users')
      .set({
        password_hash: (await t.db.selectFrom('users').select('password_hash').where('username', '=', 'budi').executeTakeFirstOrThrow())
          .password_hash,
      })
      .where('username', '=', 'sari')
      .execute();
  });

  it('a post with a right-to-left override reads as written, the controls shown as markers', async () => {
    const { context, page } = await signIn('sari');
    await page.goto(`${srv.url}/flags/${f['rlo']}`);
    await expect(page.locator('#post-text').textContent()).resolves.toBe('dukung [U+202E]20 olboC[U+202C] sekarang');
    await context.close();
  });

  it('the second reviewer does not see the first decision until they decide', async () => {
    const api = new ApiClient(blindSrv.url);
    await api.login('sari', TEST_PASSWORD);
    const id = f['q7']!;
    expect((await api.post(`/api/flags/${id}/decisions`, { version: 1, decision: 'confirm', skbItem: 6 })).status).toBe(200);
    const { context, page } = await signIn('budi', TEST_PASSWORD, blindSrv.url);
    const r = await page.goto(`${blindSrv.url}/flags/${id}`);
    expect(r!.status()).toBe(403);
    await expect(page.locator('main').textContent()).resolves.toMatch(/menunggu tinjauan kedua Anda/);
    await page.goto(`${blindSrv.url}/second-reviews`);
    const card = page.locator(`#sr-${id}`);
    await expect(card.textContent()).resolves.not.toMatch(/Sari|dikonfirmasi/);
    await shot(page, 'second-review');
    await Promise.all([page.waitForURL(/msg=saved/), card.locator('button[value=confirm]').click()]);
    const after = await page.goto(`${blindSrv.url}/flags/${id}`);
    expect(after!.status()).toBe(200);
    await expect(page.locator('ul.decisions').textContent()).resolves.toMatch(/Sari/);
    await context.close();
    expect(problems).toEqual([]);
  });
});
