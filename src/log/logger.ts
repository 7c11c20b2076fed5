import { createRequire } from 'node:module';
import { pino, type Logger, type Level } from 'pino';
import type PinoPretty from 'pino-pretty';

/** pino-pretty, loaded only for pretty logs: JSON logging (pipes, services, benchmarks) starts ~0.1 s sooner. */
const loadPretty = (): typeof PinoPretty => createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty;

export type { Logger };

export interface LoggerOptions {
  level: Level | 'silent';
  format: 'auto' | 'pretty' | 'json';
  /** Where logs go; stderr by default so stdout stays clean for data. */
  destination?: NodeJS.WritableStream & { fd?: number };
}

/**
 * The one root logger. Stages take child loggers (`root.child({ stage: 'collect' })`).
 * Logs always go to stderr: stdout belongs to a command's data output.
 * Secrets are redacted wherever they appear under these keys.
 */
export function createLogger({ level, format, destination = process.stderr }: LoggerOptions): Logger {
  const isTty = Boolean((destination as { isTTY?: boolean }).isTTY);
  const usePretty = format === 'pretty' || (format === 'auto' && isTty);
  const options = {
    level,
    redact: {
      paths: [
        'databaseUrl',
        '*.databaseUrl',
        'password',
        '*.password',
        'token',
        '*.token',
        'bearerToken',
        '*.bearerToken',
        'clientSecret',
        '*.clientSecret',
        'accessToken',
        '*.accessToken',
        'cookie',
        '*.cookie',
      ],
      censor: '[redacted]',
    },
  };
  if (usePretty) {
    const stream = loadPretty()({
      destination: 2,
      sync: true,
      colorize: isTty,
      ignore: 'pid,hostname',
      translateTime: 'SYS:HH:MM:ss',
    });
    return pino(options, stream);
  }
  return pino(options, pino.destination({ fd: 2, sync: true }));
}

/** A logger that drops everything: for tests and library use. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
