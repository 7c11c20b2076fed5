import { InputFileError, type InputProblem } from '../domain/errors.ts';
import { isLabel, LABELS } from '../domain/labels.ts';
import type { DatasetRow } from './dataset-row.ts';

/**
 * Label Studio's JSON task format (https://labelstud.io/guide/task_format): one task per post,
 * `data.text` to annotate, the classifier's labels as a prediction and the people's decisions as
 * annotations, with a labelling config of one multiple-choice question over netra's labels.
 */
export const FROM_NAME = 'labels';
export const TO_NAME = 'text';

export function labelStudioConfig(): string {
  return [
    '<View>',
    `  <Text name="${TO_NAME}" value="$text"/>`,
    `  <Choices name="${FROM_NAME}" toName="${TO_NAME}" choice="multiple" showInLine="true">`,
    ...LABELS.map((l) => `    <Choice value="${l}"/>`),
    '  </Choices>',
    '</View>',
    '',
  ].join('\n');
}

const choices = (labels: readonly string[], score?: number, id?: string) => [
  {
    ...(id ? { id } : {}),
    from_name: FROM_NAME,
    to_name: TO_NAME,
    type: 'choices',
    value: { choices: [...labels] },
    score,
  },
];

/**
 * The marker of netra's own decisions in an exported task. Label Studio keeps a task's `data`
 * verbatim and the `id` of each result region, but not an annotation's `meta` nor its
 * `completed_by` (an imported annotation becomes the importing user's). So each of netra's own
 * annotations gets a result id `netra_own_<k>`, and `data.netra_own_results` lists those ids:
 * on import, an annotation holding one of them is netra's own and is kept apart.
 */
export const OWN_RESULT_PREFIX = 'netra_own_';
export const OWN_RESULTS_FIELD = 'netra_own_results';

/** Tasks for the rows that have text (an ids-only export has none to annotate). */
export function toLabelStudioTasks(rows: readonly DatasetRow[]): unknown[] {
  return rows
    .filter((r) => r.text !== undefined)
    .map((r, i) => {
      const own = r.annotations.filter((a) => a.labels !== null);
      const ownIds = own.map((_, k) => `${OWN_RESULT_PREFIX}${k}`);
      return {
        id: i + 1,
        data: {
          text: r.text,
          netra_id: r.id,
          split: r.split,
          platform: r.platform,
          time: r.time,
          province: r.province,
          [OWN_RESULTS_FIELD]: ownIds,
        },
        predictions: [
          {
            model_version: r.classifier,
            score: Math.max(0, ...Object.values(r.scores)),
            result: choices(r.model_labels, Math.max(0, ...r.model_labels.map((l) => r.scores[l] ?? 0))),
          },
        ],
        annotations: own.map((a, k) => ({
          completed_by: a.annotator,
          created_at: a.date,
          result: choices(a.labels!, undefined, ownIds[k]),
          meta: { netra_source: a.source, round: a.round, decision: a.decision },
        })),
      };
    });
}

