import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../log/logger.ts';
import type { ScanJobKind } from './scan-job.ts';

/** Counters a worker keeps for Prometheus (`/metrics`, text exposition format 0.0.4). */
export class WorkerMetrics {
  readonly processed = new Map<ScanJobKind, number>();
  readonly failed = new Map<ScanJobKind, number>();
  readonly dead = new Map<ScanJobKind, number>();
  postsCollected = 0;
  postsClassified = 0;
  active = 0;
  private readonly window: { at: number; posts: number }[] = [];
  private readonly started = Date.now();

  jobDone(kind: ScanJobKind): void {
    this.processed.set(kind, (this.processed.get(kind) ?? 0) + 1);
  }
  jobFailed(kind: ScanJobKind): void {
    this.failed.set(kind, (this.failed.get(kind) ?? 0) + 1);
  }
  jobDead(kind: ScanJobKind): void {
    this.dead.set(kind, (this.dead.get(kind) ?? 0) + 1);
  }
  collected(posts: number): void {
    this.postsCollected += posts;
    this.window.push({ at: Date.now(), posts });
  }
  classified(posts: number): void {
    this.postsClassified += posts;
  }

  /** Posts collected per second over the last minute. */
  postsPerSecond(now = Date.now()): number {
    while (this.window.length > 0 && this.window[0]!.at < now - 60_000) this.window.shift();
    const span = Math.min(60, (now - this.started) / 1000);
    return span > 0 ? this.window.reduce((n, w) => n + w.posts, 0) / span : 0;
  }

  /** The exposition text; `depths` are the queue's jobs by state. */
  render(depths: Record<string, number>): string {
    const out: string[] = [];
    const counter = (name: string, help: string, m: Map<string, number>) => {
      out.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`);
      for (const kind of ['plan', 'collect', 'classify', 'finish']) out.push(`${name}{kind="${kind}"} ${m.get(kind as ScanJobKind) ?? 0}`);
    };
    counter('netra_jobs_processed_total', 'Scan jobs this worker completed.', this.processed);
    counter('netra_jobs_failed_total', 'Scan job attempts that failed in this worker (retried or dead).', this.failed);
    counter('netra_jobs_dead_total', 'Scan jobs this worker recorded dead after their last retry.', this.dead);
    out.push(
      '# HELP netra_posts_collected_total Posts stored by collect jobs of this worker.',
      '# TYPE netra_posts_collected_total counter',
      `netra_posts_collected_total ${this.postsCollected}`,
    );
    out.push(
      '# HELP netra_posts_classified_total Posts classified by this worker.',
      '# TYPE netra_posts_classified_total counter',
      `netra_posts_classified_total ${this.postsClassified}`,
    );
    out.push(
      '# HELP netra_posts_per_second Posts collected per second over the last minute.',
      '# TYPE netra_posts_per_second gauge',
      `netra_posts_per_second ${this.postsPerSecond().toFixed(2)}`,
    );
    out.push(
      '# HELP netra_jobs_active Jobs running in this worker now.',
      '# TYPE netra_jobs_active gauge',
      `netra_jobs_active ${this.active}`,
    );
    out.push('# HELP netra_queue_jobs Scan jobs in the queue by state (all workers).', '# TYPE netra_queue_jobs gauge');
    for (const state of ['created', 'retry', 'active', 'completed', 'failed', 'cancelled'])
      out.push(`netra_queue_jobs{state="${state}"} ${depths[state] ?? 0}`);
    return `${out.join('\n')}\n`;
  }
}

/** Serve `/metrics` on `port` (0: any free port). */
export async function serveMetrics(
  port: number,
  metrics: WorkerMetrics,
  depths: () => Promise<Record<string, number>>,
  logger: Logger,
): Promise<{ port: number; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end('not found: try /metrics\n');
      return;
    }
    depths()
      .catch((e: Error) => {
        logger.warn({ err: e.message }, 'queue depth unavailable for /metrics');
        return {};
      })
      .then((d) => res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(metrics.render(d)));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '0.0.0.0', resolve);
  });
  const bound = (server.address() as AddressInfo).port;
  logger.info({ port: bound }, 'metrics on /metrics');
  return { port: bound, close: () => new Promise<void>((r) => server.close(() => r())) };
}
