import type { Classification, Classifier, EvidenceSpan } from '../../src/domain/classification.ts';
import { LABELS, zeroScores, type Label, type LabelScores } from '../../src/domain/labels.ts';

/**
 * A deterministic stand-in classifier for tests of the frame (storage, scan, streaming):
 * each label fires on one marker word. Tests of the real classifier use the real one.
 */
export function fakeClassifier(
  markers: Partial<Record<Label, string>> = { partisan: '#coblos02', abusive: 'anjing', money_politics: 'amplop' },
  key = 'fake-1',
): Classifier & { calls: number } {
  const thresholds: LabelScores = { partisan: 0.5, hate: 0.5, abusive: 0.5, hoax: 0.5, money_politics: 0.5 };
  const self = {
    name: 'fake',
    versions: { nlp: 'nlp-test', lexicon: 'lex-test', models: {}, key },
    thresholds,
    calls: 0,
    async classify(texts: readonly string[]): Promise<Classification[]> {
      self.calls++;
      return texts.map((text) => {
        const scores = zeroScores();
        const evidence: EvidenceSpan[] = [];
        const lower = text.toLowerCase();
        for (const l of LABELS) {
          const m = markers[l];
          const at = m ? lower.indexOf(m) : -1;
          if (m && at >= 0) {
            scores[l] = 0.9;
            evidence.push({
              label: l,
              start: at,
              end: at + m.length,
              text: text.slice(at, at + m.length),
              source: 'lexicon',
              rule: `marker:${m}`,
              weight: 0.9,
            });
          }
        }
        const flags = LABELS.filter((l) => scores[l] >= thresholds[l]);
        return {
          scores,
          flags,
          evidence,
          findings: flags.map((l) => ({
            label: l,
            score: scores[l],
            threshold: thresholds[l],
            pledgeClause: 2,
            skbItems: [6],
            legalBasis: 'test',
            targets: [],
          })),
          versions: self.versions,
        };
      });
    },
  };
  return self;
}
