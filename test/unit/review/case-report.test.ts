import { describe, expect, it } from 'vitest';
import { buildCaseReport, defaultNarrative } from '../../../src/review/case-report.ts';
import { postKindName } from '../../../src/review/terms.ts';
import type { FlagDetail } from '../../../src/repositories/flag-detail.repository.ts';
import type { PledgeRules } from '../../../src/domain/pledge.ts';

/**
 * Issue 12, item 3: a share of a campaign account's post is a fact the report states
 * ("membagikan unggahan @akun"), and the campaign's words are never quoted as the civil
 * servant's own.
 */
const CAMPAIGN = 'Coblos nomor 2! Lanjutkan pembangunan #02Melanjutkan';

function detail(text: string, shared: NonNullable<FlagDetail['post']>['shared']): FlagDetail {
  return {
    flag: { id: 7, labels: ['partisan'], discovered_at: new Date('2024-01-20T03:00:00Z') },
    decisions: [],
    person: {
      name: 'Sari Dewi',
      nip: '198503122010011003',
      position: null,
      agency: 'Dinas Kesehatan Kabupaten Sleman',
      employmentType: null,
      region: null,
      province: null,
    },
    post: {
      id: 1,
      platform: 'x',
      externalId: '1757',
      handle: 'pengutip',
      url: 'https://x.com/pengutip/status/1757',
      kind: 'share',
      text,
      postedAt: new Date('2024-01-19T03:00:00Z'),
      collectedAt: new Date(),
      deletedAt: null,
      currentVersion: 1,
      contentSha256: 'abc',
      shared,
    },
    classification: { findings: [], nlpVersion: 'n', lexiconVersion: 'l', modelVersions: {} },
    account: null,
    evidence: [],
  } as unknown as FlagDetail;
}

const quote = (text: string | null): NonNullable<NonNullable<FlagDetail['post']>['shared']> => ({
  kind: 'quote',
  externalId: '77',
  url: 'https://x.com/akun_kampanye/status/77',
  authorHandle: 'akun_kampanye',
  authorName: 'Akun Kampanye',
  text,
});

describe('case report of a shared post', () => {
  it('states the share and keeps the own words apart from the quoted ones', () => {
    const n = defaultNarrative(detail('Setuju banget, ini baru pemimpin!', quote(CAMPAIGN)), null, null);
    expect(n).toContain('membagikan (mengutip) unggahan @akun_kampanye (https://x.com/akun_kampanye/status/77)');
    expect(n).toContain(`yang berbunyi: "${CAMPAIGN}"`);
    expect(n).toContain('dengan kata-kata sendiri berikut: "Setuju banget, ini baru pemimpin!"');
  });

  it('a media-only quote or a plain repost adds no own words: the campaign text is never "mengunggah ... berikut"', () => {
    for (const sh of [quote(CAMPAIGN), { ...quote(CAMPAIGN), kind: 'repost' as const }]) {
      const n = defaultNarrative(detail('', sh), null, null);
      expect(n).toContain('tanpa menambahkan kata-kata sendiri');
      expect(n).not.toMatch(/mengunggah .* berikut/);
      expect(n).toMatch(
        sh.kind === 'repost' ? /membagikan ulang \(repost\) unggahan @akun_kampanye/ : /membagikan \(mengutip\) unggahan @akun_kampanye/,
      );
    }
  });

  it('a post of its own is still "mengunggah <jenis unggahan> berikut"', () => {
    expect(defaultNarrative(detail('Rapat koordinasi.', null), null, null)).toContain(
      `mengunggah ${postKindName('id', 'share')} berikut: "Rapat koordinasi."`,
    );
  });

  it('the report carries the shared post beside the own words', () => {
    const pledge = { skb: { items: [] }, pledge: { clauses: [] } } as unknown as PledgeRules;
    const r = buildCaseReport(detail('', quote(CAMPAIGN)), { pledge, reportingUnit: 'Bawaslu Kabupaten Sleman', saved: undefined });
    expect(r.material.text).toBe('');
    expect(r.material.shared).toEqual({
      kind: 'quote',
      authorHandle: 'akun_kampanye',
      authorName: 'Akun Kampanye',
      url: 'https://x.com/akun_kampanye/status/77',
      text: CAMPAIGN,
    });
  });
});