/** One annotation read back from a Label Studio export. */
export interface ImportedAnnotation {
  netraId: string;
  /** 1-based index of the task in the file. */
  task: number;
  taskId: string;
  annotationId: string;
  annotator: string;
  labels: string[];
  annotatedAt: Date | null;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether an annotation's result carries one of the task's own-result ids (netra exported it). */
function isOwn(result: unknown, ownIds: unknown): boolean {
  if (!Array.isArray(result)) return false;
  const ids = new Set(Array.isArray(ownIds) ? ownIds.filter((x): x is string => typeof x === 'string') : []);
  return result.some((r) => isObj(r) && typeof r['id'] === 'string' && (ids.has(r['id']) || r['id'].startsWith(OWN_RESULT_PREFIX)));
}

/**
 * Read annotations from a Label Studio JSON export (an array of tasks). Each task needs
 * `data.netra_id` (the pseudonymous id netra exported); each annotation's `choices` result for
 * `labels` must hold netra labels only. Cancelled annotations and netra's own (the ones it
 * exported: a result id listed in `data.netra_own_results`, or `meta.netra_source` where kept)
 * are skipped. Every problem is reported with the task's
 * index and the field, and nothing is imported when there is one.
 */
export function parseLabelStudioExport(text: string, file: string): { annotations: ImportedAnnotation[]; tasks: number; skipped: number } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InputFileError(
      [{ file, line: 1, message: `not JSON: ${(e as Error).message}` }],
      `${file} is not a Label Studio JSON export`,
    );
  }
  if (!Array.isArray(json))
    throw new InputFileError(
      [{ file, line: 1, message: 'a Label Studio JSON export is an array of tasks' }],
      `${file} is not a Label Studio JSON export`,
    );
  const problems: InputProblem[] = [];
  const out: ImportedAnnotation[] = [];
  let skipped = 0;
  json.forEach((task: unknown, ti: number) => {
    const at = (field: string, message: string) =>
      problems.push({ file, line: ti + 1, field: `[${ti}]${field}`, message: `task ${ti + 1}: ${message}` });
    if (!isObj(task)) return at('', 'is not an object');
    const data = task['data'];
    const netraId = isObj(data) ? data['netra_id'] : undefined;
    if (typeof netraId !== 'string' || !/^p_[0-9a-f]{20}$/.test(netraId))
      return at('.data.netra_id', `must be the pseudonymous post id netra exported (p_ and 20 hex digits), got ${JSON.stringify(netraId)}`);
    const anns = task['annotations'] ?? [];
    if (!Array.isArray(anns)) return at('.annotations', 'must be an array');
    anns.forEach((a: unknown, ai: number) => {
      const f = `.annotations[${ai}]`;
      if (!isObj(a)) return at(f, 'is not an object');
      if (isObj(a['meta']) && a['meta']['netra_source'] !== undefined) return void skipped++;
      if (isOwn(a['result'], isObj(data) ? data[OWN_RESULTS_FIELD] : undefined)) return void skipped++;
      if (a['was_cancelled'] === true) return void skipped++;
      const who = a['completed_by'];
      const annotator = isObj(who) ? (who['email'] ?? who['id']) : who;
      if (typeof annotator !== 'string' && typeof annotator !== 'number')
        return at(`${f}.completed_by`, 'must name the annotator (an id or {email})');
      const result = a['result'];
      if (!Array.isArray(result)) return at(`${f}.result`, 'must be an array');
      const labels = new Set<string>();
      result.forEach((r: unknown, ri: number) => {
        if (!isObj(r) || r['from_name'] !== FROM_NAME) return;
        const value = r['value'];
        const ch = isObj(value) ? value['choices'] : undefined;
        if (!Array.isArray(ch)) return at(`${f}.result[${ri}].value.choices`, 'must be an array of labels');
        for (const c of ch) {
          if (!isLabel(c)) at(`${f}.result[${ri}].value.choices`, `${JSON.stringify(c)} is not a label; use ${LABELS.join(', ')}`);
          else labels.add(c);
        }
      });
      // An annotation with no choice for `labels` says none applies (Label Studio leaves it out).
      const created = a['updated_at'] ?? a['created_at'];
      let annotatedAt: Date | null = null;
      if (created !== undefined && created !== null) {
        annotatedAt = new Date(String(created));
        if (Number.isNaN(annotatedAt.getTime())) return at(`${f}.created_at`, `${JSON.stringify(created)} is not a date`);
      }
      out.push({
        netraId,
        task: ti + 1,
        taskId: String(task['id'] ?? ti + 1),
        annotationId: String(a['id'] ?? ai + 1),
        annotator: String(annotator),
        labels: LABELS.filter((l) => labels.has(l)),
        annotatedAt,
      });
    });
  });
  if (problems.length) throw new InputFileError(problems);
  return { annotations: out, tasks: json.length, skipped };
}
