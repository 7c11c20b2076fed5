import { chmod, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerAccountsCommand } from '../../../src/cli/commands/accounts.command.ts';
import { registerCaptureCommand } from '../../../src/cli/commands/capture.command.ts';
import { registerEvidenceCommand } from '../../../src/cli/commands/evidence.command.ts';
import { addGlobalOptions } from '../../../src/cli/context.ts';
import { startFixtureSite, type FixtureSite } from '../../helpers/fixture-site/fixture-site.ts';

/** `netra capture` and `netra evidence verify|list` as a user runs them (in-process, real PGlite on disk). */
let site: FixtureSite;
let dir: string;
beforeAll(async () => {
  site = await startFixtureSite();
  dir = await mkdtemp(path.join(tmpdir(), 'netra-cli-'));
  vi.stubEnv('NETRA_DATA_DIR', dir);
  vi.stubEnv('NETRA_LOG_LEVEL', 'silent');
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await site?.close();
  await rm(dir, { recursive: true, force: true });
});

async function netra(...args: string[]): Promise<{ code: number; out: string }> {
  const program = addGlobalOptions(new Command('netra')).exitOverride();
  registerAccountsCommand(program);
  registerCaptureCommand(program);
  registerEvidenceCommand(program);
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

describe('capture and evidence commands', () => {
  it('captures a URL, verifies the files, and catches a changed one', async () => {
    const post = site.posts('x', 'budi_guru')[1]!;
    const cap = await netra('capture', site.postUrl('x', 'budi_guru', post.id), '--platform', 'x', '--analyst', 'sari', '--json');
    expect(cap.code).toBe(0);
    const r = JSON.parse(cap.out) as {
      status: string;
      postId: number;
      files: { kind: string; evidenceId: number; file: { path: string } }[];
    };
    expect(r).toMatchObject({ status: 'captured', registered: false });
    expect(r.files.map((f) => f.kind)).toEqual(['screenshot', 'page-mhtml']);

    const ok = await netra('evidence', 'verify');
    expect(ok).toEqual({
      code: 0,
      out: expect.stringMatching(
        /^2 file\(s\) checked in .*: 2 ok, 0 changed, 0 missing\nchain of custody: 4 entries, intact\nchain head: #4 [0-9a-f]{64}\n/,
      ),
    });

    const list = await netra('evidence', 'list', '--post', String(r.postId));
    expect(list.out).toMatch(/evidence #\d+ screenshot of post #\d+ v1/);
    expect(list.out).toMatch(/by user:sari via x-web \(manual\)/);
    expect(list.out).toMatch(/verified +user:/);

    const file = path.join(dir, 'evidence', r.files[0]!.file.path);
    await chmod(file, 0o644);
    await writeFile(file, 'edited after the fact');
    const bad = await netra('evidence', 'verify');
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/1 changed/);
    expect(bad.out).toMatch(/CHANGED {2}evidence #\d+/);
  });

  it('shows why an account is linked to a civil servant, and how its collection went', async () => {
    const csv = path.join(dir, 'registry.csv');
    await writeFile(
      csv,
      'nip,name,agency,platform,handle,link_source,link_confidence,link_established_by,link_established_at,link_evidence_url\n' +
        '198503122010011002,Budi Santoso,Dinas Pendidikan Kabupaten Sleman,x,budi_guru,bio menyebut jabatan,0.9,Bawaslu Sleman / Sari,2024-01-15,https://x.com/budi_guru\n',
    );
    expect((await netra('accounts', 'import', csv)).code).toBe(0);
    const show = await netra('accounts', 'show', 'x', '@Budi_Guru');
    expect(show.out).toMatch(/person +Budi Santoso, NIP 198503122010011002/);
    expect(show.out).toMatch(/linked because +bio menyebut jabatan/);
    expect(show.out).toMatch(/confidence +0\.90/);
    expect(show.out).toMatch(/linked by +Bawaslu Sleman \/ Sari on 2024-01-15/);
    expect(show.out).toMatch(/basis +https:\/\/x\.com\/budi_guru/);
    await expect(netra('accounts', 'show', 'x', 'nobody')).rejects.toThrow(/no x account @nobody/);
  });

  it('capturing a removed post netra never held leaves no file behind', async () => {
    const files = async () =>
      (await readdir(path.join(dir, 'evidence'), { recursive: true, withFileTypes: true }).catch(() => []))
        .filter((f) => f.isFile())
        .map((f) => path.join(f.parentPath, f.name));
    const before = await files();
    await expect(netra('capture', site.postUrl('x', 'budi_guru', '1234567890123456789'), '--platform', 'x')).rejects.toThrow(
      /removed, and netra holds no copy/,
    );
    expect(await files()).toEqual(before);
  });

  it('rejects a bad post id with the flag named', async () => {
    await expect(netra('evidence', 'verify', '--post', 'abc')).rejects.toThrow(/--post: "abc" is not a post id/);
  });
});
