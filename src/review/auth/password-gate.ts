/**
 * A cap on concurrent password hashing. scrypt at N = 2^17 takes 128 MiB and a core for a few
 * hundred milliseconds: without a cap, a burst of logins (an attack, or a morning) takes the
 * memory and the cores from everyone. Requests beyond `maxWaiting` are refused at once
 * ({@link PasswordGateBusy}) rather than queued without end.
 */
export class PasswordGateBusy extends Error {
  override name = 'PasswordGateBusy';
}

export class PasswordGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(
    /** Password checks at the same time. @default 2 */
    readonly maxConcurrent = 2,
    /** Checks allowed to wait for a slot. @default 64 */
    readonly maxWaiting = 64,
  ) {
    if (!(maxConcurrent >= 1)) throw new Error('maxConcurrent must be at least 1');
  }

  /** Checks running now and waiting (for tests and metrics). */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  /** Run `fn` when a slot is free; throws {@link PasswordGateBusy} when too many already wait. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.running >= this.maxConcurrent) {
      if (this.waiting.length >= this.maxWaiting) throw new PasswordGateBusy('too many password checks waiting');
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else this.running++;
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
