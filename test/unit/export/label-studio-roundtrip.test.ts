import { describe, expect, it } from 'vitest';
import type { DatasetRow } from '../../../src/export/dataset-row.ts';
import { kappaPerPair } from '../../../src/export/label-studio-agreement.ts';
import { parseLabelStudioExport, toLabelStudioTasks } from '../../../src/export/label-studio.ts';

const id = (k: number) => `p_${String(k).padStart(20, '0')}`;
const row = (k: number, analystLabels: string[] | null) =>
  ({
    id: id(k),
    text: `post ${k}`,
    split: 'train',
    platform: 'x',
    time: '2024-02-01',
    province: null,
    classifier: 'test',
    scores: { partisan: 0.7 },
    model_labels: ['partisan'],
    annotations:
      analystLabels === null
        ? []
        : [{ annotator: 'n_analyst', source: 'review', round: 1, decision: 'confirm', labels: analystLabels, date: '2024-02-02' }],
  }) as unknown as DatasetRow;

/** What Label Studio's JSON export gives back for a task it imported: data and result ids kept, annotation meta and author not. */
function throughLabelStudio(task: Record<string, unknown>, extra: { who: string; labels: string[] }[]): Record<string, unknown> {
  const anns = (task['annotations'] as Record<string, unknown>[]).map((a, i) => ({
    id: 100 + i,
    completed_by: 1,
    created_at: '2026-12-01T09:00:00Z',
    result: a['result'],
    was_cancelled: false,
  }));
  const added = extra.map((e, i) => ({
    id: 200 + i,
    completed_by: { id: 10 + i, email: e.who },
    created_at: '2026-12-02T09:00:00Z',
    result: [{ id: `ls${i}`, from_name: 'labels', to_name: 'text', type: 'choices', value: { choices: e.labels } }],
  }));
  return { id: task['id'], data: task['data'], annotations: [...anns, ...added], predictions: [] };
}

describe('Label Studio round trip', () => {
  it("keeps netra's own decisions apart by a marker Label Studio preserves, and reports kappa per annotator pair", () => {
    const tasks = toLabelStudioTasks([row(1, ['partisan']), row(2, []), row(3, null), row(4, ['partisan'])]) as Record<string, unknown>[];
    expect((tasks[0]!['data'] as Record<string, unknown>)['netra_own_results']).toEqual(['netra_own_0']);
    const back = [
      throughLabelStudio(tasks[0]!, [
        { who: 'ana@x', labels: ['partisan'] },
        { who: 'bo@x', labels: ['partisan'] },
      ]),
      throughLabelStudio(tasks[1]!, [
        { who: 'ana@x', labels: [] },
        { who: 'bo@x', labels: ['partisan'] },
      ]),
      throughLabelStudio(tasks[2]!, [
        { who: 'ana@x', labels: ['hate'] },
        { who: 'cy@x', labels: ['hate'] },
      ]),
      throughLabelStudio(tasks[3]!, [
        { who: 'bo@x', labels: ['partisan'] },
        { who: 'ana@x', labels: ['partisan'] },
      ]),
    ];
    const parsed = parseLabelStudioExport(JSON.stringify(back), 'ls.json');
    // The analysts' three decisions (now "completed by" the importing Label Studio user 1, meta gone) are skipped.
    expect(parsed.skipped).toBe(3);
    expect(parsed.annotations.map((a) => a.annotator).sort()).toEqual(['ana@x', 'ana@x', 'ana@x', 'ana@x', 'bo@x', 'bo@x', 'bo@x', 'cy@x']);
    expect(parsed.annotations.some((a) => a.annotator === '1')).toBe(false);

    const pairs = kappaPerPair(parsed.annotations);
    expect(pairs.map((p) => [p.a, p.b, p.posts])).toEqual([
      ['ana@x', 'bo@x', 3],
      ['ana@x', 'cy@x', 1],
    ]);
    const ab = pairs[0]!.perLabel['partisan']!;
    expect(ab.n).toBe(3);
    expect(ab.table).toEqual({ yesYes: 2, yesNo: 0, noYes: 1, noNo: 0 });
  });
});
