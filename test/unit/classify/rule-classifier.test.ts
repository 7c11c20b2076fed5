import { beforeAll, describe, expect, it } from 'vitest';
import { createRuleClassifier, type RuleClassifier } from '../../../src/classify/rules/index.ts';
import type { ClaimMatcher } from '../../../src/claims/claim-matcher.ts';
import { NLP_VERSION } from '../../../src/nlp/version.ts';

let c: RuleClassifier;
beforeAll(async () => {
  c = await createRuleClassifier();
});

const flags = (text: string) => c.classifyOne(text).flags;

describe('partisan (labels.md)', () => {
  it.each([
    ['Udah fix ya gaes, 14 Feb coblos nomor 2 😎', 'pilpres-2024/02'],
    ['Pemimpin yang beneran kerja itu cuma Pak Ganjar. #Coblos3', 'pilpres-2024/03'],
    ['AMIN aja dulu!', 'pilpres-2024/01'],
    ['menangkan AMIN 14 februari', 'pilpres-2024/01'],
    ['salam 3 jari!', 'pilpres-2024/03'],
    ['Jangan golput, pilih capres no 3', 'pilpres-2024/03'],
    ['Gak usah pilih yang suka janji doang, ingat rekam jejak 02 😏', 'pilpres-2024/02'],
    ['#AsalBukanPrabowo', 'pilpres-2024/02'],
    ['anies presiden 2024', 'pilpres-2024/01'],
    ['Aku sih tim gemoy ✌️', 'pilpres-2024/02'],
    ['dukung terus mas gibran, lanjutkan!', 'pilpres-2024/02'],
  ])('YES: %s', (text, target) => {
    const r = c.classifyOne(text);
    expect(r.flags).toContain('partisan');
    expect(r.findings.find((f) => f.label === 'partisan')!.targets[0]!.id).toBe(target);
  });

  it.each([
    'Anies Baswedan Serius Pelototi Biaya Mahal Tiket Pesawat',
    'KPU tetapkan nomor urut capres-cawapres: 01 Anies-Muhaimin, 02 Prabowo-Gibran, 03 Ganjar-Mahfud.',
    'Prabowo Subianto menghadiri rapat terbatas di Istana soal alutsista.',
    'Ayo ke TPS tanggal 14, suaramu menentukan!',
    'ASN harus netral, jangan ikut-ikutan kampanye di medsos.',
    'Harga beras naik terus, pemerintah ke mana?',
    'Liburan ke Dieng bareng bocil ✌️✌️',
    'juara 1 lomba ☝️',
    'semoga lancar, amin',
    'semoga sehat selalu pak, AAMIIN',
    'Semoga pemilu berjalan jujur dan adil. Siapapun yang menang, itu pilihan rakyat. Aamiin.',
    'Tolak politik uang!',
    'anaknya gemoy banget',
  ])('NO: %s', (text) => {
    expect(flags(text)).not.toContain('partisan');
  });

  it('a neutral headline is NO, the same headline with a campaign hashtag is YES', () => {
    const head = 'Anies Baswedan Serius Pelototi Biaya Mahal Tiket Pesawat';
    expect(flags(head)).not.toContain('partisan');
    const r = c.classifyOne(`${head} #AMINajaDulu`);
    expect(r.flags).toContain('partisan');
    const tag = r.evidence.find((e) => e.rule === 'hashtag:aminajadulu')!;
    expect(tag.text).toBe('#AMINajaDulu');
    expect(tag.target?.id).toBe('pilpres-2024/01');
  });

  it('a V sign needs political context', () => {
    expect(flags('foto bareng geng ✌️')).not.toContain('partisan');
    expect(flags('salam ✌️ untuk Prabowo Gibran, coblos 14 februari')).toContain('partisan');
  });
});

