import { describe, expect, it } from 'vitest';
import { collectStatsOf, sourceCallouts } from '../../../src/pipeline/jobs/scan-finish.ts';
import type { CollectJobResult } from '../../../src/pipeline/jobs/job-results.ts';
import { WorkerMetrics } from '../../../src/pipeline/jobs/worker-metrics.ts';

const job = (source: string, handle: string, o: Partial<CollectJobResult> = {}): CollectJobResult => ({
  source,
  platform: 'x',
  handle,
  status: 'ok',
  posts: 10,
  new: 10,
  edited: 0,
  unchanged: 0,
  restored: 0,
  deleted: 0,
  evidence: 0,
  ...o,
});

describe('scan totals and call-outs', () => {
  it('sums collect jobs per source, keeping every error with its account', () => {
    const s = collectStatsOf(
      [
        job('x-api', 'a'),
        job('x-api', 'b', { status: 'blocked', message: '403', posts: 0, new: 0 }),
        job('file', 'c', { new: 4, unchanged: 6 }),
      ],
      ['x-api', 'file', 'x-web'],
      3,
    );
    expect(s).toMatchObject({ accounts: 3, postsNew: 14, postsUnchanged: 6 });
    expect(s.sources['x-api']).toMatchObject({
      accounts: 2,
      posts: 10,
      statuses: { ok: 1, blocked: 1 },
      errors: [{ handle: 'b', status: 'blocked', message: '403' }],
    });
    expect(s.sources['x-web']).toMatchObject({ accounts: 0, posts: 0 });
  });

  it('calls out a source that errs, yields nothing, or far fewer posts than last time', () => {
    const now = collectStatsOf(
      [
        job('x-api', 'a', { posts: 3 }),
        job('web', 'b', { posts: 0 }),
        job('file', 'c', { status: 'error', message: 'boom', posts: 0 }),
        job('file', 'd', { posts: 40 }),
      ],
      ['x-api', 'web', 'file'],
      4,
    );
    const before = {
      'x-api': { accounts: 1, posts: 120, statuses: {}, errors: [], unregistered: [] },
      file: { accounts: 2, posts: 45, statuses: {}, errors: [], unregistered: [] },
    };
    const out = sourceCallouts(now, before, { dropRatio: 0.2, minPreviousPosts: 20, previousRunId: 7 });
    expect(out).toEqual([
      'x-api: returned 3 post(s) where scan #7 returned 120 (below 20%): a block or a changed page?',
      'web: returned no posts for any of 1 account(s)',
      'file: 1 of 2 account(s) not collected (error 1)',
    ]);
    // Too few posts last time to judge a drop: quiet.
    expect(sourceCallouts(now, before, { dropRatio: 0.2, minPreviousPosts: 500 }).some((l) => l.includes('below'))).toBe(false);
  });
});

describe('worker metrics', () => {
  it('renders Prometheus text with counters per job kind and queue depth by state', () => {
    const m = new WorkerMetrics();
    m.jobDone('collect');
    m.jobDone('collect');
    m.jobFailed('classify');
    m.collected(120);
    const text = m.render({ created: 5, active: 2, failed: 1 });
    expect(text).toContain('# TYPE netra_jobs_processed_total counter');
    expect(text).toContain('netra_jobs_processed_total{kind="collect"} 2');
    expect(text).toContain('netra_jobs_failed_total{kind="classify"} 1');
    expect(text).toContain('netra_posts_collected_total 120');
    expect(text).toContain('netra_queue_jobs{state="created"} 5');
    expect(text).toContain('netra_queue_jobs{state="failed"} 1');
    expect(text).toMatch(/^netra_posts_per_second \d+\.\d\d$/m);
  });
});
