import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CHROMIUM_ARGS } from '../../src/collect/browser.ts';
import { directoryEvidenceStore } from '../../src/collect/evidence/evidence-store.ts';
import { formatWib } from '../../src/domain/wib-time.ts';
import type { ListeningServer } from '../../src/review/http/server.ts';
import { recordEvidence } from '../../src/repositories/evidence.repository.ts';
import { listQueue } from '../../src/repositories/queue.repository.ts';
import { CHROMIUM_PATH, describeBrowser } from '../helpers/chromium.ts';
import { scanDemo } from '../helpers/demo-scan.ts';
import { startReviewServer } from '../helpers/review-server.ts';
import { seedFlag, seedUser, TEST_PASSWORD } from '../helpers/review-seed.ts';
import { openTestDb, type TestDb } from '../helpers/test-db.ts';

/** Screenshots of the main pages, for people to look at (test-results/ is not committed). */
const SHOTS = path.resolve('test-results', 'review');

describeBrowser('the review app in Chromium, on the demo scan', () => {
  let t: TestDb;
  let srv: ListeningServer;
  let browser: Browser;
  let dataDir: string;
  let xssFlag: number;
  const cspErrors: string[] = [];

  beforeAll(async () => {
    t = await openTestDb('pglite');
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'netra-e2e-'));
    expect(await scanDemo(t.db, dataDir)).toBeGreaterThan(50);
    await seedUser(t.db, 'sari', 'analyst');
    await seedUser(t.db, 'budi', 'analyst');
    await seedUser(t.db, 'rina', 'researcher');
    const text = 'Info penting <script>alert("xss")</script><img src=x onerror="alert(1)"> coblos 02!';
    xssFlag = (
      await seedFlag(t.db, {
        text,
        priority: 1,
        evidence: [
          {
            label: 'partisan',
            start: text.indexOf('coblos'),
            end: text.indexOf('coblos') + 9,
            text: 'coblos 02',
            source: 'lexicon',
            weight: 0.6,
            rule: '<b>x</b>',
          },
        ],
      })
    ).flagId;
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS], headless: true });
    // Evidence for the flag at the top of the queue: a real screenshot stored in the evidence store.
    const [top] = (await listQueue(t.db, { statuses: ['open'] }, { limit: 1, offset: 0 })).items;
    const shotPage = await browser.newPage({ viewport: { width: 600, height: 220 } });
    await shotPage.setContent(
      `<body style="font:16px sans-serif;padding:16px"><b>@${top!.handle}</b><p>${top!.text.replace(/</g, '&lt;')}</p></body>`,
    );
    const png = await shotPage.screenshot();
    await shotPage.close();
    const file = await directoryEvidenceStore(path.join(dataDir, 'evidence')).put(png, 'image/png');
    const post = await t.db.selectFrom('flags').select('post_id').where('id', '=', top!.id).executeTakeFirstOrThrow();
    const now = new Date();
    await recordEvidence(t.db, [
      {
        postId: post.post_id!,
        postVersion: 1,
        kind: 'screenshot',
        storagePath: file.path,
        sha256: file.sha256,
        bytes: file.bytes,
        mime: 'image/png',
        url: null,
        capturedAt: now,
        capturedAtWib: formatWib(now),
        collectorVersion: 'test',
        source: 'test',
        method: 'manual',
        actor: 'user:sari',
      },
    ]);
    srv = await startReviewServer(t.db, { evidenceDir: path.join(dataDir, 'evidence') });
    await mkdir(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.close();
    await t?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  async function signIn(user: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, locale: 'id-ID' });
    const page = await context.newPage();
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
    });
    page.on('dialog', (d) => {
      throw new Error(`unexpected dialog: ${d.message()}`);
    });
    await page.goto(`${srv.url}/login`);
    await page.fill('input[name=username]', user);
    await page.fill('input[name=password]', TEST_PASSWORD);
    await Promise.all([page.waitForURL(/\/(queue|dashboard)/), page.click('button[type=submit].primary')]);
    return { context, page };
  }
  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  const statusCount = async (page: Page, s: string) =>
    Number(
      (await page
        .locator(`[data-status=${s}]`)
        .textContent()
        .catch(() => '0')) ?? 0,
    );

  it('an analyst works the queue: take next, read the evidence, confirm with an SKB item, print the report, dismiss another; the dashboard follows', async () => {
    const { context, page } = await signIn('sari');
    await page.goto(`${srv.url}/dashboard`);
    const confirmedBefore = await statusCount(page, 'confirmed');
    await page.goto(`${srv.url}/queue`);
    await expect.poll(() => page.locator('#queue-table tbody tr').count()).toBeGreaterThan(20);
    await expect(page.locator('.clock').first().textContent()).resolves.toMatch(/hari lagi|jam lagi/);
    await shot(page, 'queue');
    await page.screenshot({ path: path.join(SHOTS, 'queue-top.png'), clip: { x: 0, y: 0, width: 1360, height: 640 } });

    // "n" takes the next flag.
    await Promise.all([page.waitForURL(/\/flags\/\d+$/), page.keyboard.press('n')]);
    await expect(page.locator('.status').first().textContent()).resolves.toMatch(/diperiksa/);
    await expect(page.locator('#post-text mark.ev').count()).resolves.toBeGreaterThan(0);
    await expect(page.locator('figure.shot img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).resolves.toBe(
      true,
    );
    await expect(page.locator('.evidence-list code.hash').first().textContent()).resolves.toMatch(/^[0-9a-f]{64}$/);
    await expect(page.locator('.person-name').textContent()).resolves.not.toBe('—');
    await shot(page, 'flag');

    await page.selectOption('#skb-item', '6');
    await Promise.all([page.waitForURL(/msg=decided/), page.click('#btn-confirm')]);
    await expect(page.locator('#flag-message').textContent()).resolves.toMatch(/Keputusan tersimpan/);
    await expect(page.locator('.status').first().textContent()).resolves.toMatch(/dikonfirmasi/);

    await Promise.all([page.waitForURL(/\/report$/), page.keyboard.press('p')]);
    await expect(page.locator('#case-report h1').textContent()).resolves.toMatch(/Laporan Dugaan Pelanggaran Netralitas ASN/);
    await expect(page.locator('#case-report').textContent()).resolves.toMatch(/6\. Membuat posting, comment, share/);
    await expect(page.locator('#case-report .evidence-table code.hash').count()).resolves.toBe(1);
    await shot(page, 'report');
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('header.top').isVisible()).resolves.toBe(false);
    await page.emulateMedia({ media: 'screen' });
    const pdf = await page.request.get(`${srv.url}${await page.locator('#pdf-link').getAttribute('href')}`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    const bytes = await pdf.body();
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.length).toBeGreaterThan(20_000); // text plus the embedded screenshot
    await writeFile(path.join(SHOTS, 'report.pdf'), bytes);

    // The next one is not a breach.
    await page.goto(`${srv.url}/queue`);
    await Promise.all([page.waitForURL(/\/flags\/\d+$/), page.click('#take-next button')]);
    await page.selectOption('#dismiss-reason', 'news_or_official_info');
    await page.fill('input[name=dismissText]', 'berita tanpa penilaian');
    await Promise.all([page.waitForURL(/msg=decided/), page.click('#btn-dismiss')]);
    await expect(page.locator('.status').first().textContent()).resolves.toMatch(/ditolak/);

    await page.goto(`${srv.url}/dashboard`);
    expect(await statusCount(page, 'confirmed')).toBe(confirmedBefore + 1);
    expect(await statusCount(page, 'dismissed')).toBeGreaterThanOrEqual(1);
    await expect(page.locator('#confirmation-rate svg rect').count()).resolves.toBeGreaterThan(0);
    await shot(page, 'dashboard');
    await context.close();
  });

  it('a researcher is refused the queue', async () => {
    const { context, page } = await signIn('rina');
    expect(new URL(page.url()).pathname).toBe('/dashboard');
    await expect(page.locator('nav.main-nav a[href="/queue"]').count()).resolves.toBe(0);
    const r = await page.goto(`${srv.url}/queue`);
    expect(r!.status()).toBe(403);
    await expect(page.locator('h1').textContent()).resolves.toMatch(/Akses ditolak/);
    const api = await page.request.get(`${srv.url}/api/flags/${xssFlag}`);
    expect(api.status()).toBe(403);
    await context.close();
  });

  it('a post with <script> and <img onerror> renders as text', async () => {
    const { context, page } = await signIn('sari');
    await page.goto(`${srv.url}/flags/${xssFlag}`);
    await expect(page.locator('#post-text').textContent()).resolves.toContain(
      '<script>alert("xss")</script><img src=x onerror="alert(1)">',
    );
    await expect(page.locator('#post-text img, #post-text script').count()).resolves.toBe(0);
    await expect(page.locator('#post-text mark.ev').textContent()).resolves.toBe('coblos 02');
    await shot(page, 'flag-xss');
    await context.close();
  });

  it('a person name in the queue opens their page: accounts with link basis, weekly timeline, flags, posts; back to a flag', async () => {
    const { context, page } = await signIn('sari');
    await page.goto(`${srv.url}/queue`);
    const link = page.locator('#queue-table a.person-link').first();
    const name = (await link.textContent())!;
    // A click on the name opens the person, not the row's flag.
    await Promise.all([page.waitForURL(/\/persons\/\d+$/), link.click()]);
    await expect(page.locator('#person-name').textContent()).resolves.toBe(name);
    await expect(page.locator('#person-accounts tbody tr').count()).resolves.toBeGreaterThan(0);
    await expect(page.locator('#timeline svg.chart rect').count()).resolves.toBeGreaterThan(0);
    await expect(page.locator('#person-flags tbody tr').count()).resolves.toBeGreaterThan(0);
    await expect(page.locator('#person-posts li.post').count()).resolves.toBeGreaterThan(0);
    await shot(page, 'person');
    await Promise.all([page.waitForURL(/\/flags\/\d+$/), page.locator('#person-flags a[href^="/flags/"]').first().click()]);
    await expect(page.locator('#person-link').textContent()).resolves.toBe(name);
    await context.close();
  });

  it('two analysts on one flag: the second is told, nothing is overwritten', async () => {
    const a = await signIn('sari');
    const b = await signIn('budi');
    const [open] = (await listQueue(t.db, { statuses: ['open'] }, { limit: 1, offset: 0 })).items;
    for (const p of [a.page, b.page]) await p.goto(`${srv.url}/flags/${open!.id}`);
    await a.page.selectOption('#skb-item', '2');
    await Promise.all([a.page.waitForURL(/msg=decided/), a.page.click('#btn-confirm')]);
    await b.page.selectOption('#dismiss-reason', 'neutral_context');
    const [resp] = await Promise.all([b.page.waitForResponse((r) => r.url().endsWith('/decide')), b.page.click('#btn-dismiss')]);
    expect(resp.status()).toBe(409);
    await expect(b.page.locator('#flag-message').textContent()).resolves.toMatch(/sudah diubah orang lain.*Sari \(sari\)/);
    await expect(b.page.locator('.status').first().textContent()).resolves.toMatch(/dikonfirmasi/);
    await shot(b.page, 'conflict');
    const decisions = await t.db.selectFrom('flag_decisions').select(['decision', 'decided_by']).where('flag_id', '=', open!.id).execute();
    expect(decisions.map((x) => x.decision)).toEqual(['confirm']);
    await a.context.close();
    await b.context.close();
    expect(cspErrors).toEqual([]);
  });
});
