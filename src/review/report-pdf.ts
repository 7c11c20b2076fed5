import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { acquireBrowser } from '../collect/browser.ts';
import type { CaseReport } from './case-report.ts';
import type { Lang } from './views/i18n.ts';
import { reportDocument } from './views/report.view.ts';

const CSS_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'static', 'app.css');
/** Screenshots larger than this are listed with their hash but not embedded in the PDF. */
const MAX_EMBED_BYTES = 4 * 1024 * 1024;

/**
 * Print a case report to PDF with Debian's Chromium (playwright-core `page.pdf`). The page gets
 * a self-contained document: JavaScript off, every network request refused, screenshots
 * embedded from the evidence store.
 */
export async function renderReportPdf(r: CaseReport, o: { lang: Lang; chromiumPath: string; evidenceDir: string }): Promise<Uint8Array> {
  const images = new Map<number, string>();
  for (const e of r.evidence) {
    if (e.kind !== 'screenshot' || e.bytes > MAX_EMBED_BYTES) continue;
    try {
      const data = await readFile(path.join(o.evidenceDir, e.storagePath));
      images.set(e.id, `data:image/png;base64,${data.toString('base64')}`);
    } catch {
      // A missing file is still listed with its hash; `netra evidence verify` reports it.
    }
  }
  const doc = reportDocument(o.lang, r, await readFile(CSS_FILE, 'utf8'), images);
  const lease = await acquireBrowser(o.chromiumPath);
  try {
    const context = await lease.browser.newContext({ javaScriptEnabled: false, locale: 'id-ID', timezoneId: 'Asia/Jakarta' });
    try {
      await context.route('**/*', (route) => route.abort());
      const page = await context.newPage();
      await page.setContent(`<!doctype html>\n${doc.value}`, { waitUntil: 'load' });
      const pdf = await page.pdf({
        format: 'A4',
        printBackground: true,
        margin: { top: '18mm', bottom: '18mm', left: '16mm', right: '16mm' },
        displayHeaderFooter: true,
        headerTemplate: '<span></span>',
        footerTemplate: `<div style="font-size:8px;width:100%;text-align:center;color:#555">${r.number.replace(/[^A-Za-z0-9/ -]/g, '')} · <span class="pageNumber"></span>/<span class="totalPages"></span></div>`,
      });
      return new Uint8Array(pdf);
    } finally {
      await context.close();
    }
  } finally {
    await lease.release();
  }
}
