import { describe, expect, it } from 'vitest';
import { POST_KINDS } from '../../../src/domain/raw-post.ts';
import { DECISION_KINDS } from '../../../src/domain/decisions.ts';
import { FLAG_STATUSES } from '../../../src/domain/statuses.ts';
import { ELECTION_PHASES } from '../../../src/domain/election-phase.ts';
import { loadPledge } from '../../../src/review/app.ts';
import { legalBasisIndonesian } from '../../../src/review/legal-basis.ts';
import { KNOWN_TERMS } from '../../../src/review/terms.ts';

describe('the names the app shows for codes', () => {
  it('has Bahasa Indonesia and English for every status, decision, phase, post kind and capture method netra writes', () => {
    const need: [Record<'id' | 'en', Record<string, string>>, readonly string[]][] = [
      [KNOWN_TERMS.STATUS, FLAG_STATUSES],
      [KNOWN_TERMS.DECISION, DECISION_KINDS],
      [KNOWN_TERMS.PHASE, ELECTION_PHASES],
      [KNOWN_TERMS.POST_KIND, POST_KINDS],
      [KNOWN_TERMS.EVIDENCE_KIND, ['screenshot', 'page-mhtml', 'removal-page']],
      [KNOWN_TERMS.CAPTURE_METHOD, ['collection', 'flagged', 'manual', 'collected-record']],
    ];
    for (const [table, codes] of need)
      for (const c of codes) {
        expect(table.id[c], `id ${c}`).toBeTruthy();
        expect(table.en[c], `en ${c}`).toBeTruthy();
      }
  });

  it('writes every legal basis of the shipped rules in Bahasa Indonesia', async () => {
    const pledge = await loadPledge();
    const bases = Object.values(pledge.labels as Record<string, { legalBasis: string }>).map((l) => l.legalBasis);
    expect(bases.length).toBe(5);
    for (const b of bases) expect(legalBasisIndonesian(b), b).not.toMatch(/\b(art|and|now|no)\b\.?|as amended/);
    expect(legalBasisIndonesian('UU 7/2017 art. 280(1)(j) and 523')).toBe('UU 7/2017 pasal 280 ayat (1) huruf j dan pasal 523');
  });
});
