import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Permission } from '../../domain/roles.ts';
import type { SessionUser } from '../../repositories/sessions.repository.ts';
import type { SafeHtml } from './html.ts';
import type { Lang } from '../views/i18n.ts';

/** What a handler gets for one request. */
export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  params: Record<string, string>;
  /** Parsed JSON or form body of a state-changing request (an empty object otherwise). */
  body: Record<string, unknown>;
  user: SessionUser | undefined;
  /** The CSRF token to put into forms on the page being rendered. */
  csrfToken: string;
  lang: Lang;
  /** Client address (from X-Forwarded-For only when the proxy is trusted). */
  ip: string;
  /** Request arrived over TLS (directly or per X-Forwarded-Proto). */
  secure: boolean;
}

/** A handler's answer; the server adds the security headers. */
export type Reply =
  | { kind: 'json'; status?: number; body: unknown; headers?: Record<string, string | string[]> }
  | { kind: 'html'; status?: number; body: SafeHtml; headers?: Record<string, string | string[]> }
  | { kind: 'redirect'; location: string; status?: 302 | 303; headers?: Record<string, string | string[]> }
  | { kind: 'bytes'; status?: number; body: Uint8Array; contentType: string; headers?: Record<string, string | string[]> };

/** Who may call a route: anyone, any signed-in user, or users whose role has a permission. */
export type Access = 'public' | 'signed-in' | Permission;

/** OpenAPI fragments of a route (the document is generated from the route table). */
export interface RouteDoc {
  summary: string;
  tags?: string[];
  query?: { name: string; description: string; schema?: Record<string, unknown> }[];
  requestBody?: Record<string, unknown>;
  responses?: Record<string, string>;
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT';
  /** `/api/flags/:id` style. */
  path: string;
  access: Access;
  /** JSON API route (errors as JSON, 401 instead of a redirect to the login page). */
  api: boolean;
  handler: (ctx: RequestContext) => Promise<Reply>;
  doc?: RouteDoc;
}

export function compilePath(path: string): { re: RegExp; keys: string[] } {
  const keys: string[] = [];
  const re = new RegExp(
    `^${path.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/:(\w+)/g, (_m, k: string) => {
      keys.push(k);
      return '([^/]+)';
    })}$`,
  );
  return { re, keys };
}

export const json = (body: unknown, status = 200, headers?: Record<string, string | string[]>): Reply => ({
  kind: 'json',
  body,
  status,
  ...(headers ? { headers } : {}),
});
export const page = (body: SafeHtml, status = 200): Reply => ({ kind: 'html', body, status });
export const redirect = (location: string): Reply => ({ kind: 'redirect', location, status: 303 });
