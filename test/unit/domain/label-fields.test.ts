import { describe, expect, it } from 'vitest';
import { checkLabelFields } from '../../../src/domain/label-fields.ts';

const row = (target: string | null) => ({
  labels: ['partisan'], target, uncertain: false, note: '', partisan_kind: 'attack', hate_target: null, abusive_has_target: null,
});

describe('partisan target ids (GUIDE.md §1)', () => {
  it('accept the listed races, real past Pilkada races and the 2014 presidential race', () => {
    for (const t of ['pilpres-2024/02', 'pilpres-2019/01', 'pilpres-2014/01', 'pilkada-dki-2017/ahok-djarot', 'pilkada-jatim-2018/gusipul-puti', 'party/pks']) {
      expect(checkLabelFields(row(t), { required: true })).toHaveProperty('fields');
    }
  });

  it('reject a ballot number the race never had, naming the field', () => {
    for (const t of ['pilpres-2014/03', 'pilpres-2019/03', 'pilpres-2009/01']) {
      expect(checkLabelFields(row(t), { required: true })).toMatchObject({ problem: { field: 'target' } });
    }
  });
});
