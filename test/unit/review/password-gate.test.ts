import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { PasswordGate, PasswordGateBusy } from '../../../src/review/auth/password-gate.ts';

describe('the cap on concurrent password checks', () => {
  it('runs at most maxConcurrent checks at once and refuses beyond maxWaiting', async () => {
    const gate = new PasswordGate(2, 5);
    let running = 0;
    let peak = 0;
    const task = () =>
      gate.run(async () => {
        running++;
        peak = Math.max(peak, running);
        await sleep(20);
        running--;
        return 1;
      });
    const results = await Promise.allSettled(Array.from({ length: 10 }, task));
    expect(peak).toBe(2);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(7);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused).toHaveLength(3);
    expect(refused.every((r) => r.reason instanceof PasswordGateBusy)).toBe(true);
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
  });

  it('frees the slot when a check throws', async () => {
    const gate = new PasswordGate(1, 1);
    await expect(gate.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(gate.run(async () => 'ok')).resolves.toBe('ok');
  });
});
