import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../config/paths.ts';

/**
 * Capture times as a Bawaslu report needs them: UTC for the record, and WIB (Asia/Jakarta,
 * UTC+7, no daylight saving) as analysts and the reported person read it.
 */
export function formatWib(d: Date): string {
  const w = new Date(d.getTime() + 7 * 3_600_000);
  return `${w.toISOString().slice(0, 19).replace('T', ' ')} WIB`;
}

/** ISO 8601 with the +07:00 offset, e.g. `2024-02-12T15:30:00.000+07:00`. */
export function isoWib(d: Date): string {
  const w = new Date(d.getTime() + 7 * 3_600_000);
  return `${w.toISOString().slice(0, 23)}+07:00`;
}

let version: string | undefined;

/** netra's version from package.json, read once. */
export function netraVersion(): string {
  if (version === undefined) {
    try {
      version = String((JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0');
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
