import type { Command } from 'commander';
import { createContext, type CliContext } from './context.ts';

/**
 * Wrap a command action: build the context from the command's flags, run, always close the
 * database. A returned number becomes the exit code.
 */
export function withContext<A extends unknown[]>(fn: (ctx: CliContext, ...args: A) => Promise<number | void>) {
  return async (...args: unknown[]): Promise<void> => {
    const cmd = args[args.length - 1] as Command;
    const ctx = createContext(cmd);
    try {
      const code = await fn(ctx, ...(args.slice(0, -1) as A));
      if (typeof code === 'number') process.exitCode = code;
    } finally {
      // Closing PGlite (Emscripten) resets process.exitCode to 0: keep the command's code.
      const code = process.exitCode;
      await ctx.close();
      process.exitCode = code;
    }
  };
}
