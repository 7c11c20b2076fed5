import { beforeAll, describe, expect, it } from 'vitest';
import { claimMatcherFromFile } from '../../../src/classify/claims/load-claim-matcher.ts';
import type { TfidfClaimMatcher } from '../../../src/classify/claims/tfidf-claim-matcher.ts';
import { createRuleClassifier, type RuleClassifier } from '../../../src/classify/rules/index.ts';

// Paraphrases written for this test (not in data/labelled): casual register, slang, reordered.
const ASSERTS: [string, string][] = [
  ['Gila, Sirekap ternyata pake algoritma kyk judol, mau 01 dpt brp aja 02 ttp menang', 'netra:tbh-3055'],
  ['udah pasti ini, KPU stop ngitung suara soalnya kecurangan ketauan semua', 'netra:tbh-2971'],
  ['Wkwk ternyata Gibran dibisikin lewat earphone bone conduction di balik kerah pas debat', 'netra:tbh-3565'],
  ['Sebarkan! Istana suruh Kominfo matiin internet pas ngitung suara pilpres', 'netra:tbh-3239'],
  ['di madura 1 desa surat suaranya udh dicoblos semua buat 02, undangan ga dibagi', 'netra:tbh-3339'],
];
const DEBUNKS = [
  'Hati-hati hoaks: klaim Sirekap pakai algoritma judi online itu tidak benar, sudah dibantah KPU.',
  'Cek fakta: KPU tidak pernah menghentikan penghitungan suara. Jangan mudah percaya pesan berantai.',
  'Waspada disinformasi! Foto Gibran pakai earphone bone conduction saat debat itu editan.',
  'Klarifikasi: tidak benar istana memerintahkan Kominfo mematikan internet. Hoaks lama.',
];
const UNRELATED = ['Besok apel pagi jam 7, jangan telat ya rekan-rekan', 'Alhamdulillah laporan kinerja triwulan sudah selesai 🙏'];

describe('claim matcher', () => {
  let m: TfidfClaimMatcher;
  let clf: RuleClassifier;
  beforeAll(async () => {
    m = await claimMatcherFromFile('data/claims/pemilu-2024.jsonl');
    clf = await createRuleClassifier({ claimMatcher: m });
  });

  it('matches casual paraphrases to the right claim with a high similarity', async () => {
    const r = await m.match(ASSERTS.map(([text]) => ({ text, analysed: clf.analyse(text) })));
    r.forEach((match, i) => {
      expect(match?.id, ASSERTS[i]![0]).toBe(ASSERTS[i]![1]);
      expect(match!.similarity, ASSERTS[i]![0]).toBeGreaterThanOrEqual(0.5);
    });
  });

  it('flags the paraphrases as hoax with the claim id and similarity in the evidence', async () => {
    const out = await clf.classify(ASSERTS.map(([t]) => t));
    out.forEach((c, i) => {
      expect(c.flags, ASSERTS[i]![0]).toContain('hoax');
      const f = c.findings.find((x) => x.label === 'hoax')!;
      expect(f.claim?.id).toBe(ASSERTS[i]![1]);
      const e = c.evidence.find((x) => x.source === 'claim')!;
      expect(e.rule).toBe(`claim:${ASSERTS[i]![1]}`);
    });
    expect(out[0]!.versions.models['claims']).toBe(m.version);
  });

  it('does not flag posts that debunk or warn about the same claims', async () => {
    const matches = await m.match(DEBUNKS.map((text) => ({ text, analysed: clf.analyse(text) })));
    expect(matches.filter((x) => x !== null).length).toBeGreaterThanOrEqual(3);
    for (const c of await clf.classify(DEBUNKS)) expect(c.flags).not.toContain('hoax');
  });

  it('finds nothing in unrelated posts', async () => {
    const r = await m.match(UNRELATED.map((text) => ({ text, analysed: clf.analyse(text) })));
    expect(r.map((x) => (x ? x.similarity : 0)).every((s) => s < 0.3)).toBe(true);
  });

  it('versions the matcher by its claims and calibration', () => {
    expect(m.version).toMatch(/^tfidf-\d+\+18\.[0-9a-f]{8}$/);
  });
});