describe('money_politics', () => {
  it('flags offers and handouts for votes', () => {
    expect(flags('pilih nomor 2 dapat 100 ribu, lumayan')).toContain('money_politics');
    expect(flags('besok subuh ada serangan fajar dari tim sukses, siapkan amplop')).toContain('money_politics');
    expect(flags('wani piro? coblos 01 dapat amplop')).toContain('money_politics');
  });
  it('does not flag condemnation, negation or reports', () => {
    expect(flags('Tolak politik uang!')).not.toContain('money_politics');
    expect(flags('Tolak serangan fajar!')).not.toContain('money_politics');
    expect(flags('Laporkan ke Bawaslu kalau ada yang bagi-bagi amplop')).not.toContain('money_politics');
    expect(flags('Jumat berkah bagi-bagi takjil di masjid')).not.toContain('money_politics');
    expect(flags('Jumat berkah, bagi-bagi sembako untuk warga sekitar')).not.toContain('money_politics');
    expect(flags('Relawan Prabowo bagi-bagi sembako ke warga, jangan lupa coblos 02')).toContain('money_politics');
  });

  // Lexicon 2024.5: collection, conditions, vote selling, paid rallies, politicised bansos.
  it.each([
    [
      'collecting a handout ("belum kebagian" is not a refusal)',
      'warga yg belum kebagian duit dari timses, besok pagi ambil di rumah pak RT ya',
    ],
    ['a handout "from" a campaign side, no verb', 'paket sembako dari relawan paslon 3 udah nyampe di balai warga'],
    ['paid rally attendance', 'yang ikut kampanye akbar caleg kita minggu depan dapet uang bensin 30rb + nasi bungkus'],
    ['an item on condition of the vote', 'uang rokok 20rb tiap orang, syaratnya besok nyoblos nomor 4'],
    ['vote selling to the highest bidder', 'suara satu kampung kami buat yang bayar paling mahal, caleg mana berani?'],
    ['serfaj (short for serangan fajar)', 'nunggu serfaj dulu baru berangkat ke tps 😁'],
    ['bansos as a gift to repay with the vote', 'ini bantuan sosial dari pak bupati, nanti di bilik suara balas budi ya'],
    ['"jangan lupa" does not negate', 'jangan lupa ambil amplop di posko pemenangan, pilih nomor 5'],
    ['Javanese paid rally', 'sesuk melu rapat umum oleh sangu 50 ewu'],
  ])('YES: %s', (_what, text) => {
    expect(flags(text)).toContain('money_politics');
  });

  it.each([
    ['poll-worker pay', 'Petugas KPPS dapat honor 1 juta, linmas dapat uang makan dari KPU'],
    ['civil-servant allowance', 'uang harian perjalanan dinas sudah dikasih bendahara, 350 ribu per hari'],
    ['campaign merchandise alone', 'saya bikin kaos caleg sendiri buat dibagi ke tetangga'],
    ['a singer\'s "suara"', 'jual suara merdu, terima panggilan nyanyi di nikahan, bayar seikhlasnya'],
    ['research on vote buying', 'survei: praktik jual beli suara masih marak menjelang pemilu'],
    ['figurative "serangan fajar"', 'serangan fajar versi emak-emak: bangunin anak jam 5 buat sekolah'],
    ['mocking dismissal', 'kapan lagi bagi2 duit dari caleg? preet'],
    ['a giveaway with a phone number', 'giveaway hadiah spesial akhir tahun, kirim ke nomor WA admin'],
    ['condemning a collection point', 'Kalau ada yang suruh ambil amplop dari timses, tolak dan laporkan ke Bawaslu'],
    ['a crowd size is not an amount of money', 'kampanye akbar capres kemarin dihadiri 50 ribu orang, semua dapat tempat'],
    ['a programme pledge', 'kalau menang pilpres, katanya sembako bakal digratiskan buat rakyat kecil'],
    ['corruption talk', 'caleg lama itu jago ambil uang rakyat, mending pilih yang baru'],
    ['a political debt', 'presiden terpilih nanti pasti harus balas budi ke partai pengusung'],
    ['"asal" as origin, no vote act after the condition', 'sembako mahal, capres asal Jawa Tengah itu diam saja'],
    ['"bagi" as the preposition "for"', 'beras murah dari pemerintah jadi berkah bagi warga, semoga capres terpilih melanjutkan'],
    ['a budget is not a handout', 'caleg itu bilang anggaran desa naik, kita terima Rp 5 miliar tahun depan'],
  ])('NO: %s', (_what, text) => {
    expect(flags(text)).not.toContain('money_politics');
  });

  it('keeps "belum" and "jangan lupa" apart from a real refusal', () => {
    expect(flags('saya belum terima amplop dari tim sukses, kapan dibagi?')).toContain('money_politics');
    expect(flags('kami tidak terima amplop dari tim sukses manapun')).not.toContain('money_politics');
  });
});

