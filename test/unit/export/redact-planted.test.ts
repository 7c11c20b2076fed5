import { describe, expect, it } from 'vitest';
import { createRedactor, emptyCounts } from '../../../src/export/redact.ts';

/**
 * Planted identifiers: posts written the way ASN write on social media, each holding the
 * identifiers listed after it. A leak is a planted identifier still in the redacted text.
 * The registry is what netra would know of these people.
 */
const redactor = createRedactor({
  names: [
    'Sri Handayani, S.Pd.',
    'Lalu Bagus Wicaksono',
    'Drs. H. Bambang Suharto',
    'Ni Luh Putu Ayu Lestari',
    'Yohanes Kristianto',
    'Rahmawati Siregar',
    'Dewi Anggraini',
  ],
  handles: ['bu_sri_ngajar', 'bagus.wicak', 'yohanes_kris'],
  ids: ['1708867055911041508', 'acc9X77'],
  workplaces: ['SDN 1 Sukamaju', 'Dinas Pendidikan Kabupaten Bogor', 'Puskesmas Cibinong', 'Kantor Kecamatan Tanjungsari'],
  positions: ['Kepala Seksi Kurikulum', 'Pranata Komputer Ahli Muda', 'Bidan Desa'],
  keepWords: ['prabowo', 'anies', 'ganjar'],
});

const PLANTED: [string, string[]][] = [
  ['Salam dari Sri Handayani, guru honorer', ['Sri Handayani']],
  ['sri   handayani ikut kampanye', ['sri   handayani']],
  ['S r i  H a n d a y a n i dukung 02', ['S r i  H a n d a y a n i']],
  ['#SriHandayani2024 siap menangkan', ['SriHandayani']],
  ['#srihandayani pilih nomor dua', ['srihandayani']],
  ['Bu Yani hadir di posko', ['Yani']],
  ['kata Handayani kemarin', ['Handayani']],
  ['Handa yani juga ikut', ['Handa yani']],
  ['Lalu Bagus Wicaksono pasang baliho', ['Lalu Bagus Wicaksono']],
  ['Mas Bagus semangat!', ['Bagus']],
  ['wicaksono sudah coblos', ['wicaksono']],
  ['Pak Bambang Suharto ikut rapat tim', ['Bambang Suharto']],
  ['Pak Harto bagi sembako', ['Harto']],
  ['Ni Luh Putu Ayu Lestari menari di panggung paslon', ['Luh Putu Ayu Lestari']],
  ['Kak Yohanes pasang stiker', ['Yohanes']],
  ['Kristianto live di tiktok', ['Kristianto']],
  ['bareng Bu Rahmawati Siregar', ['Rahmawati Siregar']],
  ['Mbak Wati bagi kaos', ['Wati']],
  ['#DewiAnggrainiPasti menang', ['DewiAnggraini']],
  ['bersama Pak Sutrisno dan Bu Endang Susilowati', ['Sutrisno', 'Endang Susilowati']],
  ['kata Bang Togar Simanjuntak', ['Togar Simanjuntak']],
  ['dr. Andi Pratama ikut deklarasi', ['Andi Pratama']],
  ['H. Muhammad Yusuf dukung paslon', ['Muhammad Yusuf']],
  ['Mbak Rina dan Mas Joko jadi relawan', ['Rina', 'Joko']],
  ['titip salam buat bu darmi', ['darmi']],
  ['Saya guru di SDN 1 Sukamaju, pilih 01', ['SDN 1 Sukamaju']],
  ['dari SD Negeri 1 Sukamaju', ['SD Negeri 1 Sukamaju']],
  ['pegawai Dinas Pendidikan Kabupaten Bogor harus netral? ah', ['Dinas Pendidikan Kabupaten Bogor']],
  ['saya Kepala Seksi Kurikulum ikut nyoblos', ['Kepala Seksi Kurikulum']],
  ['jadi Pranata Komputer Ahli Muda di Puskesmas Cibinong', ['Pranata Komputer Ahli Muda', 'Puskesmas Cibinong']],
  ['Bidan Desa ikut kampanye di Kantor Kecamatan Tanjungsari', ['Bidan Desa', 'Kantor Kecamatan Tanjungsari']],
  ['cek linktr.ee/srihandayani ya', ['linktr.ee/srihandayani']],
  ['tonton youtu.be/dQw4w9WgXcQ', ['youtu.be/dQw4w9WgXcQ']],
  ['foto di instagr.am/p/Bx12', ['instagr.am/p/Bx12']],
  ['daftar relawan s.id/relawan02 dan bit.ly/3abcXYZ', ['s.id/relawan02', 'bit.ly/3abcXYZ']],
  ['https://www.facebook.com/bu_sri_ngajar/posts/1708867055911041508', ['facebook.com/bu_sri_ngajar', '1708867055911041508']],
  ['follow @bagus.wicak dan yohanes_kris', ['@bagus.wicak', 'yohanes_kris']],
  ['hubungi 0812-3456-7890 atau +62 813 9876 5432', ['0812-3456-7890', '+62 813 9876 5432']],
  ['email sri.handayani@gmail.com', ['sri.handayani@gmail.com']],
  ['NIP 19780514 200501 2 003 NIK 3201234567890001', ['19780514 200501 2 003', '3201234567890001']],
  ['donasi ke BCA 1234567890 a.n. Yohanes Kristianto', ['1234567890', 'Yohanes Kristianto']],
  ['no rek BRI 0123-01-045678-50-3', ['0123-01-045678-50-3']],
  ['transfer mandiri: 137 00 1234567 8', ['137 00 1234567 8']],
  ['mobil B 1234 ABC ikut konvoi', ['B 1234 ABC']],
  ['motor AB 4321 XY bawa bendera', ['AB 4321 XY']],
  ['posko di Jl. Melati No. 5 RT 03/RW 04', ['Melati No. 5', 'RT 03/RW 04']],
  ['kumpul di jalan kenanga no 12 ya', ['kenanga no 12']],
  ['Gg. Mawar 3 rumah Bu Sri', ['Mawar 3', 'Sri']],
  ['akun acc9X77 itu milik Bu Dewi', ['acc9X77', 'Dewi']],
];

