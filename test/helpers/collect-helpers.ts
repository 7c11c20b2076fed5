import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { directoryEvidenceStore, type EvidenceStore } from '../../src/collect/evidence/evidence-store.ts';
import type { PolitenessSettings } from '../../src/collect/politeness/politeness.settings.ts';
import { loadWebAdapter } from '../../src/collect/web/web-adapters.ts';
import { openWebSource, type WebSource, type WebSourceOptions } from '../../src/collect/web/web.source.ts';
import { silentLogger } from '../../src/log/logger.ts';
import type { FixturePlatform } from './fixture-site/fixture-data.ts';
import type { FixtureSite } from './fixture-site/fixture-site.ts';

export const CHROMIUM = process.env.NETRA_CHROMIUM_PATH ?? '/usr/bin/chromium';

/** No pacing delays and short backoffs: tests check behaviour, not patience. */
export const FAST: Partial<PolitenessSettings> = {
  minDelayMs: 0,
  maxDelayMs: 0,
  intervalCap: 10_000,
  backoffBaseMs: 50,
  backoffMaxMs: 200,
  timeoutMs: 15_000,
};

/** A web source for one platform of the fixture site. */
export async function fixtureWebSource(
  site: FixtureSite,
  platform: FixturePlatform,
  o: Partial<WebSourceOptions> = {},
): Promise<WebSource> {
  return openWebSource({
    adapter: await loadWebAdapter(platform),
    chromiumPath: CHROMIUM,
    baseUrl: site.baseUrl(platform),
    quietMs: 150,
    logger: silentLogger(),
    ...o,
    politeness: { ...FAST, ...o.politeness },
  });
}

/** A throwaway evidence store. */
export async function tempStore(): Promise<EvidenceStore & { dispose(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'netra-evidence-'));
  return { ...directoryEvidenceStore(dir), dispose: () => rm(dir, { recursive: true, force: true }) };
}

export const ctx = () => ({ logger: silentLogger() });
export const ref = (platform: string, handle: string, accountId = 1) => ({ accountId, platform, handle, profileUrl: '' });
