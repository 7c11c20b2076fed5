import { describe, expect, it } from 'vitest';
import { createRuleClassifier } from '../../../src/classify/rules/index.ts';
import { regionAliases } from '../../../src/classify/rules/rule-index.ts';
import { contestFilesIn } from '../../../src/classify/rules/election-calendar.load.ts';

describe('regional races added by a pipeline', async () => {
  const withDemo = await createRuleClassifier({ extraContestFiles: await contestFilesIn(['data/demo/contests']) });
  const shipped = await createRuleClassifier();

  it('derives how posts name a region', () => {
    expect(regionAliases('Kabupaten Tapian Raya, Sumatera Utara')).toEqual(['kabupaten tapian raya', 'tapian raya']);
    expect(regionAliases('Kota Rejoagung')).toEqual(['kota rejoagung', 'rejoagung']);
    expect(regionAliases('Indonesia')).toEqual(['indonesia']);
  });

  it('reads a bare ballot number as the race whose region the post names', () => {
    const text = 'Warga Tapian Raya, ingat 27 November jangan pilih nomor 2!';
    const r = withDemo.classifyOne(text);
    expect(r.flags).toContain('partisan');
    expect(r.findings[0]!.targets.map((t) => t.id)).toEqual(['pilkada-tapianraya-2024/02']);
    // Without the race the same number falls back to the presidential contest.
    expect(shipped.classifyOne(text).findings[0]?.targets.map((t) => t.id)).toEqual(['pilpres-2024/02']);
  });

  it('keeps presidential numbers when no regional race is named', () => {
    expect(withDemo.classifyOne('Besok coblos 02 ya gaes #02Melanjutkan').findings[0]!.targets.map((t) => t.id)).toEqual([
      'pilpres-2024/02',
    ]);
  });

  it('changes the classifier version when races are added', () => {
    expect(withDemo.versions.key).not.toBe(shipped.versions.key);
  });
});
