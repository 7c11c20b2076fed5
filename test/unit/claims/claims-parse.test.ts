import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { circulatedPart, claimStems, titleStemsOf } from '../../../src/claims/claim-text.ts';
import { analyse } from '../../../src/nlp/analyse.ts';
import { detectClaimFormat, mafindoDate, parseClaims } from '../../../src/claims/claims-parse.ts';

const read = (f: string) => readFileSync(f, 'utf8');

describe('claims files', () => {
  it('reads a TurnBackHoax CSV; an empty claim text falls back to the title', () => {
    const f = 'test/fixtures/claims/small-tbh.csv';
    const r = parseClaims(read(f), f, 'turnbackhoax');
    expect(r.problems).toEqual([]);
    expect(r.claims.map((c) => `${c.source}:${c.sourceId}`)).toEqual(['turnbackhoax:101', 'turnbackhoax:102', 'turnbackhoax:103']);
    expect(r.claims[1]!.claimText).toBe('Surat Suara Sudah Tercoblos di Desa X');
    expect(r.claims[2]!.category).toBe('scam');
  });

  it('names file, line and field of every bad row, duplicates included', () => {
    const f = 'test/fixtures/claims/broken-tbh.csv';
    const r = parseClaims(read(f), f, 'turnbackhoax');
    expect(r.problems.map((p) => `${p.line}:${p.field}`)).toEqual(['3:id', '4:title', '5:id']);
    expect(r.problems[2]!.message).toContain('already appears on line 2');
    expect(r.problems.every((p) => p.file === f)).toBe(true);
  });

  it('reports a missing required column on line 1', () => {
    const r = parseClaims('id,judul\n1,x\n', 'x.csv', 'turnbackhoax');
    expect(r.problems.map((p) => p.field)).toEqual(['title', 'claim_text']);
  });

  it('checks JSON Lines fields: source, URL, date, JSON itself', () => {
    const content = [
      '{"source":"netra","source_id":"a","title":"Satu","debunk_url":"https://cekfakta.example/a","published_on":"2024-02-10"}',
      '{"source":"Bad Source","source_id":"b","title":"Dua"}',
      '{"source":"netra","source_id":"c","title":"Tiga","debunk_url":"not a url"}',
      '{"source":"netra","source_id":"d","title":"Empat","published_on":"2024-02-30"}',
      '{not json',
      '',
      '{"source":"netra","source_id":5,"title":"Lima"}',
    ].join('\n');
    const r = parseClaims(content, 'c.jsonl', 'jsonl');
    expect(r.claims.map((c) => c.sourceId)).toEqual(['a', '5']);
    expect(r.claims[0]!.publishedOn).toBe('2024-02-10');
    expect(r.problems.map((p) => `${p.line}:${p.field ?? '-'}`)).toEqual(['2:source', '3:debunk_url', '4:published_on', '5:-']);
  });

  it('JSONL rows without a source take --source', () => {
    const r = parseClaims('{"source_id":"x","title":"T"}\n', 'c.jsonl', 'jsonl', { source: 'cekfakta' });
    expect(r.claims[0]!.source).toBe('cekfakta');
    expect(parseClaims('{"source_id":"x","title":"T"}\n', 'c.jsonl', 'jsonl').problems[0]!.field).toBe('source');
  });

  it('reads Mafindo rows: FAKE are claims, REAL are skipped, dates become YYYY-MM-DD', () => {
    const content =
      'ID,label,tanggal,judul,text,nama file gambar\n7,FAKE,17-Aug-20,Judul palsu,teks palsu,7.jpg\n8,REAL,1-Jan-19,Judul benar,teks,8.jpg\n9,MAYBE,1-Jan-19,x,y,9.jpg\n10,FAKE,31-Feb-20,x,y,\n';
    const r = parseClaims(content, 'm.csv', 'mafindo');
    expect(r.claims).toHaveLength(1);
    expect(r.claims[0]).toMatchObject({ source: 'mafindo', sourceId: '7', title: 'Judul palsu', publishedOn: '2020-08-17' });
    expect(r.skipped).toBe(1);
    expect(r.problems.map((p) => `${p.line}:${p.field}`)).toEqual(['4:label', '5:tanggal']);
    expect(mafindoDate('5-Mei-2019')).toBe('2019-05-05');
  });

  it('detects the format from the name and header', () => {
    expect(detectClaimFormat('a.jsonl', '')).toBe('jsonl');
    expect(detectClaimFormat('a.csv', 'id,title,claim_text,category\n')).toBe('turnbackhoax');
    expect(detectClaimFormat('a.csv', 'ID,label,tanggal,judul,text\n')).toBe('mafindo');
    expect(detectClaimFormat('a.csv', 'x,y\n')).toBeNull();
  });

  it('matches on the circulated text, never on the explanation a fact-check appended', () => {
    expect(circulatedPart('Klaim viral! = = = Penjelasan: tidak benar')).toBe('Klaim viral!');
    expect(circulatedPart('Teks. PENJELASAN: salah')).toBe('Teks.');
    expect(claimStems('Surat Suara Dicoblos', 'Surat Suara Dicoblos', analyse)).toBe('surat suara coblos');
    const n = claimStems('Surat Suara Dicoblos', 'Sudah dicoblos semua!! ===== PENJELASAN: hoaks, tidak benar', analyse);
    expect(n).toBe('surat suara coblos | sudah coblos semua');
    expect(titleStemsOf(n)).toBe('surat suara coblos');
  });
});
