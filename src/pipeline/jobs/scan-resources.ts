import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Database, ScanRun } from '../../db/schema.ts';
import type { Dialect } from '../../db/connect.ts';
import type { Config } from '../../config/config.schema.ts';
import type { Classifier } from '../../domain/classification.ts';
import type { ContestCalendar } from '../../domain/election-phase.ts';
import { PermanentError } from '../../domain/errors.ts';
import { directoryEvidenceStore, type EvidenceStore } from '../../collect/evidence/evidence-store.ts';
import { openSource } from '../../collect/source-factory.ts';
import type { Source } from '../../collect/source.ts';
import type { Logger } from '../../log/logger.ts';
import { pipelineSchema } from '../pipeline.schema.ts';
import type { LoadedPipeline } from '../pipeline.load.ts';
import { checkPinnedModels, evidenceDirOf } from '../pipeline-checks.ts';
import { scanActor } from './scan-job.ts';
import { loadRunClassifier, type RunClassifier, type RunClassifierConfig } from '../run-classifier.ts';
import { openImageStage, type ImageStage } from '../image-stage.ts';
import type { OcrEngine } from '../../image/ocr-types.ts';
import type { ImageAnalyzer } from '../../image/image-analyzer.ts';

/** What the jobs of one run need in this process: its pipeline, classifier, calendar, open sources. */
export interface RunResources {
  loaded: LoadedPipeline;
  classifier: Classifier;
  calendar: readonly ContestCalendar[];
  evidenceStore?: EvidenceStore;
  /** Chromium for evidence capture of flagged posts. */
  chromiumPath: string;
  /** The run's source `i`, opened on first use and kept open for the run's next jobs. */
  source(i: number): Promise<Source>;
  /** With the pipeline's `ocr` on: the OCR worker (and vision model), opened on first use; else undefined. */
  images(): Promise<ImageStage | undefined>;
}

export type SourceSettings = Pick<Config, 'chromiumPath' | 'evidenceDir' | 'xApiBearerToken'> &
  Partial<Pick<Config, 'tiktokClientKey' | 'tiktokClientSecret' | 'metaContentLibraryToken'>>;

export interface ScanResourcesOptions {
  logger: Logger;
  /** Settings for web and API sources and the evidence folder. */
  config?: SourceSettings;
  /** A classifier and calendar built by the caller (tests, fakes), used for every run and not closed here. */
  given?: RunClassifier;
  /**
   * Otherwise each run loads its own (loadRunClassifier): the pipeline's claim files are imported
   * into `db` and its claims matched, with these settings.
   */
  load?: { config: RunClassifierConfig; db: Kysely<Database> };
  evidenceStore?: EvidenceStore;
  /** The scan's database: API sources keep platform ids and usage there. */
  db?: Kysely<Database>;
  /** `postgres`: politeness (pace, breaker) is shared with every worker through the database. */
  dialect?: Dialect;
  /** OCR: where Debian's models are looked for, or an engine and analyzer given by the caller (tests). */
  ocr?: { tessdataDirs?: readonly string[]; engine?: OcrEngine; analyzer?: ImageAnalyzer };
}

/** The pipeline a run was started with, from its stored definition. */
export function loadedFromRun(run: ScanRun): LoadedPipeline {
  if (!run.definition || !run.base_dir) throw new PermanentError(`scan run #${run.id} has no stored pipeline definition`);
  const parsed = pipelineSchema.safeParse(run.definition);
  if (!parsed.success)
    throw new PermanentError(
      `scan run #${run.id}: stored pipeline is not valid here (${parsed.error.issues[0]?.message}); is this worker on another netra version?`,
    );
  const base = run.base_dir;
  return {
    pipeline: parsed.data,
    file: run.pipeline_path ?? `(run #${run.id})`,
    resolve: (p) => (path.isAbsolute(p) ? p : path.resolve(base, p)),
  };
}

/**
 * Per-process cache of what runs need. A worker serves jobs of many runs: the classifier,
 * calendar and sources are built once per run and closed when the worker stops (or the run ends).
 */
