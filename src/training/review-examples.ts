import { createRedactor, type Redactor } from '../export/redact.ts';
import { resolveHumanLabels, type Judgement } from '../domain/human-labels.ts';
import type { DecisionSource } from '../export/export-dataset.ts';
import type { Db } from '../db/handle.ts';
import { annotationsOf, decisionsOf, exportSourceRows, registryIdentifiers } from '../repositories/export.repository.ts';

/** A post people decided on, as a training example. */
export interface ReviewExample {
  postId: number;
  /** Redacted like a research export (names, handles, links... as placeholders). */
  text: string;
  /** The labels people settled on (empty: dismissed, none applies). */
  labels: string[];
  /** When it was settled (the newest judgement), for the recent hold-out. */
  decidedAt: Date;
  source: 'review' | 'label-studio';
  /** The registry person behind the post's account (null: unknown), so a hold-out can keep persons apart. */
  personId: number | null;
}

/**
 * Every reviewed post (confirmed or dismissed flags, imported annotations) with its human
 * labels, resolved exactly as exports resolve them, oldest decision first. Deleted posts are
 * left out: their authors took them down.
 */
export async function reviewExamples(db: Db, o: { decisions?: DecisionSource; redactor?: Redactor } = {}): Promise<ReviewExample[]> {
  const redactor = o.redactor ?? createRedactor(await registryIdentifiers(db));
  const out: ReviewExample[] = [];
  let afterId = 0;
  for (;;) {
    const page = await exportSourceRows(db, { reviewedOnly: true }, { afterId, limit: 2000 });
    if (page.length === 0) break;
    afterId = page[page.length - 1]!.postId;
    const decisions = await (o.decisions ?? decisionsOf)(
      db,
      page.flatMap((r) => (r.flagId === null ? [] : [r.flagId])),
    );
    const annotations = new Map<number, Judgement[]>();
    for (const a of await annotationsOf(
      db,
      page.map((r) => r.postId),
    )) {
      annotations.set(a.postId, [
        ...(annotations.get(a.postId) ?? []),
        { source: 'label-studio', who: a.provenance, round: 1, decision: 'annotate', labels: a.labels, at: a.annotatedAt ?? a.importedAt },
      ]);
    }
    for (const r of page) {
      const h = resolveHumanLabels({
        flagLabels: r.flagLabels,
        flagModelLabels: r.flagModelLabels,
        flagStatus: r.flagStatus,
        decisions: r.flagId === null ? [] : (decisions.get(r.flagId) ?? []),
        annotations: annotations.get(r.postId) ?? [],
      });
      if (h.labels === null || h.source === null) continue;
      const times = h.judgements.map((j) => j.at?.getTime() ?? 0);
      out.push({
        postId: r.postId,
        text: redactor.redact(r.text),
        labels: h.labels,
        decidedAt: new Date(Math.max(0, ...times, r.postedAt?.getTime() ?? 0)),
        source: h.source,
        personId: r.personId ?? null,
      });
    }
  }
  return out.sort((a, b) => a.decidedAt.getTime() - b.decidedAt.getTime() || a.postId - b.postId);
}

/**
 * Split reviewed examples into the ones training may use and the most recent ones, held out to
 * compare the versions on what analysts decided lately (never trained on). No person is on both
 * sides: older decisions about a person in the held-out share are left out of training
 * (`dropped`). Examples without a known person stand alone.
 */
export function holdOutRecent<T extends { decidedAt: Date; personId?: number | null }>(
  examples: readonly T[],
  share: number,
): { train: T[]; recent: T[]; dropped: number } {
  const n = Math.round(examples.length * Math.min(Math.max(share, 0), 1));
  const recent = examples.slice(examples.length - n);
  const held = new Set(recent.flatMap((r) => (r.personId == null ? [] : [r.personId])));
  const older = examples.slice(0, examples.length - n);
  const train = older.filter((r) => r.personId == null || !held.has(r.personId));
  return { train, recent, dropped: older.length - train.length };
}
