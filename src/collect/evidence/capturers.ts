import type { Config } from '../../config/config.schema.ts';
import type { Logger } from '../../log/logger.ts';
import type { Source } from '../source.ts';
import { loadWebAdapter } from '../web/web-adapters.ts';
import { openWebSource, type WebSource } from '../web/web.source.ts';
import type { EvidenceStore } from './evidence-store.ts';

/**
 * Who captures a flagged post's page: the scan's own web source for that platform when there is
 * one (its politeness and browser are reused), otherwise a web source opened for the purpose
 * when some source of that platform asked for evidence (an API or a file import), else nobody.
 */
export class EvidenceCapturers {
  private readonly opened = new Map<string, Promise<WebSource | null>>();

  constructor(
    private readonly sources: readonly Source[],
    private readonly o: { config: Pick<Config, 'chromiumPath'>; store: EvidenceStore; logger?: Logger },
  ) {}

  /** Platforms for which some source asked for evidence. */
  wanted(platform: string): boolean {
    return this.sources.some((s) => s.platforms.includes(platform) && (s.evidenceMode ?? 'none') !== 'none');
  }

  async get(platform: string): Promise<WebSource | null> {
    if (!this.wanted(platform)) return null;
    const own = this.sources.find((s): s is WebSource => s.platforms.includes(platform) && 'capturePost' in s);
    if (own) return own;
    let p = this.opened.get(platform);
    if (!p) {
      p = loadWebAdapter(platform).then(
        (adapter) =>
          openWebSource({
            adapter,
            chromiumPath: this.o.config.chromiumPath,
            evidenceStore: this.o.store,
            evidence: 'flagged',
            ...(this.o.logger ? { logger: this.o.logger } : {}),
          }),
        () => null,
      );
      this.opened.set(platform, p);
    }
    return p;
  }

  /** Close the web sources opened here (the scan closes its own). */
  async close(): Promise<void> {
    for (const p of this.opened.values()) await (await p)?.close?.();
    this.opened.clear();
  }
}
