import path from 'node:path';
import type { Kysely } from 'kysely';
import { pledgeSchema, type PledgeRules } from '../domain/pledge.ts';
import { PACKAGE_ROOT } from '../config/paths.ts';
import { loadYamlFile } from '../config/yaml-file.ts';
import type { Database } from '../db/schema.ts';
import type { Logger } from '../log/logger.ts';
import { PasswordGate } from './auth/password-gate.ts';
import type { ReviewDeps, ReviewSettings } from './app-deps.ts';
import { json, type Route } from './http/route.ts';
import { createRequestHandler } from './http/server.ts';
import { openApiDocument } from './openapi.ts';
import { accountRoutes } from './routes/account.routes.ts';
import { authRoutes } from './routes/auth.routes.ts';
import { dashboardRoutes } from './routes/dashboard.routes.ts';
import { flagRoutes } from './routes/flag.routes.ts';
import { personRoutes } from './routes/person.routes.ts';
import { queueRoutes } from './routes/queue.routes.ts';
import { reportRoutes } from './routes/report.routes.ts';
import { searchRoutes } from './routes/search.routes.ts';
import { secondReviewRoutes } from './routes/second-review.routes.ts';
import { usersPageRoutes } from './routes/users-page.routes.ts';
import { usersRoutes } from './routes/users.routes.ts';
import { workflowRoutes } from './routes/workflow.routes.ts';

export const DEFAULT_REVIEW_SETTINGS = {
  loginMaxFailures: 5,
  lockMs: 15 * 60_000,
  loginRateLimit: 20,
  loginRateWindowMs: 15 * 60_000,
} as const;

/** The SKB 2022 items, pledge clauses and label mapping shipped in data/rules/pledge.yaml. */
export function loadPledge(file = path.join(PACKAGE_ROOT, 'data', 'rules', 'pledge.yaml')): Promise<PledgeRules> {
  return loadYamlFile(file, pledgeSchema);
}

/** Every route of the app: pages, JSON API and the OpenAPI document. */
export function reviewRoutes(deps: ReviewDeps): Route[] {
  const routes: Route[] = [
    ...authRoutes(deps),
    ...accountRoutes(deps),
    ...queueRoutes(deps),
    ...flagRoutes(deps),
    ...personRoutes(deps),
    ...workflowRoutes(deps),
    ...searchRoutes(deps),
    ...reportRoutes(deps),
    ...dashboardRoutes(deps),
    ...usersRoutes(deps),
    ...usersPageRoutes(deps),
    ...secondReviewRoutes(deps),
  ];
  routes.push({
    method: 'GET',
    path: '/api/openapi.json',
    access: 'public',
    api: true,
    doc: { summary: 'This document', tags: ['meta'] },
    handler: async () => json(openApiDocument(routes)),
  });
  return routes;
}

export interface ReviewApp {
  handler: ReturnType<typeof createRequestHandler>;
  routes: Route[];
  deps: ReviewDeps;
}

export async function createReviewApp(o: {
  db: Kysely<Database>;
  logger: Logger;
  settings: ReviewSettings;
  pledge?: PledgeRules;
}): Promise<ReviewApp> {
  const deps: ReviewDeps = {
    db: o.db,
    logger: o.logger,
    pledge: o.pledge ?? (await loadPledge()),
    settings: o.settings,
    passwords: new PasswordGate(o.settings.passwordChecks ?? 2),
  };
  const routes = reviewRoutes(deps);
  return {
    handler: createRequestHandler({
      db: o.db,
      logger: o.logger,
      routes,
      sessionTtlMs: o.settings.sessionTtlMs,
      trustProxy: o.settings.trustProxy,
    }),
    routes,
    deps,
  };
}
