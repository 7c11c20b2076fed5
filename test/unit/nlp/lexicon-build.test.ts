import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildLexicons } from '../../../src/nlp/lexicon-build.ts';
import { buildAbusive } from '../../../src/nlp/lexicon-build/abusive-build.ts';
import { buildEmoji } from '../../../src/nlp/lexicon-build/emoji-build.ts';
import { buildSlang } from '../../../src/nlp/lexicon-build/slang-build.ts';
import { buildVocab } from '../../../src/nlp/lexicon-build/vocab-build.ts';
import { RULE_LEXICON_FILES } from '../../../src/nlp/lexicon-build/protected-words.ts';
import type { SlangPair } from '../../../src/nlp/lexicon-build/shared-sources.ts';
import { loadNlpResources } from '../../../src/nlp/resources.ts';

const REPO = path.resolve(import.meta.dirname, '../../..');
const SHARED = path.resolve(REPO, '..', 'shared');

const pair = (slang: string, standard: string, source: SlangPair['source']): SlangPair => ({ slang, standard, source });

describe('buildSlang', () => {
  const base = {
    protectedWords: new Set(['goblok', 'tps', 'gak']),
    rootWords: new Set(['buaya', 'tidak']),
    functionWords: new Set(['tidak', 'saja']),
    alwaysProtected: new Set(['goblok']),
  };

  it('takes the standard form most sources give, ties by source priority', () => {
    const r = buildSlang(
      [pair('gw', 'gue', 'kamusalay'), pair('gw', 'saya', 'indocollex'), pair('gw', 'gue', 'colloquial'), pair('yg', 'yang', 'kamusalay')],
      base,
    );
    expect(r.entries.find((e) => e.slang === 'gw')).toMatchObject({
      standard: 'gue',
      sources: ['kamusalay', 'colloquial'],
      alternatives: ['saya'],
    });
    const tie = buildSlang([pair('lu', 'kamu', 'louisowen6'), pair('lu', 'elu', 'kamusalay')], base);
    expect(tie.entries[0]!.standard).toBe('elu');
  });

  it('drops identities, odd keys, garbage targets, acronym expansions and protected words', () => {
    const r = buildSlang(
      [
        pair('amin', 'amin', 'kamusalay'),
        pair('au ah', 'tidak tahu', 'louisowen6'),
        pair('1007mb', '1007 mb', 'indocollex'),
        pair('xx', 'satu dua tiga empat', 'kamusalay'),
        pair('kpu', 'komisi pemilihan umum', 'kamusalay'),
        pair('goblok', 'bodoh', 'louisowen6'),
        pair('tps', 'tempat pemungutan suara', 'kamusalay'),
      ],
      base,
    );
    expect(r.entries).toEqual([]);
    expect(r.dropped).toMatchObject({ identity: 1, 'bad-key': 2, 'bad-target': 1, acronym: 1, protected: 2 });
  });

  it('lets a protected word become a function word, but never an abusive one', () => {
    const r = buildSlang([pair('gak', 'tidak', 'kamusalay')], base);
    expect(r.entries[0]).toMatchObject({ slang: 'gak', standard: 'tidak' });
    const r2 = buildSlang([pair('goblok', 'tidak', 'kamusalay')], base);
    expect(r2.entries).toEqual([]);
  });

  it('does not let one source rewrite a standard word into something else', () => {
    const r = buildSlang([pair('buaya', 'tidak setia', 'louisowen6')], base);
    expect(r.entries).toEqual([]);
    expect(r.dropped['standard-word']).toBe(1);
  });

  it('follows one-word chains', () => {
    const r = buildSlang([pair('gw', 'gue', 'kamusalay'), pair('gue', 'saya', 'kamusalay')], base);
    expect(r.entries.find((e) => e.slang === 'gw')!.standard).toBe('saya');
  });
});

describe('buildVocab', () => {
  it('keeps dictionary words and frequent corpus words, not elongated or glued ones', () => {
    const counts = new Map([
      ['banget', 50],
      ['bangeet', 9],
      ['ganjar', 300],
      ['mahfud', 200],
      ['ganjarmahfud', 12],
      ['wkwkwk', 30],
      ['rebound', 8],
      ['jarang', 2],
    ]);
    const v = buildVocab({
      rootWords: ['banget'],
      stopwords: ['yang'],
      slangTargets: [],
      ruleWords: ['ganjar', 'mahfud'],
      abusiveWords: ['cacat otak'],
      counts,
    });
    const words = v.map((r) => r.word);
    expect(words).toEqual(['banget', 'cacat', 'ganjar', 'mahfud', 'otak', 'rebound', 'yang']);
    expect(v.find((r) => r.word === 'ganjar')).toEqual({ word: 'ganjar', count: 300, sources: ['rule-lexicon'] });
  });
});