describe('hate', () => {
  it('needs a target group and hostility', () => {
    expect(flags('cebong itu bloon, otaknya datar')).toContain('hate');
    expect(flags('dasar Cina, balik aja ke negaramu')).toContain('hate');
    expect(flags('biarkan kadrun bikin fitnah')).toContain('hate');
  });
  it('is not criticism of a person, a neutral group mention, or a quoted slur', () => {
    expect(flags('Prabowo pelanggar HAM, Anies cuma jago retorika')).not.toContain('hate');
    expect(flags('Warga Tionghoa merayakan Imlek di Glodok')).not.toContain('hate');
    expect(flags('jangan panggil orang kadrun, itu memecah belah')).not.toContain('hate');
  });
});

describe('abusive', () => {
  it('flags profanity after de-leet and de-alay', () => {
    expect(flags('dasar goblok lu 4nj1ng')).toContain('abusive');
    expect(flags('bangsaaaat kau')).toContain('abusive');
  });
  it('does not flag exclamations, quoted insults in reports, or emoji animals', () => {
    expect(flags('gila sih keren banget')).not.toContain('abusive');
    expect(flags("Makian 'Goblok' Prabowo memenuhi unsur pidana")).not.toContain('abusive');
    expect(flags('makan siang 🐷🐶')).not.toContain('abusive');
  });
});

describe('hoax', () => {
  it('flags an election-fraud claim pushed as fact', () => {
    expect(flags('Fix! KPU udah setting suara 02 di Sirekap 70%, screenshot bocor 🙈 sebarkan!')).toContain('hoax');
  });
  it('needs strong fabrication cues without a claim match: a topic word and "fakta" in an ordinary post are not a hoax', () => {
    const sermon =
      'Saudaraku, khilafah adalah janji Allah dan itu fakta sejarah. Ternyata banyak yang lupa bahwa umat ini pernah bersatu di bawah satu kepemimpinan, marilah kita kembali mengaji dan memperbaiki diri.';
    for (const t of [sermon, 'Ternyata PKI itu fakta sejarah, jangan lupakan sejarah bangsa']) {
      const r = c.classifyOne(t);
      expect(r.flags, t).not.toContain('hoax');
      expect(r.scores.hoax).toBeLessThanOrEqual(0.4);
    }
  });
  it('does not flag warnings, debunks or questions', () => {
    expect(flags('Hati-hati hoaks: beredar video KPU coblos surat suara, itu video lama')).not.toContain('hoax');
    expect(flags('Cek fakta: tidak benar surat suara sudah dicoblos, sebarkan klarifikasi ini')).not.toContain('hoax');
    expect(flags('Bener gak sih katanya surat suara sudah dicoblos?')).not.toContain('hoax');
  });
  it('takes a claim match through the seam, still suppressed by a debunk', async () => {
    const matcher: ClaimMatcher = {
      name: 'claims',
      version: 'test-1',
      match: async (items) =>
        items.map((i) => (i.text.includes('Hercules') ? { id: 'tbh-1', similarity: 0.9, title: 'Hercules jadi Menhan' } : null)),
    };
    const m = await createRuleClassifier({ claimMatcher: matcher });
    const [yes, no, debunk] = await m.classify(['Fix Hercules jadi Menhan', 'selamat pagi', 'Hoaks: Hercules jadi Menhan, tidak benar']);
    expect(yes!.flags).toContain('hoax');
    expect(yes!.findings.find((f) => f.label === 'hoax')!.claim).toEqual({ id: 'tbh-1', similarity: 0.9, title: 'Hercules jadi Menhan' });
    expect(yes!.evidence.find((e) => e.source === 'claim')).toMatchObject({ start: 0, end: 24, rule: 'claim:tbh-1' });
    expect(no!.flags).toEqual([]);
    expect(debunk!.flags).not.toContain('hoax');
    expect(m.versions.models).toEqual({ claims: 'test-1' });
    expect(m.versions.key).not.toBe(c.versions.key);
  });
});

