import type { Page } from 'playwright-core';
import { formatWib } from '../../domain/wib-time.ts';
import type { CapturedFile, EvidenceStore } from './evidence-store.ts';
import { addPngText } from './png-text.ts';

/** What a screenshot says about itself (written into the PNG). */
export interface ShotMeta {
  url: string;
  capturedAt: Date;
  collector: string;
  platform: string;
  externalId: string;
}

/**
 * PNG of one post's element, with URL, capture time (UTC and WIB), collector and post id written
 * into the file. Null when the element is not on the page (the caller reports it).
 */
export async function screenshotElement(
  page: Page,
  selector: string,
  meta: ShotMeta,
  store: EvidenceStore,
  timeoutMs = 10_000,
): Promise<CapturedFile | null> {
  const loc = page.locator(selector).first();
  if ((await loc.count()) === 0) return null;
  const png = await loc.screenshot({ type: 'png', timeout: timeoutMs, animations: 'disabled' });
  const stamped = addPngText(png, {
    'netra:url': meta.url,
    'netra:platform': meta.platform,
    'netra:post-id': meta.externalId,
    'netra:captured-at-utc': meta.capturedAt.toISOString(),
    'netra:captured-at-wib': formatWib(meta.capturedAt),
    'netra:collector': meta.collector,
  });
  return store.put(stamped, 'image/png');
}

/**
 * The page as Chromium archives it (MHTML: the HTML with its images, styles and frames in one
 * file), through the DevTools `Page.captureSnapshot` command.
 */
export async function archivePage(page: Page, store: EvidenceStore): Promise<CapturedFile> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { data } = (await cdp.send('Page.captureSnapshot', { format: 'mhtml' })) as { data: string };
    return await store.put(Buffer.from(data, 'utf8'), 'multipart/related');
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}
