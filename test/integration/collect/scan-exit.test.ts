import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { registerScanCommand } from '../../../src/cli/commands/scan.command.ts';
import { addGlobalOptions } from '../../../src/cli/context.ts';
import { startFixtureSite, type FixtureSite } from '../../helpers/fixture-site/fixture-site.ts';
import { describeBrowser } from '../../helpers/chromium.ts';

/** `netra scan` tells a scheduler, by its exit code, that not one account could be collected. */
let site: FixtureSite;
let dir: string;
beforeAll(async () => {
  site = await startFixtureSite();
  dir = await mkdtemp(path.join(tmpdir(), 'netra-scan-exit-'));
  vi.stubEnv('NETRA_DATA_DIR', dir);
  vi.stubEnv('NETRA_LOG_LEVEL', 'silent');
  await writeFile(
    path.join(dir, 'registry.csv'),
    [
      'name,agency,platform,handle',
      'Dinding,Kecamatan Tallo,x,dinding',
      'Tantangan,Kecamatan Tallo,x,tantangan',
      'Sri,Kecamatan Tallo,x,sri_wahyuni',
    ].join('\n'),
  );
  const pipeline = (name: string, handles: string[]) =>
    writeFile(
      path.join(dir, `${name}.yaml`),
      `name: ${name}
registry: registry.csv
accounts: { handles: [${handles.join(', ')}] }
sources:
  - kind: web
    platform: x
    baseUrl: ${site.baseUrl('x')}
    evidence: none
    quietMs: 150
    politeness: { minDelayMs: 0, maxDelayMs: 0, intervalCap: 1000, backoffBaseMs: 50 }
`,
    );
  await pipeline('all-fail', ['dinding', 'tantangan']);
  await pipeline('some-fail', ['dinding', 'sri_wahyuni']);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await site?.close();
  await rm(dir, { recursive: true, force: true });
});

async function netra(...args: string[]): Promise<{ code: number; out: string }> {
  const program = addGlobalOptions(new Command('netra')).exitOverride();
  registerScanCommand(program);
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => {
    out += String(c);
    return true;
  });
  process.exitCode = 0;
  try {
    await program.parseAsync(['node', 'netra', ...args]);
  } finally {
    spy.mockRestore();
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { code, out };
}

describeBrowser('scan exit codes', () => {
  it('exits 3 when every account failed, 0 when some were collected', async () => {
    const all = await netra('scan', '--pipeline', path.join(dir, 'all-fail.yaml'), '--show', '0');
    expect(all.out).toMatch(/login_wall 1/);
    expect(all.out).toMatch(/challenge 1/);
    expect(all.code).toBe(3);
    const some = await netra('scan', '--pipeline', path.join(dir, 'some-fail.yaml'), '--show', '0');
    expect(some.code).toBe(0);
  });
});
