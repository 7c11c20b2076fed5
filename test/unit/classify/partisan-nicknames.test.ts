import { beforeAll, describe, expect, it } from 'vitest';
import { createRuleClassifier, type RuleClassifier } from '../../../src/classify/rules/index.ts';

/**
 * Issue 11: casual posts name candidates by nickname, mock them, and say "insya allah presiden";
 * voting-day posts are official information. (Sentences written for these tests.)
 */
let c: RuleClassifier;
beforeAll(async () => {
  c = await createRuleClassifier();
});

const partisan = async (text: string) => (await c.scoreBatch([text]))[0]!.results.partisan;

describe('candidate nicknames (candidate-nicknames.yaml)', () => {
  it('loads every entry with its source, date and certainty, and refers each to a pair', () => {
    const n = c.lexicons.nicknames;
    expect(n.nicknames.length).toBeGreaterThan(20);
    for (const e of n.nicknames) {
      expect(e.source.length).toBeGreaterThan(0);
      expect(e.seen).toMatch(/^\d{4}/);
      expect(typeof e.certain).toBe('boolean');
    }
    expect(n.nicknames.some((e) => !e.certain)).toBe(true);
  });

  it.each([
    ['wowo makin mantap, fix pilih dia', 'pilpres-2024/02'],
    ['om wowo presiden 2024', 'pilpres-2024/02'],
    ['insya allah presiden 2024 abah', 'pilpres-2024/01'],
    ['gemoy presidenku 💙', 'pilpres-2024/02'],
    ['pak gp paling pantas jadi presiden', 'pilpres-2024/03'],
  ])('a nickname with support names the target: %s', async (text, target) => {
    const r = c.classifyOne(text);
    expect(r.flags).toContain('partisan');
    expect(r.findings.find((f) => f.label === 'partisan')!.targets[0]!.id).toBe(target);
  });

  it('an everyday word that is also a nickname needs a political post or a stance cue', async () => {
    for (const text of ['abah saya lagi sakit, doakan ya', 'bocil main layangan di lapangan', 'anis temen sekelasku ulang tahun']) {
      const r = await partisan(text);
      expect(r.score, text).toBe(0);
      expect(r.features).toContain('ctx:none');
    }
    expect((await partisan('abah paling layak jadi presiden')).evidence.some((e) => e.rule === 'target:nickname')).toBe(true);
  });

  it('a mocking name is an attack on its target', async () => {
    const r = await partisan('prabroro ngomong apa sih');
    expect(r.evidence.map((e) => e.rule)).toContain('mocking-name:prabroro');
    expect(r.features).toContain('t:mocking-name');
  });

  it('a laughing emoji next to a name is a mockery cue', async () => {
    const r = await partisan('wowo joget lagi 🤣');
    expect(r.evidence.some((e) => e.rule?.startsWith('mock:'))).toBe(true);
    expect(r.features).toContain('n:mock');
  });

  it('the slang table leaves nicknames as written (abah is not rewritten to ayah)', () => {
    expect(c.analyse('abah slepet gabener').tokens.map((t) => t.norm)).toEqual(['abah', 'slepet', 'gabener']);
  });
});

describe('stance features (partisan-stance.ts)', () => {
  it('tell support of a named target from a report, a question and official information', async () => {
    expect((await partisan('aku dukung pak ganjar sampai menang')).features).toEqual(
      expect.arrayContaining(['t:one', 'n:support', 'v:first-person', 'c:first-person-support']),
    );
    expect((await partisan('Menurut pengamat, Prabowo unggul di survei terbaru')).features).toEqual(
      expect.arrayContaining(['v:news', 'c:news-target']),
    );
    expect((await partisan('programnya pak anies soal guru apa ya?')).features).toEqual(
      expect.arrayContaining(['v:question', 'v:ends-question', 'c:question-target']),
    );
    expect((await partisan('RT [RE detikcom] Gibran hadiri acara di Solo')).features).toEqual(
      expect.arrayContaining(['v:outlet', 'v:rt-outlet']),
    );
  });

  it('a voting-day post is official information, not partisan', async () => {
    for (const text of ['sudah nyoblos, jari ungu 💜 semoga lancar', 'Selesai mencoblos di TPS 05, tinta ungu masih nempel']) {
      const r = c.classifyOne(text);
      expect(r.flags).not.toContain('partisan');
      expect((await partisan(text)).features).toContain('v:official');
    }
  });

  it('name several targets and the headline shape', async () => {
    const f = (await partisan('Anies Dan Ganjar Kompak Kritik Program Lumbung Pangan Nasional')).features!;
    expect(f).toEqual(expect.arrayContaining(['t:several', 'v:headline']));
  });
});

describe('numbers that are not ballot numbers', () => {
  it.each(['Sudah nyoblos Pilkada di TPS 03, lanjut masak opor', 'rapat warga RT 02 soal pemilu besok', 'dapil 1 rame banget kampanyenya'])(
    'a polling station, neighbourhood or district number names no pair: %s',
    (text) => {
      const f = c.classifyOne(text).findings.find((x) => x.label === 'partisan');
      expect(f?.targets ?? []).toEqual([]);
    },
  );

  it('a ballot number beside a polling-station number still names its pair', () => {
    const f = c.classifyOne('besok coblos 03 ya, jangan lupa datang ke TPS 05').findings.find((x) => x.label === 'partisan');
    expect(f!.targets.map((t) => t.id)).toEqual(['pilpres-2024/03']);
  });
});
