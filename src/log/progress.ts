import type { Logger } from './logger.ts';

export interface Progress {
  /** Count `n` more items done. */
  tick(n?: number): void;
  setTotal(total: number): void;
  done(): void;
}

export interface ProgressOptions {
  label: string;
  total?: number;
  logger: Logger;
  /** Where the bar is drawn when it is a terminal. */
  stream?: NodeJS.WriteStream;
  /** JSON progress lines at most this often when not on a terminal. @default 5000 */
  logEveryMs?: number;
}

function fmtDuration(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${Math.ceil(s)}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/**
 * Long work shows progress: a bar with rate and ETA on a terminal, periodic JSON
 * `progress` log lines otherwise (so operators' log collectors see it too).
 */
export function createProgress({ label, total, logger, stream = process.stderr, logEveryMs = 5000 }: ProgressOptions): Progress {
  const tty = Boolean(stream.isTTY) && logger.level !== 'silent';
  const started = Date.now();
  let done = 0;
  let lastDraw = 0;
  let finished = false;

  const line = () => {
    const elapsed = (Date.now() - started) / 1000;
    const rate = elapsed > 0 ? done / elapsed : 0;
    const eta = total && rate > 0 ? (total - done) / rate : NaN;
    return { elapsed, rate, eta };
  };
  const draw = (force = false) => {
    const now = Date.now();
    if (!force && now - lastDraw < (tty ? 100 : logEveryMs)) return;
    lastDraw = now;
    const { rate, eta } = line();
    if (tty) {
      const width = 24;
      const frac = total ? Math.min(1, done / total) : 0;
      const bar = total ? '█'.repeat(Math.round(frac * width)).padEnd(width, '░') : '';
      const count = total ? `${done}/${total} ${Math.floor(frac * 100)}%` : `${done}`;
      stream.write(`\r\x1b[2K${label} ${bar} ${count}  ${rate.toFixed(rate < 10 ? 1 : 0)}/s  ETA ${total ? fmtDuration(eta) : '-'}`);
    } else {
      logger.info(
        {
          progress: {
            label,
            done,
            total: total ?? null,
            ratePerSec: Math.round(rate * 10) / 10,
            etaSec: Number.isFinite(eta) ? Math.round(eta) : null,
          },
        },
        'progress',
      );
    }
  };
  return {
    tick(n = 1) {
      done += n;
      draw();
    },
    setTotal(t) {
      total = t;
    },
    done() {
      if (finished) return;
      finished = true;
      if (tty) {
        draw(true);
        stream.write('\n');
      } else if (done > 0) {
        const { elapsed, rate } = line();
        logger.info(
          {
            progress: {
              label,
              done,
              total: total ?? null,
              ratePerSec: Math.round(rate * 10) / 10,
              elapsedSec: Math.round(elapsed * 10) / 10,
            },
          },
          'progress done',
        );
      }
    },
  };
}
