import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRuleLexicons } from '../../../src/classify/rules/lexicon.load.ts';

const REPO = path.resolve(import.meta.dirname, '../../..');

/** A copy of the shipped lexicons and rules, with one file rewritten. */
function copy(edit?: { dir: 'lexicons' | 'rules'; file: string; change: (s: string) => string }): { lex: string; rules: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'netra-rules-'));
  const lex = path.join(root, 'lexicons');
  const rules = path.join(root, 'rules');
  cpSync(path.join(REPO, 'data', 'lexicons'), lex, { recursive: true });
  cpSync(path.join(REPO, 'data', 'rules'), rules, { recursive: true });
  if (edit) {
    const f = path.join(edit.dir === 'lexicons' ? lex : rules, edit.file);
    writeFileSync(f, edit.change(readFileSync(f, 'utf8')));
  }
  return { lex, rules };
}

describe('loadRuleLexicons', () => {
  it('loads the shipped lexicons with a version that hashes their content', async () => {
    const a = await loadRuleLexicons(path.join(REPO, 'data', 'lexicons'), path.join(REPO, 'data', 'rules'));
    expect(a.version).toMatch(/^2024\.\d+\+[0-9a-f]{8}$/);
    expect(a.election.contests[0]!.pairs.map((p) => p.id)).toEqual(['pilpres-2024/01', 'pilpres-2024/02', 'pilpres-2024/03']);
    expect(a.pledge.skb.items.find((i) => i.number === 8)!.level).toBe('berat_atau_sedang');
    const { lex, rules } = copy({
      dir: 'lexicons',
      file: 'money-politics.yaml',
      change: (s) => s.replace('weight: 0.8, source: E24 }', 'weight: 0.81, source: E24 }'),
    });
    expect((await loadRuleLexicons(lex, rules)).version).not.toBe(a.version);
  });

  it('names the file, line and field of a bad value', async () => {
    const { lex, rules } = copy({
      dir: 'lexicons',
      file: 'money-politics.yaml',
      change: (s) => s.replace('text: serangan fajar, weight: 0.8', 'text: serangan fajar, weight: 8'),
    });
    await expect(loadRuleLexicons(lex, rules)).rejects.toThrow(/money-politics\.yaml:\d+: field "offers\.0\.weight"/);
  });

  it('rejects a misspelt key', async () => {
    const { lex, rules } = copy({ dir: 'lexicons', file: 'hate-targets.yaml', change: (s) => s.replace('hostile:', 'hostil:') });
    await expect(loadRuleLexicons(lex, rules)).rejects.toThrow(/hate-targets\.yaml:\d+: field "(hostile|\(document\))"/);
  });

  it('names the field of a bad rule file', async () => {
    const { lex, rules } = copy({ dir: 'rules', file: 'thresholds.yaml', change: (s) => s.replace('hoax: 0.5', 'hoax: high') });
    await expect(loadRuleLexicons(lex, rules)).rejects.toThrow(/thresholds\.yaml:\d+: field "thresholds\.hoax"/);
  });

  it('loads operator contests from contests/*.yaml and checks ids across files', async () => {
    const { lex, rules } = copy();
    const contest = `id: pilkada-sukamaju-2024
name: Pilkada Kabupaten Sukamaju 2024
kind: pilkada
region: Kabupaten Sukamaju
dates: { campaignStart: '2024-09-25', campaignEnd: '2024-11-23', quietStart: '2024-11-24', quietEnd: '2024-11-26', votingDay: '2024-11-27' }
source: KPU Kabupaten Sukamaju
pairs:
  - number: 1
    id: pilkada-sukamaju-2024/01
    name: Rusa - Kancil
    candidates: [{ id: candidate/rusa, name: Rusa, aliases: [bupati rusa] }]
    source: KPU Kabupaten Sukamaju
`;
    writeFileSync(path.join(lex, 'contests', 'sukamaju.yaml'), contest);
    const l = await loadRuleLexicons(lex, rules);
    expect(l.election.contests.map((c) => c.id)).toEqual(['pilpres-2024', 'pilkada-2024', 'pilkada-sukamaju-2024']);
    writeFileSync(path.join(lex, 'contests', 'twice.yaml'), contest);
    await expect(loadRuleLexicons(lex, rules)).rejects.toThrow(/contest id "pilkada-sukamaju-2024" is defined twice/);
    writeFileSync(path.join(lex, 'contests', 'twice.yaml'), contest.replace('kind: pilkada', 'kind: pilgub'));
    await expect(loadRuleLexicons(lex, rules)).rejects.toThrow(/twice\.yaml:3: field "kind"/);
  });

  it('names the line and field of a bad abusive.tsv row', async () => {
    const { lex, rules } = copy({ dir: 'lexicons', file: 'abusive.tsv', change: (s) => s.replace(/\nanjing\t0\.8\t/, '\nanjing\tvery\t') });
    await expect(loadRuleLexicons(lex, rules)).rejects.toThrow(/abusive\.tsv:\d+: field "weight"/);
  });
});
