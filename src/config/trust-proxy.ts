import { isIP } from 'node:net';

/**
 * Which reverse proxies in front of `netra serve` are trusted (`NETRA_TRUST_PROXY`):
 * - `false`: none; the client is the connecting peer, `X-Forwarded-*` are ignored;
 * - `true` or a number N: the connecting peer and the N - 1 hops before it are proxies;
 * - a list of addresses and CIDR ranges: any hop in the list is a proxy.
 */
export type TrustProxy = boolean | number | readonly string[];

/** Parse `NETRA_TRUST_PROXY`; throws naming the bad part. */
export function parseTrustProxy(v: string | boolean | number): TrustProxy {
  if (typeof v === 'boolean' || typeof v === 'number') return v;
  const s = v.trim().toLowerCase();
  if (s === '' || s === 'false' || s === '0') return false;
  if (s === 'true') return true;
  if (/^\d+$/.test(s)) return Number(s);
  const list = s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  for (const x of list) {
    const [addr, bits, extra] = x.split('/');
    const fam = isIP(addr ?? '');
    if (!fam || extra !== undefined || (bits !== undefined && !(/^\d+$/.test(bits) && Number(bits) <= (fam === 4 ? 32 : 128))))
      throw new Error(
        `${JSON.stringify(x)} is not an IP address or CIDR range (use true, false, a number of proxies, or addresses like 10.0.0.0/8,127.0.0.1)`,
      );
  }
  return list;
}
