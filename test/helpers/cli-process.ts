import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export interface CliProcess {
  proc: ChildProcess;
  /** stderr (JSON log lines) and stdout so far. */
  stderr(): string;
  stdout(): string;
  /** Resolves when `pred` holds for the output so far (checked on every chunk), or rejects after `ms`. */
  waitFor(pred: (stderr: string, stdout: string) => boolean, ms?: number): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Start the real `netra` executable in the background (for kill, SIGTERM and multi-process tests). */
export function startCli(args: string[], env: Record<string, string | undefined>): CliProcess {
  const proc = spawn(process.execPath, [path.resolve('src/cli/bin.js'), ...args], {
    env: { ...process.env, NETRA_LOG_FORMAT: 'json', NETRA_LOG_LEVEL: 'debug', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const waiters: (() => void)[] = [];
  const check = () => waiters.forEach((w) => w());
  proc.stdout!.on('data', (b: Buffer) => ((out += b.toString()), check()));
  proc.stderr!.on('data', (b: Buffer) => ((err += b.toString()), check()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.on('exit', (code, signal) => (check(), resolve({ code, signal }))),
  );
  return {
    proc,
    stderr: () => err,
    stdout: () => out,
    exited,
    waitFor(pred, ms = 60_000) {
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms; stderr tail: ${err.slice(-2000)}`)), ms);
        const w = () => {
          if (pred(err, out)) {
            clearTimeout(timer);
            waiters.splice(waiters.indexOf(w), 1);
            resolve();
          } else if (proc.exitCode !== null || proc.signalCode !== null) {
            clearTimeout(timer);
            waiters.splice(waiters.indexOf(w), 1);
            reject(new Error(`exited (${proc.exitCode ?? proc.signalCode}) before the awaited output; stderr tail: ${err.slice(-2000)}`));
          }
        };
        waiters.push(w);
        w();
      });
    },
  };
}

/** Count JSON log lines with this `msg` (and optionally a predicate on the line). */
export function countLogs(stderr: string, msg: string, pred: (l: Record<string, unknown>) => boolean = () => true): number {
  let n = 0;
  for (const line of stderr.split('\n')) {
    if (!line.includes(msg)) continue;
    try {
      const l = JSON.parse(line) as Record<string, unknown>;
      if (l['msg'] === msg && pred(l)) n++;
    } catch {
      // not a log line
    }
  }
  return n;
}
