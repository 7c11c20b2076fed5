import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { parseTrustProxy } from '../../../src/config/trust-proxy.ts';
import { clientAddress, proxyMatcher } from '../../../src/review/http/client-address.ts';

const req = (peer: string, headers: Record<string, string> = {}, encrypted = false) =>
  ({ socket: { remoteAddress: peer, encrypted }, headers }) as unknown as IncomingMessage;
const ip = (trust: string | boolean | number, peer: string, xff?: string, proto?: string) =>
  clientAddress(
    req(peer, { ...(xff ? { 'x-forwarded-for': xff } : {}), ...(proto ? { 'x-forwarded-proto': proto } : {}) }),
    proxyMatcher(parseTrustProxy(trust)),
  );

describe('client address behind reverse proxies', () => {
  it('without a trusted proxy takes the connecting peer and ignores X-Forwarded-*', () => {
    expect(ip(false, '198.51.100.7', '1.2.3.4', 'https')).toEqual({ ip: '198.51.100.7', secure: false });
  });

  it('takes the right-most hop the trusted proxy added, never the first entry the client wrote', () => {
    // The client sends a forged X-Forwarded-For; the proxy appends the address it saw.
    expect(ip(true, '127.0.0.1', '6.6.6.6, 203.0.113.9').ip).toBe('203.0.113.9');
    expect(ip(1, '::ffff:127.0.0.1', '6.6.6.6,   7.7.7.7, 203.0.113.9').ip).toBe('203.0.113.9');
    // Two proxies in a row (a load balancer, then nginx): the client is the second from the right.
    expect(ip(2, '10.0.0.2', '6.6.6.6, 203.0.113.9, 10.0.0.1').ip).toBe('203.0.113.9');
    // By address: every hop in the list is passed over, the first one outside it is the client.
    expect(ip('127.0.0.1,10.0.0.0/8', '127.0.0.1', '6.6.6.6, 203.0.113.9, 10.1.2.3').ip).toBe('203.0.113.9');
    // A peer that is not in the list is the client, whatever it claims.
    expect(ip('10.0.0.0/8', '198.51.100.7', '203.0.113.9').ip).toBe('198.51.100.7');
    // No header: the proxy itself.
    expect(ip(true, '127.0.0.1').ip).toBe('127.0.0.1');
  });

  it('believes X-Forwarded-Proto only from a trusted proxy, the right-most value', () => {
    expect(ip(true, '127.0.0.1', '203.0.113.9', 'https').secure).toBe(true);
    expect(ip(true, '127.0.0.1', '203.0.113.9', 'https, http').secure).toBe(false);
    expect(ip(false, '127.0.0.1', '203.0.113.9', 'https').secure).toBe(false);
    expect(clientAddress(req('127.0.0.1', {}, true), proxyMatcher(false)).secure).toBe(true);
  });

  it('parses NETRA_TRUST_PROXY and refuses what is not an address', () => {
    expect(parseTrustProxy('false')).toBe(false);
    expect(parseTrustProxy('0')).toBe(false);
    expect(parseTrustProxy('true')).toBe(true);
    expect(parseTrustProxy('2')).toBe(2);
    expect(parseTrustProxy('10.0.0.0/8, ::1')).toEqual(['10.0.0.0/8', '::1']);
    expect(() => parseTrustProxy('proxy.example')).toThrow(/"proxy.example" is not an IP address/);
    expect(() => parseTrustProxy('10.0.0.0/40')).toThrow(/not an IP address or CIDR/);
  });
});
