import { describe, expect, it } from 'vitest';
import { loadElectionCalendar } from '../../../src/classify/rules/election-calendar.load.ts';
import { phaseAt, wibDay } from '../../../src/domain/election-phase.ts';
import { flagPriority } from '../../../src/domain/priority.ts';
import { zeroScores } from '../../../src/domain/labels.ts';

describe('election phase', async () => {
  const cal = await loadElectionCalendar();
  const at = (iso: string) => phaseAt(new Date(iso), cal);

  it('uses the WIB calendar day', () => {
    // 2024-02-10T18:00Z is 11 Feb 01:00 WIB: the first day of the quiet period.
    expect(wibDay(new Date('2024-02-10T18:00:00Z'))).toBe('2024-02-11');
    expect(at('2024-02-10T18:00:00Z')).toEqual({ contest: 'pilpres-2024', phase: 'quiet_period' });
    expect(at('2024-02-10T16:00:00Z')).toEqual({ contest: 'pilpres-2024', phase: 'campaign' });
  });

  it('knows each phase of the 2024 elections', () => {
    expect(at('2023-06-01T12:00:00+07:00')?.phase).toBe('pre_campaign');
    expect(at('2024-01-10T12:00:00+07:00')?.phase).toBe('campaign');
    expect(at('2024-02-14T09:00:00+07:00')?.phase).toBe('voting_day');
    expect(at('2024-03-01T09:00:00+07:00')?.phase).toBe('counting');
    expect(at('2024-11-25T09:00:00+07:00')).toEqual({ contest: 'pilkada-2024', phase: 'quiet_period' });
    expect(at('2021-01-01T00:00:00Z')).toBeNull();
  });
});

describe('flag priority', () => {
  it('weighs the quiet period and the label', () => {
    const scores = { ...zeroScores(), partisan: 0.9, abusive: 0.9 };
    const quiet = flagPriority({ scores, flags: ['partisan'], phase: 'quiet_period' });
    const campaign = flagPriority({ scores, flags: ['partisan'], phase: 'campaign' });
    const abusive = flagPriority({ scores, flags: ['abusive'], phase: 'campaign' });
    expect(quiet).toBeGreaterThan(campaign);
    expect(campaign).toBeGreaterThan(abusive);
    expect(flagPriority({ scores, flags: [], phase: 'campaign' })).toBe(0);
    expect(
      flagPriority({
        scores: { ...zeroScores(), partisan: 1 },
        flags: ['partisan', 'hate', 'hoax', 'money_politics', 'abusive'],
        phase: 'quiet_period',
      }),
    ).toBeLessThanOrEqual(100);
  });
});

describe('calendar from the lexicon', () => {
  it('adds a regional race from contests/*.yaml, with defaults for the optional dates', async () => {
    const { mkdtemp, cp, writeFile, rm } = await import('node:fs/promises');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'netra-cal-'));
    try {
      await cp('data/lexicons', dir, { recursive: true });
      await writeFile(
        path.join(dir, 'contests', 'sukamaju.yaml'),
        "id: pilkada-sukamaju-2029\nname: Pilkada Sukamaju\nkind: pilkada\nregion: Sukamaju\ndates:\n  campaignStart: '2029-09-25'\n  campaignEnd: '2029-11-23'\n  quietStart: '2029-11-24'\n  quietEnd: '2029-11-26'\n  votingDay: '2029-11-27'\nsource: test\npairs: []\n",
      );
      const cal = await loadElectionCalendar(dir);
      const c = cal.find((x) => x.id === 'pilkada-sukamaju-2029')!;
      expect(c.preCampaignStart).toBe('2029-06-27');
      expect(c.resultsFinal).toBe('2029-12-27');
      expect(phaseAt(new Date('2029-11-25T10:00:00+07:00'), cal)).toEqual({ contest: 'pilkada-sukamaju-2029', phase: 'quiet_period' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
