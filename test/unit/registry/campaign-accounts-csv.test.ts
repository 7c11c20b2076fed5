import { describe, expect, it } from 'vitest';
import { parseCampaignAccountsCsv } from '../../../src/registry/campaign-accounts-csv.ts';

const HEADER = 'contest,owner_kind,owner_name,owner_ref,platform,handle,profile_url,source,source_url,note';
const file = 'ca.csv';

describe('campaign-accounts CSV', () => {
  it('reads accounts and owner-only rows; comments and hashtags in notes are kept apart', () => {
    const r = parseCampaignAccountsCsv(
      [
        '# a comment line',
        HEADER,
        'pilkada-x-2024,pair,A - B,01,x,@Pair_AB,,KPU Kota X letter 12/2024,https://kpu.example/ca,tagar #PairAB',
        'pilkada-x-2024,party,Partai C,3,,,,KPU decision 1/2024,,',
      ].join('\n'),
      file,
    );
    expect(r.problems).toEqual([]);
    expect(r.rows).toMatchObject([
      {
        line: 3,
        contest: 'pilkada-x-2024',
        ownerKind: 'pair',
        ownerName: 'A - B',
        ownerRef: '01',
        platform: 'x',
        handle: 'pair_ab',
        profileUrl: 'https://x.com/pair_ab',
        source: 'KPU Kota X letter 12/2024',
        note: 'tagar #PairAB',
      },
      { line: 4, ownerKind: 'party', platform: null, handle: null, profileUrl: null },
    ]);
  });

  it('names file, line and field of every problem: no source, a handle without platform, a bad kind, a duplicate', () => {
    const r = parseCampaignAccountsCsv(
      [
        HEADER,
        'pilpres-2024,pair,A - B,01,x,ab,,,,',
        'pilpres-2024,pair,A - B,01,,ab,,src doc,,',
        'pilpres-2024,relawan,A - B,01,,,,src doc,,',
        'pilpres-2024,pair,A - B,01,x,ab,,src doc,ftp://x,',
        'pilpres-2024,pair,A - B,01,x,ab,,src doc,,',
        'pilpres-2024,pair,A - B,01,x,ab,,src doc,,',
      ].join('\n'),
      file,
    );
    expect(r.problems).toEqual([
      { file, line: 2, field: 'source', message: 'is required: every entry cites where it comes from' },
      { file, line: 3, field: 'platform', message: 'platform and handle go together: give both or neither' },
      { file, line: 4, field: 'owner_kind', message: '"relawan" must be one of candidate, pair, party, team' },
      { file, line: 5, field: 'source_url', message: '"ftp://x" must be an http(s) URL' },
      { file, line: 7, field: 'handle', message: 'the same entry is already on line 6' },
    ]);
  });

  it('refuses an unknown or missing column on line 1', () => {
    const r = parseCampaignAccountsCsv('contest,owner_kind,owner,source\npilpres-2024,pair,A,src', file);
    expect(r.problems).toEqual([
      { file, line: 1, field: 'owner', message: expect.stringContaining('unknown column') },
      { file, line: 1, field: 'owner_name', message: 'required column is missing' },
    ]);
  });
});
