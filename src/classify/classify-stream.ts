import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { once } from 'node:events';
import type { Classification, Classifier } from '../domain/classification.ts';
import { LABELS } from '../domain/labels.ts';

export interface ClassifyStreamOptions {
  input: Readable;
  output: Writable;
  classifier: Classifier;
  /** Name of the input for messages (`IN.jsonl` or `stdin`). */
  inputName: string;
  /** Called for each malformed line; the run goes on. */
  onBadLine: (line: number, message: string) => void;
  /** @default 256 */
  batchSize?: number;
}

export interface ClassifyStreamResult {
  lines: number;
  classified: number;
  bad: number;
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;

/** The stable output record of `netra classify` (see README, "The classify contract"). */
export function outputRecord(id: string, c: Classification): Record<string, unknown> {
  return {
    id,
    scores: Object.fromEntries(LABELS.map((l) => [l, round(c.scores[l])])),
    flags: c.flags,
    evidence: c.evidence,
    findings: c.findings,
    versions: { nlp: c.versions.nlp, lexicon: c.versions.lexicon, models: c.versions.models },
  };
}

/**
 * Read JSON Lines (`{"id": "...", "text": "..."}` at least), classify in batches, write one line
 * per good input line in input order. Memory stays bounded by the batch size, whatever the input.
 */
export async function classifyJsonlStream(o: ClassifyStreamOptions): Promise<ClassifyStreamResult> {
  const batchSize = o.batchSize ?? 256;
  const rl = createInterface({ input: o.input, crlfDelay: Infinity });
  let lineNo = 0;
  let bad = 0;
  let classified = 0;
  let batch: { id: string; text: string }[] = [];

  const flush = async () => {
    if (batch.length === 0) return;
    const results = await o.classifier.classify(batch.map((b) => b.text));
    let chunk = '';
    for (let i = 0; i < batch.length; i++) chunk += `${JSON.stringify(outputRecord(batch[i]!.id, results[i]!))}\n`;
    classified += batch.length;
    batch = [];
    if (!o.output.write(chunk)) await once(o.output, 'drain');
  };

  for await (const raw of rl) {
    lineNo++;
    const line = raw.trim();
    if (line === '') continue;
    let rec: unknown;
    try {
      rec = JSON.parse(line);
    } catch (e) {
      bad++;
      o.onBadLine(lineNo, `not valid JSON (${(e as Error).message})`);
      continue;
    }
    if (typeof rec !== 'object' || rec === null || Array.isArray(rec)) {
      bad++;
      o.onBadLine(lineNo, 'must be a JSON object with "id" and "text"');
      continue;
    }
    const { id, text } = rec as { id?: unknown; text?: unknown };
    if (typeof id !== 'string' || id === '') {
      bad++;
      o.onBadLine(lineNo, `field "id" must be a non-empty string (got ${id === undefined ? 'nothing' : JSON.stringify(id)})`);
      continue;
    }
    if (typeof text !== 'string') {
      bad++;
      o.onBadLine(lineNo, `field "text" must be a string (got ${text === undefined ? 'nothing' : typeof text})`);
      continue;
    }
    batch.push({ id, text });
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  return { lines: lineNo, classified, bad };
}
