import { describe, expect, it } from 'vitest';
import { createRedactor, emptyCounts } from '../../../src/export/redact.ts';

const redactor = createRedactor({
  names: ['Sri Handayani', 'Ahmad Prabowo'],
  handles: ['bu_sri_ngajar', 'sri.handayani.sdn1'],
  ids: ['1708867055911041508', 'acc9X77'],
  keepWords: ['Prabowo'],
});

describe('redaction', () => {
  it.each([
    ['link', 'cek https://x.com/bu_sri_ngajar/status/1708867055911041508 ya', 'cek URL ya'],
    ['bare domain', 'daftar di bit.ly/abc123 atau kpu.go.id', 'daftar di URL atau URL'],
    ['email', 'kirim ke sri.h@gmail.com ya', 'kirim ke EMAIL ya'],
    ['handle', 'mantap @budi_guru dan @x.y_z!', 'mantap USER dan USER!'],
    ['NIP plain', 'NIP 197805142005012003 ok', 'NIP NIP ok'],
    ['NIP spaced', 'nip: 19780514 200501 2 003', 'nip: NIP'],
    ['NIK', 'nik 3201234567890001.', 'nik NIK.'],
    ['NIK grouped', 'nik 3201 2345 6789 0001', 'nik NIK'],
    ['phone 08', 'hubungi 0812-3456-7890 ya', 'hubungi PHONE ya'],
    ['phone +62', 'wa +62 812 3456 7890', 'wa PHONE'],
    ['phone 62', 'wa 6281234567890', 'wa PHONE'],
    ['landline', 'telp (021) 555-1234', 'telp PHONE'],
    ['long digits', 'kode 123456789012', 'kode NUMBER'],
    ['registry handle without @', 'akun bu_sri_ngajar keren', 'akun USER keren'],
    ['registry id', 'id acc9X77 saja', 'id NUMBER saja'],
    ['full name, any case', 'kata SRI  handayani tadi', 'kata PERSON tadi'],
    ['name part', 'Bu Sri hebat', 'Bu PERSON hebat'],
    ['name run together in a hashtag', 'hebat #SriHandayani2024 dan #ahmadprabowo', 'hebat #PERSON2024 dan #PERSON'],
    ['kept public name', 'dukung Prabowo, bukan Ahmad Prabowo', 'dukung Prabowo, bukan PERSON'],
  ])('%s', (_, input, expected) => {
    expect(redactor.redact(input)).toBe(expected);
  });

  it('keeps what is not an identifier: ballot numbers, hashtags, dates, words containing a name part', () => {
    const t = 'Coblos 02! #AMINajaDulu 14-02-2024 pukul 10.30, Srikandi desa';
    expect(redactor.redact(t)).toBe(t);
  });

  it('counts what it replaced', () => {
    const counts = emptyCounts();
    redactor.redact('Sri Handayani @a https://a.id 08123456789', counts);
    expect(counts).toMatchObject({ person: 1, user: 1, url: 1, phone: 1 });
  });
});

describe('redaction against the dictionary', () => {
  const r = createRedactor({
    names: ['Lalu Bagus Wicaksono', 'Indah Handayani'],
    handles: [],
    ids: [],
    workplaces: ['SDN 1 Sukamaju'],
    positions: ['Guru', 'Kepala Seksi Kurikulum'],
  });

  it('never removes a name part that is an ordinary word on its own', () => {
    expect(r.redact('lalu acaranya bagus, indah sekali, guru datang')).toBe('lalu acaranya bagus, indah sekali, guru datang');
  });

  it('removes it inside the full name or after an honorific', () => {
    expect(r.redact('Lalu Bagus Wicaksono datang')).toBe('PERSON datang');
    expect(r.redact('ada Mas Bagus dan bu indah')).toBe('ada Mas PERSON dan bu PERSON');
  });

  it('removes a name part that is not an ordinary word, and its nickname', () => {
    expect(r.redact('Wicaksono dan Handayani, juga Yani')).toBe('PERSON dan PERSON, juga PERSON');
  });

  it('removes workplaces, a one-word position only when it is not an ordinary word', () => {
    expect(r.redact('Kepala Seksi Kurikulum SD Negeri 1 Sukamaju, guru')).toBe('POSITION WORKPLACE, guru');
  });

  it('removes third-party names after honorifics, but not roles', () => {
    expect(r.redact('Pak Camat Darmawan, Bu Guru, Ibu Kota, H. Ahmad Yani, dr. Andi')).toBe(
      'Pak Camat PERSON, Bu Guru, Ibu Kota, H. PERSON, dr. PERSON',
    );
  });
});

describe('nickname', () => {
  it('is the last two syllables of a long name part', async () => {
    const { nickname } = await import('../../../src/export/redact-names.ts');
    expect([nickname('handayani'), nickname('rahmawati'), nickname('suharto'), nickname('budi')]).toEqual(['yani', 'wati', 'harto', null]);
  });
});
