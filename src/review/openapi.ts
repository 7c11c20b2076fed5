import type { Route } from './http/route.ts';

/**
 * The OpenAPI 3.1 document of the JSON API, generated from the route table (so it cannot list
 * a route that does not exist or miss one that does). Every route notes the permission it needs.
 */
export function openApiDocument(routes: readonly Route[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes.filter((x) => x.api)) {
    const p = r.path.replace(/:(\w+)/g, '{$1}');
    const params = [...r.path.matchAll(/:(\w+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: m[1] === 'username' ? 'string' : 'integer' },
    }));
    const query = (r.doc?.query ?? []).map((q) => ({
      name: q.name,
      in: 'query',
      required: false,
      description: q.description,
      schema: q.schema ?? { type: 'string' },
    }));
    const changes = r.method !== 'GET';
    const responses: Record<string, { description: string }> = Object.fromEntries(
      Object.entries(r.doc?.responses ?? { '200': 'OK' }).map(([k, v]) => [k, { description: v }]),
    );
    if (r.access !== 'public') {
      responses['401'] ??= { description: 'not signed in' };
      if (r.access !== 'signed-in') responses['403'] ??= { description: `role lacks the permission ${r.access}` };
    }
    if (changes)
      responses['403'] = { description: `${responses['403'] ? `${responses['403'].description}; or ` : ''}CSRF token missing or wrong` };
    (paths[p] ??= {})[r.method.toLowerCase()] = {
      summary: r.doc?.summary ?? r.path,
      tags: r.doc?.tags ?? [],
      'x-permission': r.access,
      parameters: [
        ...params,
        ...query,
        ...(changes
          ? [
              {
                name: 'X-CSRF-Token',
                in: 'header',
                required: true,
                description: 'the csrfToken of GET /api/session or POST /api/login',
                schema: { type: 'string' },
              },
            ]
          : []),
      ],
      ...(r.doc?.requestBody ? { requestBody: { required: true, content: { 'application/json': { schema: r.doc.requestBody } } } } : {}),
      responses,
      ...(r.access === 'public' ? { security: [] } : {}),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'netra review API',
      version: '1',
      description:
        'JSON API of the analysts’ review app. Sign in with POST /api/login (after GET /api/session for the pre-login CSRF token); the session is an httpOnly SameSite=Strict cookie. Every POST/PUT needs the X-CSRF-Token header. Errors are `{ error, message, pesan, details? }`: `message` in English, `pesan` in Bahasa Indonesia.',
    },
    servers: [{ url: '/' }],
    components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'netra_session' } } },
    security: [{ session: [] }],
    paths,
  };
}
