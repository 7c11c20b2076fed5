import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../config/paths.ts';

let version: string | undefined;

/** netra's version from package.json, read once. */
export function netraVersion(): string {
  if (version === undefined) {
    try {
      version = String(
        (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0',
      );
    } catch {
      version = '0.0.0';
    }
  }
  return version;
}

/** The collector string recorded with every piece of evidence, e.g. `netra/0.1.0 x-web chromium/156.0`. */
export function collectorVersion(sourceId: string, browserVersion?: string): string {
  return `netra/${netraVersion()} ${sourceId}${browserVersion ? ` chromium/${browserVersion}` : ''}`;
}
