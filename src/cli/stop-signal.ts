/** Abort on the first SIGTERM or SIGINT (a second one exits at once). */
export function stopSignal(onStop?: () => void): { signal: AbortSignal; dispose(): void } {
  const ac = new AbortController();
  const handler = (sig: NodeJS.Signals) => {
    if (ac.signal.aborted) process.exit(130);
    process.stderr.write(`netra: ${sig}: stopping after the current job(s) (again to exit at once)\n`);
    ac.abort();
    onStop?.();
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
  return {
    signal: ac.signal,
    dispose: () => {
      process.off('SIGTERM', handler);
      process.off('SIGINT', handler);
    },
  };
}
