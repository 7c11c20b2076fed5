/**
 * The people and posts the fixture site serves. Deterministic: the same handle always has the
 * same posts, so tests can state exactly what a collector must find.
 */

export const FIXTURE_PLATFORMS = ['x', 'instagram', 'facebook', 'tiktok'] as const;
export type FixturePlatform = (typeof FIXTURE_PLATFORMS)[number];

export interface FixturePost {
  /** The id as the platform shows it in URLs. */
  id: string;
  text: string;
  postedAt: Date;
  pinned?: boolean;
  /** A repost of someone else's post (X). */
  repostOf?: { handle: string; id: string };
}

/** What the site does when a profile of this handle is requested. */
export type Scenario =
  | 'normal'
  | 'login_wall'
  | 'not_found'
  | 'private'
  | 'rate_limit_once'
  | 'error_once'
  | 'slow'
  | 'edit_on_second_visit';

export interface FixtureAccount {
  handle: string;
  name: string;
  scenario: Scenario;
  posts: FixturePost[];
}

/** Newest post time of generated accounts; older posts step back in hours. */
export const FIXTURE_NOW = Date.parse('2024-02-10T12:00:00Z');

const SENTENCES = [
  'Selamat pagi anak-anak, jangan lupa kerjakan PR matematika halaman 45.',
  'Rapat koordinasi pelayanan publik di kantor kecamatan hari ini berjalan lancar.',
  'Ayo dukung terus! #coblos02 pokoknya',
  'Jalan di depan puskesmas sudah diperbaiki, terima kasih warga yang sudah melapor.',
  'Hari ini posyandu buka jam 08.00 sampai 12.00 WIB, bawa buku KIA ya ibu-ibu.',
  'Besok ada pembagian amplop di balai desa, jangan lupa datang dan pilih yang benar.',
  'Pengumuman: pendaftaran PPDB dibuka mulai tanggal 1 Juni.',
  'Gotong royong membersihkan selokan bersama warga RT 03. Mantap!',
  'Kerja bakti hari Minggu, semua warga diharapkan hadir 🙏',
  'Terima kasih atas partisipasi bapak/ibu dalam sosialisasi pajak daerah.',
  'dasar anjing semua, pelayanan lambat sekali',
  'Ujian semester dimulai Senin depan. Semangat belajar!',
];

/** Simple deterministic hash of a string (FNV-1a), for ids and text choice. */
export function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

const B62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** A platform-shaped post id for the n-th post of a handle posted at `at`. */
export function postId(platform: FixturePlatform, handle: string, n: number, at: Date): string {
  const seq = BigInt((fnv(`${handle}#${n}`) % 4096) >>> 0);
  switch (platform) {
    case 'x':
      // X ids are "snowflakes": milliseconds since 2010-11-04 shifted left 22 bits.
      return ((BigInt(at.getTime()) - 1288834974657n) * 4194304n + seq).toString();
    case 'tiktok':
      // TikTok video ids carry the upload time in their top 32 bits.
      return ((BigInt(Math.floor(at.getTime() / 1000)) << 32n) + seq * 1000n + BigInt(n)).toString();
    case 'instagram': {
      // Instagram media ids keep milliseconds since 2011-08-24 in their top bits; the shortcode in
      // a post URL is that id written in a base-64 alphabet.
      let id = ((BigInt(at.getTime()) - 1314220021721n) << 23n) | (BigInt(fnv(handle) % 8192) << 10n) | (seq % 1024n);
      let code = '';
      while (id > 0n) {
        code = B62[Number(id % 64n)]! + code;
        id /= 64n;
      }
      return code;
    }
    case 'facebook': {
      let h = fnv(`${platform}:${handle}:${n}`);
      let s = 'pfbid0';
      const alpha = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
      for (let i = 0; i < 24; i++) {
        s += alpha[h % alpha.length]!;
        h = Math.imul(h ^ (h >>> 9), 2246822519) >>> 0;
      }
      return s;
    }
  }
}

/** `count` ordinary posts, newest first, one every 7 hours back from FIXTURE_NOW. */
export function generatePosts(platform: FixturePlatform, handle: string, count: number, o: { stepHours?: number; start?: number } = {}): FixturePost[] {
  const step = (o.stepHours ?? 7) * 3_600_000;
  const start = o.start ?? FIXTURE_NOW;
  const out: FixturePost[] = [];
  for (let n = 0; n < count; n++) {
    const at = new Date(start - n * step - (fnv(`${handle}@${n}`) % 600) * 1000);
    const text = `${SENTENCES[fnv(`${handle}/${n}`) % SENTENCES.length]!} (${handle} #${count - n})`;
    out.push({ id: postId(platform, handle, n, at), text, postedAt: at });
  }
  return out;
}

