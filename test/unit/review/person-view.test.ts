import { describe, expect, it } from 'vitest';
import type { PersonPageData } from '../../../src/review/person-page.ts';
import { personPage } from '../../../src/review/views/person.view.ts';

const user = {
  sessionId: 's',
  csrfToken: 'c',
  expiresAt: new Date('2030-01-01T00:00:00Z'),
  userId: 1,
  username: 'sari',
  displayName: 'Sari',
  role: 'analyst' as const,
};

const data = (o: Partial<PersonPageData> = {}): PersonPageData => ({
  person: {
    id: 7,
    name: 'Siti <i>Rahma</i>',
    nip: null,
    agency: 'Dinas Uji',
    position: null,
    region: null,
    province: null,
    employmentType: null,
    erasedAt: null,
  },
  accounts: [],
  flagCounts: {},
  timeline: { weeks: [], earlier: { own: 0, shared: 0, flags: 0 } },
  posts: { total: 0, limit: 20, offset: 0, sharedOnly: false, items: [] },
  flags: { total: 0, limit: 20, offset: 0, items: [] },
  ...o,
});

describe('the person page view', () => {
  it('has no engagements section until engagements are given (nothing is made up before they are recorded)', () => {
    const html = personPage({ lang: 'en', user, csrfToken: 'c', data: data() }).value;
    expect(html).not.toContain('id="engagements"');
    expect(html).toContain('Siti &lt;i&gt;Rahma&lt;/i&gt;');
    expect(html).toContain('No posts collected yet.');
    expect(html).not.toContain('class="pager"');
  });

  it('renders engagements when given, each with the campaign account and its post', () => {
    const html = personPage({
      lang: 'id',
      user,
      csrfToken: 'c',
      data: data({
        engagements: {
          total: 1,
          limit: 20,
          offset: 0,
          items: [
            {
              kind: 'repost',
              at: new Date('2024-02-10T03:00:00Z'),
              platform: 'x',
              handle: 'siti_guru',
              campaignAccount: { handle: 'tkn_official', name: 'TKN <Pemenangan>' },
              campaignPostUrl: 'javascript:alert(1)',
              campaignPostText: 'Ayo dukung',
              postId: 3,
              flagId: 12,
            },
          ],
        },
      }),
    }).value;
    expect(html).toContain('id="engagements"');
    expect(html).toContain('@tkn_official');
    expect(html).toContain('TKN &lt;Pemenangan&gt;');
    expect(html).toContain('href="/flags/12"');
    expect(html).not.toContain('javascript:');
    expect(
      personPage({ lang: 'id', user, csrfToken: 'c', data: data({ engagements: { total: 0, limit: 20, offset: 0, items: [] } }) }).value,
    ).toContain('Tidak ada interaksi tercatat.');
  });
});
