import { createServer, request, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { egressName } from '../../../src/collect/politeness/egress.ts';
import { openXApiSource } from '../../../src/collect/sources/x-api/x-api.source.ts';
import { pipelineSchema } from '../../../src/pipeline/pipeline.schema.ts';
import { startFixtureSite, type FixtureSite } from '../../helpers/fixture-site/fixture-site.ts';
import { ctx, FAST } from '../../helpers/collect-helpers.ts';

/** A source's egress (proxy) setting: API requests really leave through the proxy. */
let site: FixtureSite;
let proxy: Server;
let proxyUrl = '';
const tunnelled: string[] = [];
beforeAll(async () => {
  site = await startFixtureSite();
  // A minimal forward proxy on 127.0.0.1: CONNECT tunnels and absolute-form requests.
  proxy = createServer((req, res) => {
    tunnelled.push(`GET ${req.url}`);
    const u = new URL(req.url!);
    const up = request(
      { host: u.hostname, port: u.port, path: `${u.pathname}${u.search}`, method: req.method, headers: req.headers },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      },
    );
    req.pipe(up);
  });
  proxy.on('connect', (req, socket, head) => {
    tunnelled.push(`CONNECT ${req.url}`);
    const [host, port] = req.url!.split(':');
    const up = connect(Number(port), host!, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      up.write(head);
      up.pipe(socket);
      socket.pipe(up);
    });
    up.on('error', () => socket.destroy());
    socket.on('error', () => up.destroy());
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});
afterAll(async () => {
  proxy?.closeAllConnections();
  await new Promise<void>((r) => proxy?.close(() => r()));
  await site?.close();
});

describe('egress', () => {
  it('sends API requests through the configured proxy', async () => {
    const s = openXApiSource({
      bearerToken: 'fixture-token',
      baseUrl: `${site.url}/x-api`,
      postUrlBase: site.baseUrl('x'),
      politeness: FAST,
      egress: { proxy: proxyUrl },
    });
    const r = await s.collectAccount({ accountId: 1, platform: 'x', handle: 'sri_wahyuni', profileUrl: '' }, ctx());
    expect(r.status).toBe('ok');
    expect(tunnelled.length).toBeGreaterThan(0);
    expect(tunnelled.join('\n')).toContain(new URL(site.url).host);
    expect(s.health!().details).toMatchObject({ politeness: { egress: new URL(proxyUrl).host } });
  });

  it('names an egress by its proxy unless named, and is validated in the pipeline', () => {
    expect(egressName(undefined)).toBe('direct');
    expect(egressName({ proxy: 'http://u:p@proxy.internal:3128' })).toBe('proxy.internal:3128');
    expect(egressName({ name: 'jkt-1', proxy: 'http://proxy.internal:3128' })).toBe('jkt-1');
    const ok = pipelineSchema.safeParse({
      name: 'p',
      sources: [{ kind: 'x-api', monthlyReadCap: 10000, egress: { name: 'jkt-1', proxy: 'http://proxy.internal:3128' } }],
    });
    expect(ok.success).toBe(true);
    const bad = pipelineSchema.safeParse({
      name: 'p',
      sources: [{ kind: 'web', platform: 'x', egress: { proxy: 'socks5://proxy:1080' } }],
    });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.message).toMatch(/http:\/\/ or https:\/\/ proxy URL/);
  });
});