/** Texts an attacker (or just an odd user) might post: the collector must store them exactly and run none of it. */
export const MALICIOUS_TEXTS = [
  '<script>window.__pwned = true; fetch("/steal?c=" + document.cookie)</script> halo',
  '"><img src=x onerror="window.__pwned=true"> ayo coblos',
  `Sangat panjang: ${'kata '.repeat(4000)}selesai.`,
  // Right-to-left override, zero-width joiner sequences, combining marks, Javanese script,
  // an astral-plane emoji, a non-breaking space and a line separator.
  'Awas \u202Egnalrep\u202C kata 👩\u200D👩\u200D👧 ke\u0301ren ꦲꦗꦶ 𝔲𝔫𝔦𝔠𝔬𝔡𝔢\u00A0spasi\u2028baris',
  'Baris satu\nBaris dua\n\n  indentasi dan &amp; entitas &lt;b&gt; tidak dieksekusi',
];

function special(platform: FixturePlatform, handle: string, texts: string[]): FixturePost[] {
  return texts.map((text, n) => {
    const at = new Date(FIXTURE_NOW - (n + 1) * 3_600_000);
    return { id: postId(platform, handle, n, at), text, postedAt: at };
  });
}

/** The text the `pengedit` account's second post shows from the second visit on. */
export const EDITED_SUFFIX = ' [diedit: maaf salah ketik]';

/** Every account the site knows on a platform. `bench_000`..`bench_049` have 40 posts each. */
export function fixtureAccount(platform: FixturePlatform, handle: string): FixtureAccount | undefined {
  const name = handle.replace(/[_.]/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase());
  const mk = (scenario: Scenario, posts: FixturePost[]): FixtureAccount => ({ handle, name, scenario, posts });
  switch (handle) {
    case 'budi_guru': {
      const posts = generatePosts(platform, handle, 45);
      // An old post pinned to the top: listing order is not time order, and the cursor must not stop on it.
      const old = new Date(FIXTURE_NOW - 400 * 24 * 3_600_000);
      const pinned: FixturePost = { id: postId(platform, handle, 999, old), text: 'Profil resmi: guru SD Negeri 3 Sleman. Akun pribadi.', postedAt: old, pinned: true };
      if (platform === 'x') {
        // A repost of another account's post, between the 3rd and 4th own posts.
        const at = new Date(posts[2]!.postedAt.getTime() - 60_000);
        const repost: FixturePost = { id: postId(platform, 'akun_kampanye', 7, at), text: 'Coblos nomor 2! #02Melanjutkan', postedAt: at, repostOf: { handle: 'akun_kampanye', id: postId(platform, 'akun_kampanye', 7, at) } };
        posts.splice(3, 0, repost);
      }
      return mk('normal', [pinned, ...posts]);
    }
    case 'sri_wahyuni':
      return mk('normal', generatePosts(platform, handle, 6, { stepHours: 30 }));
    case 'kosong':
      return mk('normal', []);
    case 'dinding':
      return mk('login_wall', generatePosts(platform, handle, 5));
    case 'tidakada':
      return undefined;
    case 'terkunci':
      return mk('private', generatePosts(platform, handle, 5));
    case 'sibuk':
      return mk('rate_limit_once', generatePosts(platform, handle, 5));
    case 'rapuh':
      return mk('error_once', generatePosts(platform, handle, 5));
    case 'lambat':
      return mk('slow', generatePosts(platform, handle, 5));
    case 'nakal':
      return mk('normal', special(platform, handle, MALICIOUS_TEXTS));
    case 'pengedit':
      return mk('edit_on_second_visit', generatePosts(platform, handle, 4));
    default: {
      const m = /^bench_(\d{3})$/.exec(handle);
      if (m && Number(m[1]) < 50) return mk('normal', generatePosts(platform, handle, 40, { stepHours: 5 }));
      // Small accounts (two pages on X) for tests that run whole collections several times.
      if (/^kecil_\d$/.test(handle)) return mk('normal', generatePosts(platform, handle, 12, { stepHours: 5 }));
      return undefined;
    }
  }
}
