import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { UserError } from '../../domain/errors.ts';
import type { WebAdapter } from './web-adapter.ts';

const SOURCES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'sources');

/**
 * Web adapters are found by folder: `src/collect/sources/<platform>/<platform>.web-source.ts`
 * exporting `adapter`. Adding a platform is adding a folder; nothing else lists them.
 */
export async function loadWebAdapter(platform: string): Promise<WebAdapter> {
  if (!/^[a-z][a-z0-9_-]{0,31}$/.test(platform)) throw new UserError(`not a platform id: ${JSON.stringify(platform)}`);
  const file = path.join(SOURCES_DIR, platform, `${platform}.web-source.ts`);
  let mod: { adapter?: WebAdapter };
  try {
    mod = (await import(pathToFileURL(file).href)) as { adapter?: WebAdapter };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'ENOENT')
      throw new UserError(
        `no web adapter for platform "${platform}": expected src/collect/sources/${platform}/${platform}.web-source.ts (known: ${(await webPlatforms()).join(', ')})`,
      );
    throw e;
  }
  const a = mod.adapter;
  if (!a || a.platform !== platform || typeof a.parseProfile !== 'function' || typeof a.parsePost !== 'function')
    throw new Error(`${file} must export \`adapter\`, a WebAdapter for platform "${platform}"`);
  return a;
}

/** Platforms with a web adapter folder. */
export async function webPlatforms(): Promise<string[]> {
  const out: string[] = [];
  for (const d of await readdir(SOURCES_DIR, { withFileTypes: true })) {
    if (!d.isDirectory()) continue;
    const files = await readdir(path.join(SOURCES_DIR, d.name));
    if (files.includes(`${d.name}.web-source.ts`)) out.push(d.name);
  }
  return out.sort();
}

/** The adapter whose real site serves this URL (for `netra capture URL`), or null. */
export async function adapterForUrl(url: string): Promise<WebAdapter | null> {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    throw new UserError(`not a URL: ${JSON.stringify(url)}`);
  }
  for (const p of await webPlatforms()) {
    const a = await loadWebAdapter(p);
    if (a.hosts.includes(host)) return a;
  }
  return null;
}
