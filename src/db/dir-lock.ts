import { rmSync } from 'node:fs';
import { open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';

export interface DirLock {
  release(): Promise<void>;
}

export class DatabaseBusyError extends Error {
  override readonly name = 'DatabaseBusyError';
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Take `<dir>/netra.lock` for this process. A lock left by a dead process (kill -9) is taken over;
 * a live holder is an error that says what to do.
 */
export async function acquireDirLock(dir: string): Promise<DirLock> {
  const file = path.join(dir, 'netra.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fh = await open(file, 'wx');
      await fh.writeFile(String(process.pid));
      await fh.close();
      let released = false;
      // A normal exit without close() still leaves no lock behind; kill -9 is handled by the pid check.
      const onExit = () => {
        if (!released) rmSync(file, { force: true });
      };
      process.once('exit', onExit);
      return {
        async release() {
          if (released) return;
          released = true;
          process.removeListener('exit', onExit);
          await rm(file, { force: true });
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number((await readFile(file, 'utf8').catch(() => '')).trim());
      if (pid && pid !== process.pid && alive(pid)) {
        throw new DatabaseBusyError(
          `the embedded database ${dir} is in use by process ${pid}; wait for it to finish, or configure PostgreSQL (NETRA_DATABASE_URL) to run several processes at once`,
        );
      }
      await rm(file, { force: true });
    }
  }
  throw new DatabaseBusyError(`could not lock the embedded database ${dir}`);
}
