import type { Kysely } from 'kysely';
import type { Database, Evidence, EvidenceCustody } from '../../db/schema.ts';
import { custodyEntryHash } from '../../domain/custody-chain.ts';
import { chainBroken, walkChain, type ChainAnchor, type ChainReport } from '../../domain/hash-chain.ts';
import {
  appendCustody,
  custodyChainHead,
  custodyPage,
  evidencePage,
  firstCaptures,
  type CustodyEvent,
} from '../../repositories/evidence.repository.ts';
import type { EvidenceStore } from './evidence-store.ts';

export interface Mismatch {
  evidenceId: number;
  postId: number;
  path: string;
  /** The hash the evidence was captured with (the chain's first `captured` entry, else the row). */
  expected: string;
  observed: string;
  /** Every check that failed, in words. */
  reason: string;
}

export interface VerifyReport {
  checked: number;
  ok: number;
  missing: { evidenceId: number; postId: number; path: string }[];
  mismatched: Mismatch[];
  chain: ChainReport;
}

/** A rewritten file, a rewritten row, a renamed file: what disagrees with what, in words. */
function fileProblems(
  e: Evidence,
  observed: string,
  first: { sha256_observed: string | null; seq: number; detail: unknown } | undefined,
): string[] {
  const out: string[] = [];
  if (observed !== e.sha256) out.push(`the file's SHA-256 is not the one in its evidence row`);
  const named = /([0-9a-f]{64})\.[a-z]+$/.exec(e.storage_path)?.[1];
  if (named && named !== observed) out.push(`the file name says ${named}`);
  if (!first) out.push('the chain of custody has no capture entry for it');
  else {
    if (first.sha256_observed !== observed) out.push(`the hash first captured (custody #${first.seq}) was ${first.sha256_observed}`);
    const d = (first.detail ?? {}) as { sha256?: string; path?: string; postId?: number; kind?: string };
    if (
      (d.sha256 !== undefined && d.sha256 !== e.sha256) ||
      (d.path !== undefined && d.path !== e.storage_path) ||
      (d.postId !== undefined && d.postId !== e.post_id) ||
      (d.kind !== undefined && d.kind !== e.kind)
    )
      out.push(`the evidence row no longer says what the chain recorded at capture (custody #${first.seq})`);
  }
  return out;
}

/**
 * Walk the whole custody chain with the shared walk (hash-chain.ts): every entry's hash
 * recomputed with this chain's entry hash, every link and sequence number checked, and the anchors.
 */
export async function verifyCustodyChain(
  db: Kysely<Database>,
  anchors: readonly ChainAnchor[] = [],
  onProgress?: (entries: number) => void,
): Promise<ChainReport> {
  const page = async (afterSeq: number) =>
    (await custodyPage(db, afterSeq, 2000)).map((c) => ({
      id: c.id,
      seq: Number(c.seq),
      prevHash: c.prev_hash,
      hash: c.entry_hash,
      row: c,
    }));
  const hash = (e: { seq: number; prevHash: string; row: EvidenceCustody }) =>
    custodyEntryHash({
      seq: e.seq,
      prevHash: e.prevHash,
      evidenceId: e.row.evidence_id,
      at: e.row.at,
      actor: e.row.actor,
      action: e.row.action,
      sha256Observed: e.row.sha256_observed,
      detail: e.row.detail,
    });
  return walkChain(page, hash, { anchors, ...(onProgress ? { onProgress } : {}) });
}

/**
 * Check every stored evidence file (or those of some posts): hash it again and compare with
 * its evidence row, with the hash its own file name carries, and with the hash the chain of
 * custody recorded when it was first captured; then walk the whole chain. Each file check is
 * written to the chain (`verified`, `verify_failed`, `missing`) unless `record` is false.
 * A file rewritten together with its row is caught by its name and by the chain; a rewritten
 * chain, by its hashes and by the anchors an operator kept outside netra.
 */
export async function verifyEvidence(o: {
  db: Kysely<Database>;
  store: EvidenceStore;
  actor: string;
  postIds?: readonly number[];
  record?: boolean;
  anchors?: readonly ChainAnchor[];
  onProgress?: (checked: number) => void;
}): Promise<VerifyReport> {
  const report: VerifyReport = {
    checked: 0,
    ok: 0,
    missing: [],
    mismatched: [],
    chain: { entries: 0, head: null, breaks: [], anchors: [] },
  };
  let after = 0;
  for (;;) {
    const page: Evidence[] = await evidencePage(o.db, after, 500, o.postIds);
    if (page.length === 0) break;
    after = page[page.length - 1]!.id;
    const first = await firstCaptures(
      o.db,
      page.map((e) => e.id),
    );
    const events: CustodyEvent[] = [];
    for (const e of page) {
      const v = await o.store.verify(e.storage_path, e.sha256);
      report.checked++;
      const f = first.get(e.id);
      const problems =
        v.outcome === 'missing'
          ? []
          : fileProblems(e, v.observed!, f ? { sha256_observed: f.sha256_observed, seq: Number(f.seq), detail: f.detail } : undefined);
      if (v.outcome === 'missing') report.missing.push({ evidenceId: e.id, postId: e.post_id, path: e.storage_path });
      else if (problems.length > 0)
        report.mismatched.push({
          evidenceId: e.id,
          postId: e.post_id,
          path: e.storage_path,
          expected: f?.sha256_observed ?? e.sha256,
          observed: v.observed!,
          reason: problems.join('; '),
        });
      else report.ok++;
      events.push({
        evidenceId: e.id,
        actor: o.actor,
        action: v.outcome === 'missing' ? 'missing' : problems.length > 0 ? 'verify_failed' : 'verified',
        sha256Observed: v.observed,
        detail: { store: o.store.where, ...(problems.length > 0 ? { problems } : {}) },
      });
    }
    if (o.record !== false) await appendCustody(o.db, events);
    o.onProgress?.(report.checked);
  }
  report.chain = await verifyCustodyChain(o.db, o.anchors ?? []);
  // The head after this run's own entries: the one to write down.
  report.chain.head = (await custodyChainHead(o.db)) ?? report.chain.head;
  return report;
}

/** Whether a report has anything wrong in it (the CLI exits 1). */
export function verifyFailed(r: VerifyReport): boolean {
  return r.mismatched.length > 0 || r.missing.length > 0 || chainBroken(r.chain);
}
