import { describe, expect, it } from 'vitest';
import { resolveHumanLabels, type Judgement } from '../../../src/domain/human-labels.ts';

const at = (m: number) => new Date(Date.UTC(2024, 1, 1, 0, m));
const j = (who: string, round: number, decision: Judgement['decision'], m: number, labels: string[] | null = null): Judgement => ({
  source: 'review',
  who,
  round,
  decision,
  labels,
  at: at(m),
});

describe('resolving human labels', () => {
  it('a confirm keeps the flag labels; a correction before it wins', () => {
    expect(
      resolveHumanLabels({ flagLabels: ['partisan'], flagStatus: 'confirmed', decisions: [j('1', 1, 'confirm', 1)], annotations: [] }),
    ).toMatchObject({ labels: ['partisan'], source: 'review', agreement: 'single' });
    const r = resolveHumanLabels({
      flagLabels: ['partisan'],
      flagStatus: 'confirmed',
      decisions: [j('1', 1, 'confirm', 2), j('1', 1, 'correct', 1, ['abusive', 'partisan'])],
      annotations: [],
    });
    expect(r.labels).toEqual(['partisan', 'abusive']);
  });

  it('a dismiss means no label; an escalation alone decides nothing', () => {
    expect(
      resolveHumanLabels({ flagLabels: ['hoax'], flagStatus: 'dismissed', decisions: [j('1', 1, 'dismiss', 1)], annotations: [] }).labels,
    ).toEqual([]);
    expect(
      resolveHumanLabels({ flagLabels: ['hoax'], flagStatus: 'escalated', decisions: [j('1', 1, 'escalate', 1)], annotations: [] }),
    ).toMatchObject({ labels: null, agreement: null });
  });

  it('only a dismissal about the content is a negative: wrong identity, duplicate or insufficient evidence say nothing about the labels', () => {
    const dismiss = (reason: string) => ({ ...j('1', 1, 'dismiss', 1), dismissReason: reason });
    expect(
      resolveHumanLabels({ flagLabels: ['partisan'], flagStatus: 'dismissed', decisions: [dismiss('neutral_context')], annotations: [] })
        .labels,
    ).toEqual([]);
    for (const reason of ['wrong_identity', 'duplicate', 'insufficient_evidence', 'other']) {
      expect(
        resolveHumanLabels({ flagLabels: ['partisan'], flagStatus: 'dismissed', decisions: [dismiss(reason)], annotations: [] }),
      ).toMatchObject({ labels: null, source: null });
    }
    // A wrong-identity dismissal does not override an annotator who judged the text.
    const ann = { source: 'label-studio' as const, who: 'a', round: 1, decision: 'annotate' as const, labels: ['partisan'], at: at(5) };
    expect(
      resolveHumanLabels({ flagLabels: ['partisan'], flagStatus: 'dismissed', decisions: [dismiss('wrong_identity')], annotations: [ann] })
        .labels,
    ).toEqual(['partisan']);
  });

  it('compares a blind second review with the first decision: agreed, disagreed, adjudicated', () => {
    const agreed = resolveHumanLabels({
      flagLabels: ['partisan'],
      flagStatus: 'confirmed',
      decisions: [j('1', 1, 'confirm', 1), j('2', 2, 'confirm', 2)],
      annotations: [],
    });
    expect(agreed).toMatchObject({ agreement: 'agreed', pair: [['partisan'], ['partisan']] });
    const disagreed = resolveHumanLabels({
      flagLabels: ['partisan'],
      flagStatus: 'confirmed',
      decisions: [j('1', 1, 'confirm', 1), j('2', 2, 'dismiss', 2)],
      annotations: [],
    });
    expect(disagreed).toMatchObject({ agreement: 'disagreed', labels: ['partisan'], pair: [['partisan'], []] });
    const adjudicated = resolveHumanLabels({
      flagLabels: ['partisan'],
      flagStatus: 'dismissed',
      decisions: [j('1', 1, 'confirm', 1), j('2', 2, 'dismiss', 2), j('9', 1, 'dismiss', 3)],
      annotations: [],
    });
    expect(adjudicated).toMatchObject({ agreement: 'adjudicated', labels: [] });
  });

  it('uses imported annotations when nobody reviewed: strict majority per label', () => {
    const ann = (who: string, labels: string[]): Judgement => ({
      source: 'label-studio',
      who,
      round: 1,
      decision: 'annotate',
      labels,
      at: null,
    });
    const r = resolveHumanLabels({
      flagLabels: null,
      flagStatus: null,
      decisions: [],
      annotations: [ann('a', ['hate', 'abusive']), ann('b', ['abusive']), ann('c', ['abusive'])],
    });
    expect(r).toMatchObject({ labels: ['abusive'], source: 'label-studio', agreement: 'disagreed' });
    const reviewed = resolveHumanLabels({
      flagLabels: ['hate'],
      flagStatus: 'dismissed',
      decisions: [],
      annotations: [ann('a', ['hate'])],
    });
    expect(reviewed).toMatchObject({ labels: [], source: 'review' });
  });
});
