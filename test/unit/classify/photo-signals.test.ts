import { beforeAll, describe, expect, it } from 'vitest';
import { combineImageReadings } from '../../../src/classify/image/image-classification.ts';
import { candidateInPhoto, partyOrNumberInImage } from '../../../src/classify/image/photo-signals.ts';
import { visionSignals } from '../../../src/classify/image/vision-signals.ts';
import { contestFilesIn } from '../../../src/classify/rules/election-calendar.load.ts';
import { createRuleClassifier, type RuleClassifier } from '../../../src/classify/rules/rule-classifier.ts';
import type { PostImageText } from '../../../src/domain/image-text.ts';
import { ocrResultOf } from '../../helpers/fake-ocr.ts';

let rules: RuleClassifier;
beforeAll(async () => {
  rules = await createRuleClassifier({ extraContestFiles: await contestFilesIn(['data/demo/contests']) });
});

const caption = (text: string) => candidateInPhoto(text, rules.electoralMarks(text));
const inImage = (text: string) => [
  ...candidateInPhoto(text, rules.electoralMarks(text)),
  ...partyOrNumberInImage(text, rules.electoralMarks(text)),
];

describe('photo signals (words only: no vision model)', () => {
  it('a candidate named next to a gesture emoji or word', () => {
    for (const text of ['Foto bersama pak Heru Santoso tadi pagi 🤟', 'ketemu Prabowo ✌️', 'bareng Anies, salam satu jari']) {
      const s = caption(text);
      expect(
        s.map((x) => x.rule),
        text,
      ).toContain('photo:candidate-gesture');
      const spans = s.flatMap((x) => x.spans);
      expect(spans.some((e) => e.target)).toBe(true);
      for (const e of spans) expect(text.slice(e.start, e.end)).toBe(e.text);
    }
  });

  it('a candidate named next to "foto bersama"', () => {
    const s = caption('Alhamdulillah foto bersama Didik Purnomo di pasar');
    expect(s.map((x) => x.rule)).toEqual(['photo:with-candidate']);
    expect(s[0]!.spans.map((e) => e.text)).toEqual(['Didik Purnomo', 'foto bersama']);
  });

  it('nothing for a bare V sign, "foto bersama" without a name, or a name far from the gesture', () => {
    expect(caption('foto bersama teman kantor ✌️')).toEqual([]);
    expect(caption('liburan ke pantai ✌️✌️')).toEqual([]);
    expect(caption(`Prabowo ${'berita pagi ini tentang harga cabai di pasar induk yang naik lagi '.repeat(2)}✌️`)).toEqual([]);
  });

  it('image text: a party name, a ballot number in context', () => {
    expect(inImage('PARTAI GERINDRA').map((x) => x.rule)).toEqual(['image:party']);
    const poster = inImage('DIDIK PURNOMO\nABDUL ROZAQ\n02\nCOBLOS NOMOR 2 #DIRO2024');
    expect(poster.map((x) => x.rule)).toContain('image:ballot-number');
    expect(poster.flatMap((x) => x.spans).find((e) => e.rule === 'image:ballot-number')!.target!.id).toBe('pilkada-rejoagung-2024/02');
  });

  it('nothing for an ordinary notice with numbers', () => {
    expect(inImage('JADWAL POSYANDU BALITA\nDesa Kedungsari, Sabtu 9 November 2024\nPukul 08.00 di Balai Desa')).toEqual([]);
  });
});

const imageText = (text: string, id = 7): PostImageText => {
  const r = ocrResultOf(text);
  return {
    id,
    postId: 1,
    postVersion: 1,
    evidenceId: 42,
    sha256: 'ab'.repeat(32),
    storagePath: 'sha256/ab/ab/x.png',
    file: 'images/p.png',
    ocr: 'fake',
    text,
    confidence: r.confidence,
    words: r.words,
  };
};

describe('combining a post with its images', () => {
  it('flags from the image text, with evidence that points at the image and its word boxes; the own words stay as they were', async () => {
    const caption = 'Mohon doa restunya 🙏';
    const poster = 'DIDIK PURNOMO\nABDUL ROZAQ\n02\nCOBLOS NOMOR 2 #DIRO2024';
    const [own, img] = await rules.classify([caption, poster]);
    expect(own!.flags).toEqual([]);
    const image = imageText(poster);
    const c = combineImageReadings(
      { own: own!, captionSignals: [], images: [{ image, result: img!, signals: inImage(poster) }] },
      rules.thresholds,
      rules.lexicons.pledge.labels,
    );
    expect(c.flags).toEqual(['partisan']);
    const fromImage = c.evidence.filter((e) => e.image);
    expect(fromImage.length).toBeGreaterThan(0);
    for (const e of fromImage) {
      expect(e.image).toMatchObject({ imageTextId: 7, evidenceId: 42, sha256: 'ab'.repeat(32), file: 'images/p.png' });
      expect(poster.slice(e.start, e.end)).toBe(e.text);
      expect(e.image!.boxes.length).toBeGreaterThan(0);
    }
    // The own-words evidence is only what the caption had (none): nothing of the poster is put in the post's mouth.
    expect(c.evidence.filter((e) => !e.image)).toEqual(own!.evidence);
    expect(c.findings[0]!.targets.map((t) => t.id)).toContain('pilkada-rejoagung-2024/02');
  });

  it('without images and caption signals, the own classification is returned untouched', async () => {
    const [own] = await rules.classify(['rapat koordinasi pagi ini']);
    expect(combineImageReadings({ own: own!, captionSignals: [], images: [] }, rules.thresholds, rules.lexicons.pledge.labels)).toBe(own);
  });

  it('a vision model finding (test double) is partisan evidence with its box', () => {
    const target = { kind: 'candidate_pair' as const, id: 'pilpres-2024/02', name: 'Prabowo Subianto - Gibran Rakabuming Raka' };
    const signals = visionSignals(
      [
        { kind: 'gesture', what: 'V sign', target, confidence: 0.9, box: { x0: 10, y0: 20, x1: 60, y1: 90 } },
        { kind: 'gesture', what: 'V sign', target, confidence: 0.3 },
        { kind: 'person', what: 'someone', confidence: 0.99 },
      ],
      { imageTextId: 7, evidenceId: 42, sha256: 'ab'.repeat(32), file: 'p.png', ocr: 'fake', confidence: 0, boxes: [] },
      'fake-vision test',
    );
    expect(signals).toHaveLength(1);
    expect(signals[0]!.spans[0]).toMatchObject({ rule: 'vision:gesture', target, image: { boxes: [{ x0: 10, y0: 20, x1: 60, y1: 90 }] } });
  });
});