describe('buildAbusive and buildEmoji', () => {
  it('refuses an abusive word without a curated weight', () => {
    expect(buildAbusive(['anjing', 'kata-baru']).uncurated).toEqual(['kata-baru']);
    const rows = buildAbusive(['anjing', 'asing']).rows;
    expect(rows.find((r) => r.word === 'anjing')).toMatchObject({ source: 'ibrohim2019', category: 'profanity' });
    expect(rows.find((r) => r.word === 'asing')).toMatchObject({ weight: 0, category: 'topic' });
    expect(rows.find((r) => r.word === 'bloon')).toMatchObject({ source: 'netra' });
  });

  it('checks that every emoji of the source file has a gloss, and the mojibake repair against it', () => {
    const ok = buildEmoji([
      ['ðŸ˜‚', '😂'],
      ['ðŸ‘‰', '😊☺'],
    ]);
    expect(ok.missing).toEqual([]);
    expect(ok.repairAgrees).toBe(1); // the second pair of the file is wrong; netra's repair says 👉
    expect(buildEmoji([['x', '🦩']]).missing).toEqual(['🦩']);
  });
});

function toyShared(): { shared: string; out: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'netra-lex-'));
  const lex = path.join(root, 'shared', 'lexicons');
  const data = path.join(root, 'shared', 'datasets');
  mkdirSync(lex, { recursive: true });
  mkdirSync(data, { recursive: true });
  writeFileSync(path.join(lex, 'ibrohim-kamusalay.csv'), 'gw,gue\ngue,saya\ngoblok,bodoh\nyg,yang\n');
  writeFileSync(
    path.join(lex, 'colloquial-indonesian-lexicon.csv'),
    'slang,formal,In-dictionary,context,category1,category2,category3\nbgt,banget,1,x,abreviasi,0,0\n',
  );
  writeFileSync(path.join(lex, 'indocollex-informal-formal.tsv'), 'informal\tformal\ngak\ttidak\nkatanya\tsaya dengar\nktnya\tkatanya\n');
  writeFileSync(path.join(lex, 'slang-louisowen6.json.txt'), '{"tps": "tempat pemungutan suara", "bgt": "banget"}');
  writeFileSync(path.join(lex, 'stopwords-iso-id.txt'), 'yang\ntidak\nsaya\n');
  writeFileSync(path.join(lex, 'ibrohim-abusive-words.csv'), 'ABUSIVE\nanjing\ngoblok\n');
  writeFileSync(path.join(lex, 'emoji-id.json'), JSON.stringify({ 'ðŸ˜‚': '😂' }));
  writeFileSync(
    path.join(data, 'posts.csv'),
    'text\n"Dukung Prabowo bangeeet, #GanjarMahfud lanjut"\n"ganjar ganjar ganjar ganjar ganjar mahfud"\n',
  );
  const out = path.join(root, 'repo', 'data', 'lexicons');
  mkdirSync(out, { recursive: true });
  for (const f of RULE_LEXICON_FILES) cpSync(path.join(REPO, 'data', 'lexicons', f), path.join(out, f));
  return { shared: path.join(root, 'shared'), out };
}

describe('buildLexicons', () => {
  it('writes the four derived files deterministically, with sources, protecting rule words', async () => {
    const { shared, out } = toyShared();
    const corpusFiles = [{ file: 'posts.csv', columns: ['text'] }];
    const r = await buildLexicons({ sharedDir: shared, outDir: out, corpusFiles });
    expect(r.files.map((f) => path.basename(f))).toEqual(['slang-id.tsv', 'vocab-id.tsv', 'abusive.tsv', 'emoji-id.tsv']);
    const first = r.files.map((f) => readFileSync(f, 'utf8'));
    await buildLexicons({ sharedDir: shared, outDir: out, corpusFiles });
    expect(r.files.map((f) => readFileSync(f, 'utf8'))).toEqual(first);

    const res = loadNlpResources(out);
    expect(res.slang.get('yg')).toEqual(['yang']);
    expect(res.slang.get('gw')).toEqual(['gue']); // the chain stops at a Sastrawi root word
    expect(res.slang.get('gak')).toEqual(['tidak']);
    expect(res.slang.has('goblok')).toBe(false); // abusive: protected
    expect(res.slang.has('tps')).toBe(false); // acronym / rule word: protected
    expect(res.slang.has('katanya')).toBe(false); // hearsay marker: protected whatever the YAML lexicons hold
    expect(res.slang.get('ktnya')).toEqual(['katanya']);
    expect(first[0]).toContain('kamusalay = ../shared/lexicons/ibrohim-kamusalay.csv');
    expect(res.vocab.get('ganjar')).toBe(6);
  });

  it('names the file when a source is missing', async () => {
    const { shared, out } = toyShared();
    await expect(buildLexicons({ sharedDir: path.join(shared, 'nope'), outDir: out })).rejects.toThrow(
      /nope\/lexicons\/ibrohim-abusive-words\.csv/,
    );
  });

  it.skipIf(!existsSync(path.join(SHARED, 'lexicons')))(
    'the shipped derived files are what the build makes from ../shared',
    async () => {
      const out = path.join(mkdtempSync(path.join(tmpdir(), 'netra-lex-real-')), 'lexicons');
      mkdirSync(out);
      cpSync(path.join(REPO, 'data', 'lexicons'), out, { recursive: true });
      const r = await buildLexicons({ sharedDir: SHARED, outDir: out, labelledDir: path.join(REPO, 'data', 'labelled') });
      for (const f of r.files)
        expect(readFileSync(f, 'utf8'), `${path.basename(f)} is stale: run netra lexicons build`).toBe(
          readFileSync(path.join(REPO, 'data', 'lexicons', path.basename(f)), 'utf8'),
        );
    },
    60_000,
  );
});
