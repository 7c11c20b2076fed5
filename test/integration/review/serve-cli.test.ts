import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../helpers/review-server.ts';

describe('netra serve', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'netra-serve-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('listens on 127.0.0.1, says how to create the first admin, serves the login page, takes the address limit from NETRA_LOGIN_ADDRESS_LIMIT, stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [path.resolve('src/cli/bin.js'), 'serve', '--port', '0'], {
      env: {
        ...process.env,
        NETRA_DATA_DIR: dir,
        NETRA_DATABASE_URL: '',
        NETRA_LOG_FORMAT: 'json',
        NETRA_LOG_LEVEL: 'warn',
        NETRA_LOGIN_ADDRESS_LIMIT: '2',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 240_000);
      child.stdout.on('data', () => {
        const m = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m && /no users yet/.test(out)) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    expect(out).toMatch(/netra users add admin --role admin/);
    const r = await fetch(`${url}/login`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(await r.text()).toMatch(/name="password"/);
    // Two failures from this address are allowed, the third is refused (the default would be 20).
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push(await new ApiClient(url).login(`nobody${i}`, 'salah-sandi-panjang'));
    expect(statuses).toEqual([401, 401, 429]);
    const code = await new Promise<number | null>((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
  }, 300_000);
});