/** Ordinary sentences: nothing in them may change. */
const CLEAN = [
  'lalu kami pergi ke pasar, bagus sekali acaranya',
  'indah sekali pemandangan, putri saya senang',
  'Ibu Kota Nusantara dan Bapak Ibu Guru sekalian',
  'pak lurah dan bu guru ikut senam, jalan sehat minggu',
  'Coblos 02! #AMINajaDulu 14-02-2024 pukul 10.30, Srikandi desa',
  'Prabowo, Anies, Ganjar: debat ketiga malam ini',
  'sri rejeki datang dari Tuhan, ayu tenan',
  'kepala sekolah rapat bersama guru dan bidan',
];

describe('redaction of planted identifiers', () => {
  it('plants 49 posts and 62 identifiers', () => {
    expect(PLANTED.length).toBe(49);
    expect(PLANTED.flatMap(([, ids]) => ids).length).toBe(62);
  });

  it('leaks none of them', () => {
    const leaks: string[] = [];
    for (const [post, ids] of PLANTED) {
      const out = redactor.redact(post);
      for (const id of ids) if (out.toLowerCase().includes(id.toLowerCase())) leaks.push(`${id} in ${JSON.stringify(out)}`);
    }
    expect(leaks).toEqual([]);
  });

  it('keeps every ordinary sentence as it was', () => {
    for (const t of CLEAN) expect(redactor.redact(t)).toBe(t);
  });

  it('keeps the words around the identifiers', () => {
    expect(redactor.redact('Mas Bagus semangat!')).toBe('Mas PERSON semangat!');
    expect(redactor.redact('donasi ke BCA 1234567890 a.n. Yohanes Kristianto')).toBe('donasi ke BCA ACCOUNT a.n. PERSON');
    expect(redactor.redact('posko di Jl. Melati No. 5 RT 03/RW 04')).toBe('posko di ADDRESS');
    const counts = emptyCounts();
    for (const [post] of PLANTED) redactor.redact(post, counts);
    for (const kind of [
      'person',
      'workplace',
      'position',
      'url',
      'user',
      'phone',
      'email',
      'nip',
      'nik',
      'bank',
      'plate',
      'address',
      'number',
    ] as const)
      expect(counts[kind], kind).toBeGreaterThan(0);
  });
});
