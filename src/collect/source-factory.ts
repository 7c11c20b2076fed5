import type { Kysely } from 'kysely';
import type { Config } from '../config/config.schema.ts';
import type { Dialect } from '../db/connect.ts';
import type { Database } from '../db/schema.ts';
import { UserError } from '../domain/errors.ts';
import type { Logger } from '../log/logger.ts';
import type { SourceConfig } from './source.schema.ts';
import { directoryEvidenceStore, type EvidenceStore } from './evidence/evidence-store.ts';
import { politenessStoreFor } from './politeness/shared-politeness.store.ts';
import type { Source } from './source.ts';
import { openFileSource } from './sources/file/file.source.ts';
import { openMetaContentLibrarySource } from './sources/meta-content-library/meta-content-library.source.ts';
import { openTikTokResearchSource } from './sources/tiktok-research/tiktok-research.source.ts';
import { openXApiSource } from './sources/x-api/x-api.source.ts';
import { loadWebAdapter } from './web/web-adapters.ts';
import { openWebSource } from './web/web.source.ts';

export interface SourceFactoryContext {
  /** Resolve a path written in the pipeline file. */
  resolve(p: string): string;
  /** Settings web and API sources need (Chromium, evidence store, API token). */
  config?: Pick<Config, 'chromiumPath' | 'evidenceDir' | 'xApiBearerToken'> &
    Partial<Pick<Config, 'tiktokClientKey' | 'tiktokClientSecret' | 'metaContentLibraryToken'>>;
  logger?: Logger;
  /** Overrides `config.evidenceDir` (tests). */
  evidenceStore?: EvidenceStore;
  /** The scan's database: API sources keep platform ids and usage there; on PostgreSQL politeness is shared there. */
  db?: Kysely<Database>;
  dialect?: Dialect;
}

const days = (d: number | undefined) => (d === undefined ? undefined : Math.round(d * 86_400_000));

/** Open the source a pipeline names. */
export async function openSource(cfg: SourceConfig, ctx: SourceFactoryContext): Promise<Source> {
  const politeness = politenessStoreFor(ctx.db, ctx.dialect);
  switch (cfg.kind) {
    case 'file': {
      const s = await openFileSource({
        path: ctx.resolve(cfg.path),
        ...(cfg.format ? { format: cfg.format } : {}),
        ...(cfg.columns ? { columns: cfg.columns } : {}),
        ...(cfg.platform ? { platform: cfg.platform } : {}),
        evidenceStore: ctx.evidenceStore ?? (ctx.config ? directoryEvidenceStore(ctx.config.evidenceDir) : undefined),
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
        lookBackMs,
        ...(cfg.maxPosts ? { maxPosts: cfg.maxPosts } : {}),
        maxLoads: cfg.maxLoads,
        ...(cfg.quietMs ? { quietMs: cfg.quietMs } : {}),
        ...(cfg.userAgent ? { userAgent: cfg.userAgent } : {}),
        ...(cfg.egress ? { egress: cfg.egress } : {}),
        ...(politeness ? { store: politeness } : {}),
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
        lookBackMs,
        ...(cfg.evidence ? { evidence: cfg.evidence } : {}),
        ...(cfg.politeness ? { politeness: cfg.politeness } : {}),
        ...(cfg.egress ? { egress: cfg.egress } : {}),
        monthlyReadCap: cfg.monthlyReadCap,
        ...(cfg.following ? { following: true } : {}),
        ...(cfg.followingMaxPages ? { followingMaxPages: cfg.followingMaxPages } : {}),
        ...(politeness ? { store: politeness } : {}),
        ...(ctx.db ? { db: ctx.db } : {}),
        ...(ctx.logger ? { logger: ctx.logger } : {}),
      });
    }
    case 'tiktok-research': {
      const key = ctx.config?.tiktokClientKey;
      const secret = ctx.config?.tiktokClientSecret;
      if (!key || !secret)
        throw new UserError(
          'the pipeline names a tiktok-research source but no client credentials are set: set NETRA_TIKTOK_CLIENT_KEY and NETRA_TIKTOK_CLIENT_SECRET',
        );
      const lookBackMs = days(cfg.lookBackDays);
      return openTikTokResearchSource({
        clientKey: key,
        clientSecret: secret,
        ...(cfg.baseUrl ? { baseUrl: cfg.baseUrl } : {}),
        ...(cfg.postUrlBase ? { postUrlBase: cfg.postUrlBase } : {}),
        ...(cfg.maxHistoryDays ? { maxHistoryDays: cfg.maxHistoryDays } : {}),
        lookBackMs,
        commentsPerVideo: cfg.commentsPerVideo,
        ...(cfg.dailyRequestCap ? { dailyRequestCap: cfg.dailyRequestCap } : {}),
        ...(cfg.dailyRecordCap ? { dailyRecordCap: cfg.dailyRecordCap } : {}),
        ...(cfg.evidence ? { evidence: cfg.evidence } : {}),
        ...(cfg.politeness ? { politeness: cfg.politeness } : {}),
        ...(cfg.egress ? { egress: cfg.egress } : {}),
        ...(politeness ? { store: politeness } : {}),
        ...(ctx.db ? { db: ctx.db } : {}),
        ...(ctx.logger ? { logger: ctx.logger } : {}),
      });
    }
    case 'meta-content-library': {
      const token = ctx.config?.metaContentLibraryToken;
      if (!token)
        throw new UserError('the pipeline names a meta-content-library source but no token is set: set NETRA_META_CONTENT_LIBRARY_TOKEN');
      const lookBackMs = days(cfg.lookBackDays);
      return openMetaContentLibrarySource({
        baseUrl: cfg.baseUrl,
        accessToken: token,
        ...(cfg.maxHistoryDays ? { maxHistoryDays: cfg.maxHistoryDays } : {}),
        lookBackMs,
        ...(cfg.weeklyRecordCap ? { weeklyRecordCap: cfg.weeklyRecordCap } : {}),
        ...(cfg.politeness ? { politeness: cfg.politeness } : {}),
        ...(cfg.egress ? { egress: cfg.egress } : {}),
        ...(politeness ? { store: politeness } : {}),
        ...(ctx.db ? { db: ctx.db } : {}),
        ...(ctx.logger ? { logger: ctx.logger } : {}),
      });
    }
  }
}
