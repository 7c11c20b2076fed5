// Renders the demo images from the HTML beside them with Debian's Chromium (never a downloaded
// browser): `npx tsx data/demo/images/render.ts`. The PNGs are committed; rerun only after
// editing an HTML file (fonts: DejaVu Sans, Debian's fonts-dejavu-core).
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const dir = path.dirname(fileURLToPath(import.meta.url));
const browser = await chromium.launch({
  executablePath: process.env.NETRA_CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
});
try {
  const page = await browser.newPage();
  for (const html of readdirSync(dir).filter((f) => f.endsWith('.html'))) {
    await page.goto(`file://${path.join(dir, html)}`);
    const size = await page.evaluate(() => ({ width: document.body.scrollWidth, height: document.body.scrollHeight }));
    await page.setViewportSize(size);
    const out = path.join(dir, html.replace(/\.html$/, '.png'));
    await page.screenshot({ path: out, clip: { x: 0, y: 0, ...size } });
    console.log(`${out} ${size.width}x${size.height}`);
  }
} finally {
  await browser.close();
}
