/**
 * Where a source's requests leave from. Platforms pace and block by address: each egress (a
 * proxy, or `direct`) keeps its own pace and breaker, and every worker sending through the same
 * egress shares them (on PostgreSQL). Set per source in the pipeline (`egress:`).
 */
export interface EgressSettings {
  /**
   * Name of the egress in politeness state and reports. @default the proxy's host:port, or
   * `direct`. Workers on different machines going direct share one pace unless each names its
   * own egress (e.g. `direct-jakarta-1`): sharing is the safe default.
   */
  name?: string;
  /** An HTTP(S) proxy URL, e.g. `http://user:pass@proxy.internal:3128` (credentials are never logged). */
  proxy?: string;
}

export function egressName(e: EgressSettings | undefined): string {
  if (e?.name) return e.name;
  if (e?.proxy) {
    const u = new URL(e.proxy);
    return `${u.hostname}:${u.port || (u.protocol === 'https:' ? '443' : '80')}`;
  }
  return 'direct';
}

/** The proxy as Playwright takes it (per browser context), or undefined. */
export function playwrightProxy(e: EgressSettings | undefined): { server: string; username?: string; password?: string } | undefined {
  if (!e?.proxy) return undefined;
  const u = new URL(e.proxy);
  return {
    server: `${u.protocol}//${u.host}`,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
  };
}

/** Extra `fetch` options that send API requests through the proxy (undici's ProxyAgent), or {} when direct. */
export async function proxyFetchInit(e: EgressSettings | undefined): Promise<Record<string, unknown>> {
  if (!e?.proxy) return {};
  const { ProxyAgent } = await import('undici');
  return { dispatcher: new ProxyAgent(e.proxy) };
}
