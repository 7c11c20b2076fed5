import { constants } from 'node:fs';
import { lstat, mkdir, open, realpath } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../domain/errors.ts';

/**
 * Where `--save-key` may keep a release's pseudonym key: a new file, outside the export folder,
 * never a symbolic link, readable by its owner only (0600). Anyone holding the key can test a
 * guessed account against the pseudonyms, so it must not travel with the export or be left
 * readable by others.
 */

/** The path with every existing ancestor resolved through symbolic links (the rest as written). */
async function realPathOf(p: string): Promise<string> {
  const rest: string[] = [];
  let cur = path.resolve(p);
  for (;;) {
    try {
      return path.join(await realpath(cur), ...rest.reverse());
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      const parent = path.dirname(cur);
      if (parent === cur) return path.join(cur, ...rest.reverse());
      rest.push(path.basename(cur));
      cur = parent;
    }
  }
}

const inside = (child: string, dir: string) => child === dir || child.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);

/** Refuse a key path that is (or would end up) inside the export, is a symbolic link, or already exists. */
export async function checkKeyPath(keyPath: string, outDir: string): Promise<string> {
  const key = path.resolve(keyPath);
  const out = path.resolve(outDir);
  if (inside(key, out) || inside(await realPathOf(key), await realPathOf(out))) {
    throw new UserError(
      `--save-key ${keyPath} is inside the export folder ${outDir} (directly or through a symbolic link): the key must never travel with the export`,
    );
  }
  const st = await lstat(key).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return null;
    throw e;
  });
  if (st?.isSymbolicLink()) throw new UserError(`--save-key ${keyPath} is a symbolic link: give the path of a new file`);
  if (st)
    throw new UserError(
      `--save-key ${keyPath} already exists: a key file is never overwritten (its old permissions could leave the key readable)`,
    );
  return key;
}

/** Write the key file: checked again, created exclusively (never through a link), mode 0600. */
export async function writeKeyFile(keyPath: string, outDir: string, content: string): Promise<void> {
  const key = await checkKeyPath(keyPath, outDir);
  await mkdir(path.dirname(key), { recursive: true, mode: 0o700 });
  const fh = await open(key, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600).catch(
    (e: NodeJS.ErrnoException) => {
      if (e.code === 'EEXIST' || e.code === 'ELOOP')
        throw new UserError(`--save-key ${keyPath} appeared while the export ran: not overwritten`);
      throw e;
    },
  );
  try {
    await fh.chmod(0o600);
    await fh.writeFile(content);
  } finally {
    await fh.close();
  }
}
