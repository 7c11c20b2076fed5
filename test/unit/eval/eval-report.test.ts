import { describe, expect, it } from 'vitest';
import type { Classification } from '../../../src/domain/classification.ts';
import { LABELS, zeroScores, type Label } from '../../../src/domain/labels.ts';
import type { EvalData, EvalRow } from '../../../src/eval/eval-data.ts';
import { buildEvalReport, excerpt } from '../../../src/eval/eval-report.ts';
import { evalReportMarkdown } from '../../../src/eval/eval-report.md.ts';

const versions = { nlp: 'n1', lexicon: 'l1', models: {}, key: 'k1' };
const thresholds = { partisan: 0.5, hate: 0.5, abusive: 0.5, hoax: 0.5, money_politics: 0.5 };

function pred(row: Partial<EvalRow> & { id: string; labels: Label[] }, scores: Partial<Record<Label, number>>, targets: string[] = []) {
  const s = { ...zeroScores(), ...scores };
  const flags = LABELS.filter((l) => s[l] >= thresholds[l]);
  const classification: Classification = {
    scores: s,
    flags,
    evidence: [],
    findings: flags.map((label) => ({
      label,
      score: s[label],
      threshold: 0.5,
      pledgeClause: 2,
      skbItems: [],
      legalBasis: '',
      targets: label === 'partisan' ? targets.map((id) => ({ kind: 'candidate_pair' as const, id, name: id })) : [],
    })),
    versions,
  };
  return { row: { text: `text of ${row.id} | <b>`, line: 1, ...row } as EvalRow, classification };
}

describe('buildEvalReport', () => {
  const predictions = [
    pred({ id: 'a', labels: ['partisan'], target: 'p/02', group: 'random' }, { partisan: 0.9 }, ['p/02']),
    pred({ id: 'b', labels: ['partisan'], target: 'p/01', group: 'random', uncertain: true }, { partisan: 0.7 }, ['p/03']),
    pred({ id: 'c', labels: ['partisan'], group: 'news' }, { partisan: 0.2 }),
    pred({ id: 'd', labels: [], group: 'news', uncertain: true }, { partisan: 0.6, hoax: 0.8 }),
    pred({ id: 'e', labels: [], group: 'news' }, { partisan: 0.95 }),
    pred({ id: 'f', labels: ['hate'] }, {}),
  ];
  const data: EvalData = { file: 'x.jsonl', rows: predictions.map((p) => p.row), totalRows: 6, splits: {} };
  const r = buildEvalReport({
    data,
    dataSha256: 'abc',
    split: null,
    labels: LABELS,
    predictions,
    classifier: { name: 'fake', versions, thresholds },
    command: 'netra eval --data x.jsonl',
    now: new Date('2026-01-01T00:00:00Z'),
  });

  it('computes per-label counts and metrics', () => {
    const p = r.labels.find((l) => l.label === 'partisan')!;
    expect([p.tp, p.fp, p.fn, p.tn]).toEqual([2, 2, 1, 1]);
    expect(p.precision).toBe(0.5);
    expect(p.recall).toBeCloseTo(2 / 3, 12);
    expect(p.f1).toBeCloseTo(4 / 7, 12);
    const hoax = r.labels.find((l) => l.label === 'hoax')!;
    expect(hoax).toMatchObject({ fp: 1, support: 0, recall: null, f1: null, bestF1: null });
    const hate = r.labels.find((l) => l.label === 'hate')!;
    expect(hate).toMatchObject({ fn: 1, f1: 0 });
    // macro over labels with positives: partisan 4/7 and hate 0
    expect(r.macroLabels).toEqual(['partisan', 'hate']);
    expect(r.macroF1).toBeCloseTo(2 / 7, 12);
  });

  it('reports the certain subset, groups and target agreement', () => {
    expect(r.certain!.rows).toBe(4);
    expect(r.certain!.labels.find((l) => l.label === 'partisan')).toMatchObject({ tp: 1, fp: 1, fn: 1 });
    expect(r.groups['news']!.labels['partisan']).toEqual({ tp: 0, fp: 2, fn: 1, tn: 0 });
    expect(r.groups['random']!.rows).toBe(2);
    expect(r.partisanTargets).toEqual({ checked: 2, agree: 1 });
  });

  it('lists errors: false positives by falling score, false negatives by rising score', () => {
    expect(r.errors['partisan']!.falsePositives.map((e) => [e.id, e.score])).toEqual([
      ['e', 0.95],
      ['d', 0.6],
    ]);
    expect(r.errors['partisan']!.falseNegatives.map((e) => e.id)).toEqual(['c']);
    expect(r.errors['hoax']!.falsePositives[0]).toMatchObject({
      id: 'd',
      gold: [],
      predicted: ['partisan', 'hoax'],
      uncertain: true,
      group: 'news',
    });
  });

  it('renders Markdown with escaped post text and links to the curves', () => {
    const md = evalReportMarkdown(r, { maxErrors: 1 });
    expect(md).toContain('| partisan | 0.50 | 0.500 | 0.667 | 0.571 | 3 | 2 | 2 | 1 | 1 |');
    expect(md).toContain('**Macro-F1: 0.286** over partisan, hate');
    expect(md).toContain('text of e \\| &lt;b&gt;');
    expect(md).not.toContain('<b>');
    expect(md).toContain('False positives (2, first 1 shown; all are in report.json)');
    expect(md).toContain('![partisan](pr-partisan.svg)');
  });

  it('cuts excerpts and collapses whitespace', () => {
    expect(excerpt('a\n\n b   c')).toBe('a b c');
    expect(excerpt('x'.repeat(300))).toHaveLength(200);
  });
});
