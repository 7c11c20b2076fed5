import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/log/logger.ts';
import { dueTick, nextTick, schedulePass } from '../../../src/pipeline/scheduler.ts';
import type { LoadedPipeline } from '../../../src/pipeline/pipeline.load.ts';
import { pipelineSchema } from '../../../src/pipeline/pipeline.schema.ts';

const daily = { cron: '0 2 * * *', timeZone: 'Asia/Jakarta', catchUpMinutes: 60 };

describe('cron ticks in Asia/Jakarta', () => {
  it('02:00 WIB is 19:00 UTC the day before', () => {
    expect(dueTick(daily, new Date('2024-02-10T19:00:00Z'))).toEqual(new Date('2024-02-10T19:00:00Z'));
    expect(dueTick(daily, new Date('2024-02-10T19:00:30Z'))).toEqual(new Date('2024-02-10T19:00:00Z'));
    expect(nextTick(daily, new Date('2024-02-10T12:00:00Z'))).toEqual(new Date('2024-02-10T19:00:00Z'));
  });

  it('a tick older than catchUpMinutes is skipped, not started late', () => {
    expect(dueTick(daily, new Date('2024-02-10T19:59:00Z'))).toEqual(new Date('2024-02-10T19:00:00Z'));
    expect(dueTick(daily, new Date('2024-02-10T20:01:00Z'))).toBeNull();
    expect(dueTick({ ...daily, catchUpMinutes: 0 }, new Date('2024-02-10T19:00:59Z'))).toBeNull();
  });

  it('other zones: 02:00 WITA is 18:00 UTC', () => {
    expect(dueTick({ ...daily, timeZone: 'Asia/Makassar' }, new Date('2024-02-10T18:00:10Z'))).toEqual(new Date('2024-02-10T18:00:00Z'));
  });
});

describe('schedulePass', () => {
  const loaded = (name: string, schedule?: object): LoadedPipeline => ({
    pipeline: pipelineSchema.parse({ name, sources: [{ kind: 'file', path: 'p.jsonl' }], ...(schedule ? { schedule } : {}) }),
    file: `${name}.yaml`,
    resolve: (p) => p,
  });

  it('asks to start each due pipeline with its tick; pipelines without a schedule never', async () => {
    const calls: string[] = [];
    const out = await schedulePass({
      pipelines: [loaded('a', { cron: '*/15 * * * *' }), loaded('b'), loaded('c', { cron: '0 2 * * *' })],
      logger: silentLogger(),
      now: () => new Date('2024-02-10T19:16:00Z'),
      start: async (l, tick) => (calls.push(`${l.pipeline.name}@${tick.toISOString()}`), true),
    });
    expect(calls).toEqual(['a@2024-02-10T19:15:00.000Z', 'c@2024-02-10T19:00:00.000Z']);
    expect(out.map((o) => o.started)).toEqual([true, true]);
  });
});
