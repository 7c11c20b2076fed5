import { describe, expect, it } from 'vitest';
import { parseAccountsCsv } from '../../../src/registry/accounts-csv.ts';

describe("registry: why an account is believed to be a civil servant's", () => {
  const header = 'name,agency,platform,handle,link_source,link_confidence,link_established_by,link_established_at,link_evidence_url';
  it('reads who established the link, when, and the URL showing its basis', () => {
    const { rows, problems } = parseAccountsCsv(
      `${header}\nBudi Santoso,Dinas Pendidikan,x,budi_guru,bio menyebut jabatan,0.9,Bawaslu Sleman / Sari,2024-01-15,https://x.com/budi_guru\n`,
      'r.csv',
    );
    expect(problems).toEqual([]);
    expect(rows[0]).toMatchObject({
      linkSource: 'bio menyebut jabatan',
      linkConfidence: 0.9,
      linkEstablishedBy: 'Bawaslu Sleman / Sari',
      linkEstablishedAt: '2024-01-15',
      linkEvidenceUrl: 'https://x.com/budi_guru',
    });
  });
  it('names file, line and field for a bad date or URL', () => {
    const { problems } = parseAccountsCsv(
      `${header}\nBudi Santoso,Dinas Pendidikan,x,budi_guru,bio,0.9,Sari,2024-02-30,bukan-url\n`,
      'r.csv',
    );
    expect(problems).toEqual([
      { file: 'r.csv', line: 2, field: 'link_established_at', message: '"2024-02-30" must be a date YYYY-MM-DD' },
      { file: 'r.csv', line: 2, field: 'link_evidence_url', message: '"bukan-url" must be a URL' },
    ]);
  });
});
