import { describe, expect, it } from 'vitest';
import type { DatasetRow } from '../../../src/export/dataset-row.ts';
import { computeStats } from '../../../src/export/export-stats.ts';
import { emptyCounts } from '../../../src/export/redact.ts';

const row = (annotations: DatasetRow['annotations']): DatasetRow => ({
  id: 'p_1',
  split: 'train',
  platform: 'x',
  time: '2024-W06',
  province: null,
  account: null,
  person: null,
  labels: annotations.length ? [] : null,
  label_source: annotations.length ? 'review' : null,
  agreement: null,
  annotations,
  scores: {},
  model_labels: [],
  flag_status: null,
  deleted: false,
  classifier: 'c',
});
const j = (round: number, decision: string, source = 'review') => ({ annotator: 'r_1', source, round, decision, labels: [], date: null });

describe('export stats', () => {
  it('counts the real second-review share: decided flags with a blind round-2 decision', () => {
    const s = computeStats(
      [
        row([j(1, 'confirm'), j(2, 'confirm')]),
        row([j(1, 'dismiss')]),
        row([j(1, 'dismiss'), j(2, 'escalate')]),
        row([j(1, 'annotate', 'label-studio')]),
        row([]),
      ],
      [],
      emptyCounts(),
    );
    expect(s.secondReview).toEqual({ decided: 3, second: 1 });
  });
});