export class ScanResources {
  private readonly runs = new Map<number, Promise<RunResources>>();
  private readonly sources = new Map<number, Map<number, Promise<Source>>>();
  private readonly imageStages = new Map<number, Promise<ImageStage>>();

  constructor(private readonly o: ScanResourcesOptions) {}

  get(run: ScanRun): Promise<RunResources> {
    let r = this.runs.get(run.id);
    if (!r) {
      r = this.build(run);
      this.runs.set(run.id, r);
      r.catch(() => this.runs.delete(run.id));
    }
    return r;
  }

  private async build(run: ScanRun): Promise<RunResources> {
    const loaded = loadedFromRun(run);
    const log = this.o.logger.child({ pipeline: loaded.pipeline.name, scanRun: run.id });
    let given = this.o.given;
    if (!given) {
      if (!this.o.load) throw new Error('no classifier and no settings to load one');
      // Every process serving the run imports its claim files (idempotent) and matches against the same claims.
      given = await loadRunClassifier({
        config: this.o.load.config,
        logger: log,
        loaded,
        claims: { scan: { db: this.o.load.db, actor: scanActor(run.id) } },
      });
    }
    const { classifier, calendar } = given;
    try {
      checkPinnedModels(loaded, classifier);
    } catch (e) {
      if (!this.o.given) await classifier.close?.();
      throw e;
    }
    const evidenceStore =
      this.o.evidenceStore ?? (this.o.config ? directoryEvidenceStore(evidenceDirOf(loaded, this.o.config.evidenceDir)) : undefined);
    const opened = new Map<number, Promise<Source>>();
    this.sources.set(run.id, opened);
    const cfg = loaded.pipeline.sources;
    const ocr = loaded.pipeline.ocr;
    return {
      images: () => {
        if (!ocr?.enabled) return Promise.resolve(undefined);
        if (!evidenceStore)
          return Promise.reject(new PermanentError(`scan run #${run.id}: ocr needs an evidence store (the images are read from it)`));
        let s = this.imageStages.get(run.id);
        if (!s) {
          s = openImageStage(ocr, evidenceStore, log, this.o.ocr);
          this.imageStages.set(run.id, s);
          s.catch(() => this.imageStages.delete(run.id));
        }
        return s;
      },
      loaded,
      classifier,
      calendar,
      evidenceStore,
      chromiumPath: this.o.config?.chromiumPath ?? '/usr/bin/chromium',
      source: (i) => {
        let s = opened.get(i);
        if (!s) {
          const c = cfg[i];
          if (!c) return Promise.reject(new PermanentError(`scan run #${run.id} has no source #${i}`));
          s = openSource(c, {
            resolve: loaded.resolve,
            logger: log,
            config: this.o.config,
            evidenceStore,
            db: this.o.db ?? this.o.load?.db,
            dialect: this.o.dialect,
          });
          opened.set(i, s);
          s.catch(() => opened.delete(i));
        }
        return s;
      },
    };
  }

  /** Sources of a run opened in this process (settled ones). */
  async openedSources(runId: number): Promise<Source[]> {
    const m = this.sources.get(runId);
    if (!m) return [];
    const out: Source[] = [];
    for (const p of m.values()) {
      const s = await p.catch(() => undefined);
      if (s) out.push(s);
    }
    return out;
  }

  /** Close what a run opened (its sources; its classifier when this process loaded it). */
  async release(runId: number): Promise<void> {
    const r = this.runs.get(runId);
    this.runs.delete(runId);
    for (const s of await this.openedSources(runId)) await s.close?.().catch(() => undefined);
    this.sources.delete(runId);
    const images = this.imageStages.get(runId);
    this.imageStages.delete(runId);
    if (images) await (await images.catch(() => undefined))?.close();
    if (r && !this.o.given) await (await r.catch(() => undefined))?.classifier.close?.();
  }

  async close(): Promise<void> {
    for (const id of [...this.runs.keys()]) await this.release(id);
  }
}
