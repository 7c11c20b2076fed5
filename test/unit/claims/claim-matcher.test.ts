import { beforeAll, describe, expect, it } from 'vitest';
import { claimMatcherFromFile } from '../../../src/claims/load-claim-matcher.ts';
import type { TfidfClaimMatcher } from '../../../src/claims/tfidf-claim-matcher.ts';
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
// Real-looking election posts that name the people of a claim and nothing of what it says.
const NAMES_ONLY = [
  'dukung prabowo subianto sebagai presiden republik indonesia',
  'gibran cawapres pilihan rakyat, 02 menang',
  'Sudah nyoblos, semoga 02 menang satu putaran',
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

  it('does not match posts whose shared words are all ordinary election talk', async () => {
    const r = await m.match(NAMES_ONLY.map((text) => ({ text, analysed: clf.analyse(text) })));
    expect(r.slice(0, 2)).toEqual([null, null]);
    expect(r[2]?.similarity ?? 0).toBeLessThan(0.5); // "putaran" is uncommon enough to pass the gate, not to flag
    for (const c of await clf.classify(NAMES_ONLY)) expect(c.flags).not.toContain('hoax');
  });

  it('scores how specific the shared words are: names and campaign words count little', () => {
    const [asserted] = m.index.candidates('madura desa surat suara coblos 02 undang bagi').sort((a, b) => b.f.specific - a.f.specific);
    expect(asserted!.f.shared).toBe(1); // "madura" and "desa" are not ordinary election talk
    const names = m.index.candidates('dukung gibran cawapres menang pilih');
    for (const c of names) expect(c.f.shared).toBeLessThan(0.7);
  });

  it('versions the matcher by its claims and calibration', () => {
    expect(m.version).toMatch(/^tfidf-\d+\+18\.[0-9a-f]{8}$/);
  });
});
