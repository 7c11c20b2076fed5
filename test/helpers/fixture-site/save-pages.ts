/**
 * Regenerate the saved pages the parser unit tests read (test/fixtures/sites/<platform>/saved/):
 * each fixture page as Chromium rendered it (`page.content()`), i.e. what a web source parses.
 * Run after changing a fixture template: `npx tsx test/helpers/fixture-site/save-pages.ts`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, contextOptions } from '../../../src/collect/browser.ts';
import { FIXTURE_PLATFORMS } from './fixture-data.ts';
import { startFixtureSite } from './fixture-site.ts';

const OUT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'sites');

const site = await startFixtureSite();
const browser = await chromium.launch({ executablePath: process.env.NETRA_CHROMIUM_PATH ?? '/usr/bin/chromium', args: [...CHROMIUM_ARGS] });
const page = await (await browser.newContext(contextOptions())).newPage();
try {
  for (const platform of FIXTURE_PLATFORMS) {
    const post = site.posts(platform, 'budi_guru')[1]!;
    const pages: Record<string, string> = {
      'profile-budi_guru': site.profileUrl(platform, 'budi_guru'),
      'profile-nakal': site.profileUrl(platform, 'nakal'),
      'profile-kosong': site.profileUrl(platform, 'kosong'),
      'login-wall': site.profileUrl(platform, 'dinding'),
      'not-found': site.profileUrl(platform, 'tidakada'),
      private: site.profileUrl(platform, 'terkunci'),
      post: site.postUrl(platform, 'budi_guru', post.id),
      removed: site.postUrl(
        platform,
        'budi_guru',
        platform === 'instagram' ? 'CzzzzzzzzzZ' : platform === 'facebook' ? 'pfbid0gone' : '1234567890123456789',
      ),
    };
    // A login dialog drawn over a profile that already shows its first page of posts.
    pages['login-dialog'] = site.profileUrl(platform, 'banyak');
    pages['challenge'] = site.profileUrl(platform, 'tantangan');
    if (platform === 'x') pages['interstitial'] = site.profileUrl(platform, 'peringatan');
    const manifest: Record<string, string> = {};
    await mkdir(path.join(OUT, platform, 'saved'), { recursive: true });
    for (const [name, url] of Object.entries(pages)) {
      site.setBarrier(platform, 'banyak', name === 'login-dialog' ? { afterPages: 1, kind: 'login_dialog' } : null);
      const resp = await page.goto(url, { waitUntil: 'networkidle' });
      if (name === 'login-dialog') {
        await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
        await page.waitForLoadState('networkidle');
        await page.waitForTimeout(300);
      }
      if ((name.startsWith('profile') || name === 'post') && resp?.status() !== 200) throw new Error(`${url}: HTTP ${resp?.status()}`);
      // The page as drawn: the JSON that drew it (embedded scripts) is kept too, as the browser has it.
      const html = (await page.content()).replaceAll(site.url, 'http://127.0.0.1:8080');
      manifest[name] = page.url().replace(site.url, 'http://127.0.0.1:8080');
      await writeFile(path.join(OUT, platform, 'saved', `${name}.html`), html);
    }
    await writeFile(path.join(OUT, platform, 'saved', 'pages.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  }
} finally {
  await browser.close();
  await site.close();
}
