import { describe, expect, it } from 'vitest';
import { engagementPriority, engagementsNotVisible } from '../../../src/domain/engagement.ts';
import { flagPriority } from '../../../src/domain/priority.ts';

describe('engagement flag priority', () => {
  it('is below the lowest original partisan post in the same phase, and rises as engagements repeat', () => {
    const zero = { partisan: 0, hate: 0, abusive: 0, hoax: 0, money_politics: 0 };
    for (const phase of [null, 'campaign', 'quiet_period'] as const) {
      const lowestPost = flagPriority({ scores: { ...zero, partisan: 0.5 }, flags: ['partisan'], phase });
      expect(engagementPriority(1, phase)).toBeLessThan(lowestPost);
    }
    expect(engagementPriority(2, 'campaign')).toBeGreaterThan(engagementPriority(1, 'campaign'));
    expect(engagementPriority(50, 'campaign')).toBeGreaterThan(engagementPriority(10, 'campaign'));
    expect(engagementPriority(10_000, null)).toBe(engagementPriority(1_000_000, null));
  });

  it('says which engagements a source cannot see', () => {
    expect(engagementsNotVisible('file')).toEqual(['follow', 'like']);
    expect(engagementsNotVisible('facebook-web')).toEqual(['reply', 'follow', 'like']);
    expect(engagementsNotVisible('instagram-web')).toEqual(['repost', 'quote', 'reply', 'follow', 'like']);
    expect(engagementsNotVisible('x-api')).not.toContain('repost');
  });
});
