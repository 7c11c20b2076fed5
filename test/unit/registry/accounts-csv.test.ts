import { describe, expect, it } from 'vitest';
import { parseAccountsCsv } from '../../../src/registry/accounts-csv.ts';

const header = 'nip,name,agency,position,region,province,employment_type,platform,handle,profile_url,link_source,link_confidence,tags';

describe('parseAccountsCsv', () => {
  it('parses valid rows, derives missing profile URLs and person keys', () => {
    const csv = [
      header,
      '198503122010011002,Budi Santoso,Dinas Pendidikan Kabupaten Sleman,Guru,Sleman,DI Yogyakarta,PNS,x,@BudiS,,bio menyebut jabatan,0.9,guru;pns',
      '198503122010011002,Budi Santoso,Dinas Pendidikan Kabupaten Sleman,Guru,Sleman,DI Yogyakarta,PNS,instagram,budi.s,https://www.instagram.com/budi.s/,,,',
      ',Sri Wahyuni,"Pemerintah Kota Makassar, Kecamatan Tallo",Staf,Makassar,Sulawesi Selatan,PPPK,tiktok,sriw,,laporan masyarakat,0.6,',
    ].join('\n');
    const { rows, problems } = parseAccountsCsv(csv, 'a.csv');
    expect(problems).toEqual([]);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({
      handle: 'budis',
      platform: 'x',
      profileUrl: 'https://x.com/budis',
      personKey: 'nip:198503122010011002',
      tags: ['guru', 'pns'],
      linkConfidence: 0.9,
    });
    expect(rows[1]!.personKey).toBe(rows[0]!.personKey);
    expect(rows[2]).toMatchObject({
      nip: null,
      agency: 'Pemerintah Kota Makassar, Kecamatan Tallo',
      employmentType: 'PPPK',
      profileUrl: 'https://www.tiktok.com/@sriw',
    });
    expect(rows[2]!.personKey).toBe('name:sri wahyuni@pemerintah kota makassar, kecamatan tallo');
  });

  it('reports every problem with file, line and field', () => {
    const csv = [
      header,
      '12345,Budi,Dinas A,,,,PNS,x,budi,,,,',
      ',Ani,Dinas A,,,,Honorer,myspace,ani!,,,1.5,',
      ',Ana,Dinas A,,,,,x,budi,,,abc,',
    ].join('\n');
    const { rows, problems } = parseAccountsCsv(csv, 'reg.csv');
    expect(rows).toHaveLength(0);
    const where = problems.map((p) => `${p.file}:${p.line}:${p.field}`);
    expect(where).toEqual(
      expect.arrayContaining([
        'reg.csv:2:nip',
        'reg.csv:3:employment_type',
        'reg.csv:3:platform',
        'reg.csv:3:handle',
        'reg.csv:3:link_confidence',
        'reg.csv:4:link_confidence',
      ]),
    );
    // line 4 repeats x/budi, but line 2 was rejected, so no duplicate is reported against it
    expect(problems.find((p) => p.line === 2 && p.field === 'nip')!.message).toContain('"12345"');
  });

  it('reports duplicate handles and conflicting identities', () => {
    const csv = [
      header,
      '198503122010011002,Budi,Dinas A,,,,,x,budi,,,,',
      '198503122010011002,Bambang,Dinas A,,,,,instagram,bambang,,,,',
      ',Ana,Dinas A,,,,,x,BUDI,,,,',
    ].join('\n');
    const { problems } = parseAccountsCsv(csv, 'r.csv');
    expect(problems.map((p) => `${p.line}:${p.field}`)).toEqual(['3:name', '4:handle']);
    expect(problems[1]!.message).toContain('line 2');
  });

  it('reports missing and unknown columns on line 1', () => {
    const { problems } = parseAccountsCsv('name,agency,platform,hendle\nA,B,x,c\n', 'r.csv');
    expect(problems.map((p) => `${p.line}:${p.field}`)).toEqual(['1:hendle', '1:handle']);
  });

  it('reports broken CSV with its line', () => {
    const { problems } = parseAccountsCsv(`${header}\n,"Unclosed,Dinas,,,,,x,a,,,,\n`, 'r.csv');
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/not valid CSV/);
  });
});
