import { BlockList, isIP } from 'node:net';
import type { IncomingMessage } from 'node:http';
import type { TrustProxy } from '../../config/trust-proxy.ts';

/** `::ffff:10.0.0.1` is `10.0.0.1`. */
function plain(a: string): string {
  const t = a.trim().replace(/^\[|\]$/g, '');
  return t.startsWith('::ffff:') && isIP(t.slice(7)) === 4 ? t.slice(7) : t;
}

/** Decides, hop by hop from the server outwards, whether a hop is a trusted proxy. */
export function proxyMatcher(trust: TrustProxy): (addr: string, hop: number) => boolean {
  if (trust === false || trust === 0) return () => false;
  if (trust === true) return (_a, hop) => hop < 1;
  if (typeof trust === 'number') return (_a, hop) => hop < trust;
  const list = new BlockList();
  for (const x of trust) {
    const [addr, bits] = x.split('/');
    const fam = isIP(addr!) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(addr!, fam);
    else list.addSubnet(addr!, Number(bits), fam);
  }
  return (a) => {
    const fam = isIP(a);
    return fam !== 0 && list.check(a, fam === 6 ? 'ipv6' : 'ipv4');
  };
}

const headerList = (v: string | string[] | undefined): string[] =>
  (Array.isArray(v) ? v.join(',') : (v ?? ''))
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/**
 * The client's address and whether it reached the first trusted proxy over HTTPS. The hops are
 * the `X-Forwarded-For` entries followed by the connecting peer; walking from the right (the
 * server's side), every trusted proxy is passed over and the first hop that is not one is the
 * client. Entries further left were written by the client and are never believed; the
 * left-most entry is never taken just because it is first.
 */
export function clientAddress(req: IncomingMessage, isProxy: (addr: string, hop: number) => boolean): { ip: string; secure: boolean } {
  const peer = plain(req.socket.remoteAddress ?? 'unknown');
  const tlsDirect = Boolean((req.socket as { encrypted?: boolean }).encrypted);
  if (!isProxy(peer, 0)) return { ip: peer, secure: tlsDirect };
  const hops = [...headerList(req.headers['x-forwarded-for']).map(plain), peer];
  let i = hops.length - 1;
  while (i > 0 && isProxy(hops[i]!, hops.length - 1 - i)) i--;
  // The scheme the outermost trusted proxy saw is the right-most X-Forwarded-Proto value.
  const proto = headerList(req.headers['x-forwarded-proto']).at(-1)?.toLowerCase();
  return { ip: hops[i]!.slice(0, 64), secure: tlsDirect || proto === 'https' };
}