describe('classification record', () => {
  it('carries pledge clause, SKB items, sanction, legal basis and versions', () => {
    const r = c.classifyOne('Udah fix ya gaes, 14 Feb coblos nomor 2 😎');
    const f = r.findings.find((x) => x.label === 'partisan')!;
    expect(f).toMatchObject({ pledgeClause: 2, skbItems: [2, 6, 7], sanction: 'berat', threshold: 0.5 });
    expect(f.legalBasis).toContain('PP 94/2021');
    expect(r.versions.nlp).toBe(NLP_VERSION);
    expect(r.versions.lexicon).toMatch(/^2024\.\d+\+[0-9a-f]{8}$/);
    expect(r.versions.models).toEqual({});
    expect(r.versions.key).toMatch(/^[0-9a-f]{12}$/);
    const m = c.classifyOne('serangan fajar sudah siap, coblos 02').findings.find((x) => x.label === 'money_politics')!;
    expect(m).toMatchObject({ pledgeClause: 4 });
  });

  it('gives evidence spans that are slices of the original text', () => {
    const text = 'RT ÃƒÂ°Ã‚Å¸Ã‚ËœÃ‚â€š Dukung 𝐏𝐫𝐚𝐛𝐨𝐰𝐨 bangeeet!! dasar kadrun g0bl0k #02Melanjutkan';
    const r = c.classifyOne(text);
    expect(r.evidence.length).toBeGreaterThan(3);
    for (const e of r.evidence) expect(e.text).toBe(text.slice(e.start, e.end));
    expect(r.evidence.some((e) => e.text === '𝐏𝐫𝐚𝐛𝐨𝐰𝐨')).toBe(true);
    expect(r.evidence.some((e) => e.text === 'g0bl0k' && e.label === 'abusive')).toBe(true);
  });

  it('keeps scores in [0, 1], flags in label order, and one finding per flag', async () => {
    const texts = ['', '   ', 'pilih 02 dapat 100rb, dasar kadrun goblok, sebarkan! surat suara sudah dicoblos', 'x'.repeat(5000)];
    for (const r of await c.classify(texts)) {
      for (const v of Object.values(r.scores)) expect(v >= 0 && v <= 1).toBe(true);
      expect(r.findings.map((f) => f.label)).toEqual(r.flags);
    }
  });

  it('applies threshold overrides and rejects bad ones', async () => {
    const strict = await createRuleClassifier({ thresholds: { partisan: 0.99 } });
    expect(strict.classifyOne('salam 3 jari!').flags).not.toContain('partisan');
    expect(strict.thresholds.partisan).toBe(0.99);
    expect(strict.versions.key).not.toBe(c.versions.key);
    await expect(createRuleClassifier({ thresholds: { partisan: 2 } })).rejects.toThrow(
      /threshold for partisan must be a number in \[0, 1\]/,
    );
  });
});
