import type { ScanReport } from '../pipeline/scan.ts';
import { keyValues, table } from './format.ts';

/** The summary printed at the end of a scan: what was collected, classified and flagged, and what went wrong. */
export function formatScanReport(r: ScanReport): string {
  const c = r.run.counts;
  const duration = r.run.finished_at ? ((r.run.finished_at.getTime() - r.run.started_at.getTime()) / 1000).toFixed(1) : '?';
  const out: string[] = [];
  out.push(
    `Scan #${r.run.id} of pipeline "${r.run.pipeline}": ${r.run.status}${r.run.status === 'running' ? ` (phase ${r.run.phase})` : ` in ${duration}s`}`,
  );
  out.push(
    `(${r.run.trigger}${r.run.scheduled_for ? ` for ${r.run.scheduled_for.toISOString()}` : ''}, ${r.run.mode === 'queued' ? 'queued for workers' : 'embedded'}, started ${r.run.started_at.toISOString()})`,
  );
  out.push('');
  if (r.registry) {
    out.push(
      keyValues([
        [
          'registry',
          `${r.registry.rows} rows; accounts ${r.registry.accounts.created} new, ${r.registry.accounts.updated} updated, ${r.registry.accounts.unchanged} unchanged${r.registry.erased?.rows ? `; ${r.registry.erased.rows} row(s) of erased persons not imported` : ''}${r.registry.disputed?.rows ? `; ${r.registry.disputed.rows} account(s) with a disputed identity left as they were (netra accounts clear-dispute)` : ''}`,
        ],
      ]),
    );
  }
  out.push(
    table(
      ['stage', 'count', 'detail'],
      [
        ['accounts', c.accounts ?? 0, 'selected by the pipeline'],
        [
          'posts',
          (c.posts_new ?? 0) + (c.posts_edited ?? 0) + (c.posts_unchanged ?? 0) + (c.posts_restored ?? 0),
          `${c.posts_new ?? 0} new, ${c.posts_edited ?? 0} edited, ${c.posts_unchanged ?? 0} unchanged, ${c.posts_deleted ?? 0} deleted`,
        ],
        ['classified', c.classified ?? 0, 'post versions not seen by this classifier before'],
        ['flagged', c.flagged ?? 0, `${c.flags_created ?? 0} new flag(s), ${c.flags_updated ?? 0} updated`],
        [
          'engaged',
          c.engagements ?? 0,
          `${engagementDetail(r)}; ${c.engagement_flags_created ?? 0} new engagement flag(s), ${c.engagement_flags_updated ?? 0} joined`,
        ],
        [
          'evidence',
          (c.evidence_collected ?? 0) + (c.evidence_flagged ?? 0),
          `${c.evidence_collected ?? 0} file(s) while collecting, ${c.evidence_flagged ?? 0} flagged post(s) captured`,
        ],
        ...(c.images_read !== undefined
          ? [
              [
                'images',
                c.images_read,
                `read by OCR in ${((c.ocr_ms ?? 0) / 1000).toFixed(1)}s (${(r.run.summary as { ocr?: { engine: string; why: string } }).ocr?.engine ?? '?'}: ${(r.run.summary as { ocr?: { why: string } }).ocr?.why ?? '?'}), ${c.images_failed ?? 0} unreadable; ${c.flags_from_images ?? 0} flag(s) from image text or photo signals`,
              ],
            ]
          : []),
        ['errors', c.errors ?? 0, `accounts a source could not collect, and jobs that failed after their retries (${c.jobs_dead ?? 0})`],
      ],
    ),
  );
  const sourceRows = Object.entries(r.collect.sources).map(([id, s]) => [
    id,
    s.accounts,
    s.posts,
    Object.entries(s.statuses)
      .map(([k, v]) => `${k} ${v}`)
      .join(', '),
  ]);
  if (sourceRows.length > 0) {
    out.push('');
    out.push(table(['source', 'accounts', 'posts', 'outcomes'], sourceRows));
  }
  const blind = Object.entries(r.engagements?.notVisible ?? {}).filter(([, kinds]) => kinds.length > 0);
  if (blind.length > 0) {
    out.push('');
    out.push('Engagements a source cannot see (not visible, which is not "none"):');
    for (const [id, kinds] of blind) out.push(`  ${id}: ${kinds.join(', ')}`);
  }
  if (r.collect.alerts.length > 0) {
    out.push('');
    out.push('Alerts:');
    for (const a of r.collect.alerts) out.push(`  ! ${a}`);
  }
  return out.join('\n');
}

/** New engagements with campaign accounts by kind, e.g. `2 repost, 1 quote`. */
function engagementDetail(r: ScanReport): string {
  const parts = Object.entries(r.engagements?.found ?? {})
    .filter(([, n]) => (n ?? 0) > 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, n]) => `${n} ${k}`);
  return parts.length > 0 ? `with campaign accounts: ${parts.join(', ')}` : 'with campaign accounts: none new';
}

/** The report as JSON (`--json`): the run row with its counts, plus the per-source statistics and alerts. */
export function scanReportJson(r: ScanReport): Record<string, unknown> {
  const { definition: _definition, summary: _summary, ...run } = r.run;
  return {
    run,
    registry: r.registry,
    collect: r.collect,
    classify: r.classify,
    ...(r.evidence ? { evidence: r.evidence } : {}),
    ...(r.engagements ? { engagements: r.engagements } : {}),
  };
}
