import type { Kysely } from 'kysely';
import type { Database, Evidence } from '../../db/schema.ts';
import { appendCustody, evidencePage, type CustodyEvent } from '../../repositories/evidence.repository.ts';
import type { EvidenceStore } from './evidence-store.ts';

export interface VerifyReport {
  checked: number;
  ok: number;
  missing: { evidenceId: number; postId: number; path: string }[];
  mismatched: { evidenceId: number; postId: number; path: string; expected: string; observed: string }[];
}

/**
 * Hash every stored evidence file again and compare with the SHA-256 recorded at capture.
 * Each check is written to the chain of custody (`verified`, `verify_failed`, `missing`)
 * unless `record` is false.
 */
export async function verifyEvidence(o: {
  db: Kysely<Database>;
  store: EvidenceStore;
  actor: string;
  postIds?: readonly number[];
  record?: boolean;
  onProgress?: (checked: number) => void;
}): Promise<VerifyReport> {
  const report: VerifyReport = { checked: 0, ok: 0, missing: [], mismatched: [] };
  let after = 0;
  for (;;) {
    const page: Evidence[] = await evidencePage(o.db, after, 500, o.postIds);
    if (page.length === 0) break;
    after = page[page.length - 1]!.id;
    const events: CustodyEvent[] = [];
    for (const e of page) {
      const v = await o.store.verify(e.storage_path, e.sha256);
      report.checked++;
      if (v.outcome === 'ok') report.ok++;
      else if (v.outcome === 'missing') report.missing.push({ evidenceId: e.id, postId: e.post_id, path: e.storage_path });
      else report.mismatched.push({ evidenceId: e.id, postId: e.post_id, path: e.storage_path, expected: e.sha256, observed: v.observed! });
      events.push({
        evidenceId: e.id,
        actor: o.actor,
        action: v.outcome === 'ok' ? 'verified' : v.outcome === 'missing' ? 'missing' : 'verify_failed',
        sha256Observed: v.observed,
        detail: { store: o.store.where },
      });
    }
    if (o.record !== false) await appendCustody(o.db, events);
    o.onProgress?.(report.checked);
  }
  return report;
}
