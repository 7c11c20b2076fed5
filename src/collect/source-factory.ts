import type { Config } from '../config/config.schema.ts';
import { UserError } from '../domain/errors.ts';
import type { Logger } from '../log/logger.ts';
import type { SourceConfig } from './source.schema.ts';
import { directoryEvidenceStore, type EvidenceStore } from './evidence/evidence-store.ts';
import type { Source } from './source.ts';
import { openFileSource } from './sources/file/file.source.ts';
import { openXApiSource } from './sources/x-api/x-api.source.ts';
import { loadWebAdapter } from './web/web-adapters.ts';
import { openWebSource } from './web/web.source.ts';

export interface SourceFactoryContext {
  /** Resolve a path written in the pipeline file. */
  resolve(p: string): string;
  /** Settings web and API sources need (Chromium, evidence store, API token). */
  config?: Pick<Config, 'chromiumPath' | 'evidenceDir' | 'xApiBearerToken'>;
  logger?: Logger;
  /** Overrides `config.evidenceDir` (tests). */
  evidenceStore?: EvidenceStore;
}

const days = (d: number | undefined) => (d === undefined ? undefined : Math.round(d * 86_400_000));

/** Open the source a pipeline names. */
export async function openSource(cfg: SourceConfig, ctx: SourceFactoryContext): Promise<Source> {
  switch (cfg.kind) {
    case 'file': {
      const s = await openFileSource({
        path: ctx.resolve(cfg.path),
        ...(cfg.format ? { format: cfg.format } : {}),
        ...(cfg.columns ? { columns: cfg.columns } : {}),
        ...(cfg.platform ? { platform: cfg.platform } : {}),
      });
      return cfg.evidence ? { ...s, evidenceMode: cfg.evidence } : s;
    }
    case 'web': {
      const store = ctx.evidenceStore ?? (ctx.config ? directoryEvidenceStore(ctx.config.evidenceDir) : undefined);
      const lookBackMs = days(cfg.lookBackDays);
      return openWebSource({
        adapter: await loadWebAdapter(cfg.platform),
        chromiumPath: ctx.config?.chromiumPath ?? '/usr/bin/chromium',
        ...(cfg.baseUrl ? { baseUrl: cfg.baseUrl } : {}),
        ...(cfg.politeness ? { politeness: cfg.politeness } : {}),
        ...(cfg.evidence ? { evidence: cfg.evidence } : {}),
        ...(store ? { evidenceStore: store } : {}),
        ...(lookBackMs !== undefined ? { lookBackMs } : {}),
        ...(cfg.maxPosts ? { maxPosts: cfg.maxPosts } : {}),
        ...(cfg.maxLoads !== undefined ? { maxLoads: cfg.maxLoads } : {}),
        ...(cfg.quietMs ? { quietMs: cfg.quietMs } : {}),
        ...(cfg.userAgent ? { userAgent: cfg.userAgent } : {}),
        ...(ctx.logger ? { logger: ctx.logger } : {}),
      });
    }
    case 'x-api': {
      const token = ctx.config?.xApiBearerToken;
      if (!token) throw new UserError('the pipeline names an x-api source but no bearer token is set: set NETRA_X_API_BEARER_TOKEN');
      const lookBackMs = days(cfg.lookBackDays);
      return openXApiSource({
        bearerToken: token,
        ...(cfg.baseUrl ? { baseUrl: cfg.baseUrl } : {}),
        ...(cfg.postUrlBase ? { postUrlBase: cfg.postUrlBase } : {}),
        ...(cfg.maxResults ? { maxResults: cfg.maxResults } : {}),
        ...(cfg.maxPages ? { maxPages: cfg.maxPages } : {}),
        ...(lookBackMs !== undefined ? { lookBackMs } : {}),
        ...(cfg.evidence ? { evidence: cfg.evidence } : {}),
        ...(cfg.politeness ? { politeness: cfg.politeness } : {}),
        ...(ctx.logger ? { logger: ctx.logger } : {}),
      });
    }
  }
}
