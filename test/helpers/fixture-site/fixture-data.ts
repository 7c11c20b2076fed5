/**
 * The people and posts the fixture site serves. Deterministic: the same handle always has the
 * same posts, so tests can state exactly what a collector must find.
 */

export const FIXTURE_PLATFORMS = ['x', 'instagram', 'facebook', 'tiktok'] as const;
export type FixturePlatform = (typeof FIXTURE_PLATFORMS)[number];

export interface FixturePost {
  /** The id as the platform shows it in URLs. */
  id: string;
  /** The account's own words; for a repost (`repostOf`), the reposted post's text, as X's API shows it. */
  text: string;
  postedAt: Date;
  pinned?: boolean;
  /** A repost of someone else's post (X): `text` is that post's text; the account adds no words. */
  repostOf?: { handle: string; id: string; name?: string };
  /** A quote (X) or a share with a comment (Facebook) of someone else's post; `text` is the account's own words. */
  quoteOf?: { handle: string; name: string; id: string; text: string };
  /** A reply to someone else's post (X). */
  replyTo?: { handle: string; id: string };
  /** What the post carries besides text. A `reel` is Instagram's short video. @default 'photo' on Instagram, 'video' on TikTok, none elsewhere */
  media?: 'photo' | 'video' | 'carousel' | 'reel';
  /** Instagram: the image description (accessibility caption) the grid shows as `alt`, never the caption. */
  alt?: string;
}

/** What a collector must store as the account's own words for a fixture post. */
export function ownText(p: FixturePost): string {
  return p.repostOf ? '' : p.text;
}

/** What a collector must store as the shared post, when the fixture post shares one. */
export function sharedOf(p: FixturePost): { kind: 'quote' | 'repost'; externalId: string; authorHandle: string; text: string } | undefined {
  if (p.repostOf) return { kind: 'repost', externalId: p.repostOf.id, authorHandle: p.repostOf.handle, text: p.text };
  if (p.quoteOf) return { kind: 'quote', externalId: p.quoteOf.id, authorHandle: p.quoteOf.handle, text: p.quoteOf.text };
  return undefined;
}

/** Likes a post has: logged-out X lists a profile's posts by this, not by time. */
export function popularity(p: FixturePost): number {
  return fnv(`likes:${p.id}`) % 5000;
}

/**
 * The order a logged-out visitor sees an account's posts in: pinned first, then newest first,
 * except on X, where logged-out profiles are sorted by popularity (most liked first).
 */
export function listingOrder(platform: FixturePlatform, posts: readonly FixturePost[]): FixturePost[] {
  const pinned = posts.filter((p) => p.pinned);
  const rest = posts.filter((p) => !p.pinned);
  if (platform === 'x') rest.sort((a, b) => popularity(b) - popularity(a) || b.postedAt.getTime() - a.postedAt.getTime());
  return [...pinned, ...rest];
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
  | 'edit_on_second_visit'
  /** A human-verification page (captcha) where the posts should be. */
  | 'challenge'
  /** A warning page put in front of the profile (X: "may include sensitive content"). */
  | 'interstitial';

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
export function generatePosts(
  platform: FixturePlatform,
  handle: string,
  count: number,
  o: { stepHours?: number; start?: number } = {},
): FixturePost[] {
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

/** A post of another account, `minutes` before `before`. */
function at(before: FixturePost, minutes: number): Date {
  return new Date(before.postedAt.getTime() - minutes * 60_000);
}

/**
 * The kinds of post each platform has besides plain text: reposts, quotes (one with words, one
 * media-only, both of a campaign account's post), replies, photo-only posts, reels and
 * video-only posts. Inserted into budi_guru's posts at the given positions (newest first).
 */
function budiExtras(platform: FixturePlatform, posts: FixturePost[]): [number, FixturePost][] {
  const campaign = (n: number, when: Date) => postId(platform, 'akun_kampanye', n, when);
  switch (platform) {
    case 'x': {
      const rt = at(posts[2]!, 1);
      const q1 = at(posts[4]!, 1);
      const q2 = at(posts[6]!, 1);
      const re = at(posts[8]!, 1);
      const ph = at(posts[10]!, 1);
      return [
        // A repost of another account's post, between the 3rd and 4th own posts.
        [
          3,
          {
            id: campaign(7, rt),
            text: 'Coblos nomor 2! #02Melanjutkan',
            postedAt: rt,
            repostOf: { handle: 'akun_kampanye', id: campaign(7, rt), name: 'Akun Kampanye' },
          },
        ],
        // A quote with the civil servant's own (harmless) words around a campaign post.
        [
          6,
          {
            id: postId(platform, 'budi_guru', 501, q1),
            text: 'Info untuk warga, silakan dibaca.',
            postedAt: q1,
            quoteOf: {
              handle: 'akun_kampanye',
              name: 'Akun Kampanye',
              id: campaign(8, q1),
              text: 'Pilih nomor 2, lanjutkan pembangunan! #coblos02',
            },
          },
        ],
        // A media-only quote: no words of the civil servant's own, a photo, and the campaign's words quoted.
        [
          9,
          {
            id: postId(platform, 'budi_guru', 502, q2),
            text: '',
            postedAt: q2,
            media: 'photo',
            quoteOf: {
              handle: 'akun_kampanye',
              name: 'Akun Kampanye',
              id: campaign(9, q2),
              text: 'Besok kita menangkan 02! Ajak keluarga ke TPS.',
            },
          },
        ],
        [
          12,
          {
            id: postId(platform, 'budi_guru', 503, re),
            text: 'Terima kasih infonya, Pak.',
            postedAt: re,
            replyTo: { handle: 'disdik_sleman', id: postId(platform, 'disdik_sleman', 3, re) },
          },
        ],
        [15, { id: postId(platform, 'budi_guru', 504, ph), text: '', postedAt: ph, media: 'photo' }],
      ];
    }
    case 'instagram': {
      const reel = at(posts[1]!, 1);
      const mute = at(posts[3]!, 1);
      const album = at(posts[5]!, 1);
      return [
        [
          2,
          { id: postId(platform, 'budi_guru', 601, reel), text: 'Senam pagi bersama murid kelas 5 #sehat', postedAt: reel, media: 'reel' },
        ],
        // A reel with no caption at all: video only.
        [5, { id: postId(platform, 'budi_guru', 602, mute), text: '', postedAt: mute, media: 'reel' }],
        [
          8,
          { id: postId(platform, 'budi_guru', 603, album), text: 'Dokumentasi lomba 17an di sekolah.', postedAt: album, media: 'carousel' },
        ],
      ];
    }
    case 'tiktok': {
      const mute = at(posts[1]!, 1);
      const photos = at(posts[3]!, 1);
      return [
        [2, { id: postId(platform, 'budi_guru', 701, mute), text: '', postedAt: mute, media: 'video' }],
        [5, { id: postId(platform, 'budi_guru', 702, photos), text: 'Foto-foto kegiatan pramuka', postedAt: photos, media: 'photo' }],
      ];
    }
    case 'facebook': {
      const share = at(posts[2]!, 1);
      const photo = at(posts[4]!, 1);
      return [
        // Shares a page's post with a comment of their own.
        [
          3,
          {
            id: postId(platform, 'budi_guru', 801, share),
            text: 'Mari kita dukung bersama.',
            postedAt: share,
            quoteOf: {
              handle: 'akun_kampanye',
              name: 'Akun Kampanye',
              id: postId(platform, 'akun_kampanye', 11, share),
              text: 'Relawan 02 siap turun ke desa-desa! #coblos02',
            },
          },
        ],
        [6, { id: postId(platform, 'budi_guru', 802, photo), text: '', postedAt: photo, media: 'photo' }],
      ];
    }
  }
}

/** Every account the site knows on a platform. `bench_000`..`bench_049` have 40 posts each. */
export function fixtureAccount(platform: FixturePlatform, handle: string): FixtureAccount | undefined {
  const name = handle.replace(/[_.]/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase());
  const mk = (scenario: Scenario, posts: FixturePost[]): FixtureAccount => ({ handle, name, scenario, posts });
  switch (handle) {
    case 'budi_guru': {
      const posts = generatePosts(platform, handle, 45);
      // An old post pinned to the top: listing order is not time order, and the cursor must not stop on it.
      const old = new Date(FIXTURE_NOW - 400 * 24 * 3_600_000);
      const pinned: FixturePost = {
        id: postId(platform, handle, 999, old),
        text: 'Profil resmi: guru SD Negeri 3 Sleman. Akun pribadi.',
        postedAt: old,
        pinned: true,
      };
      for (const [i, extra] of budiExtras(platform, posts)) posts.splice(i, 0, extra);
      // Facebook's pinned ("featured") posts are left out: how its timeline JSON marks them is not publicly documented.
      return mk('normal', platform === 'facebook' ? posts : [pinned, ...posts]);
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
    case 'tantangan':
      return mk('challenge', generatePosts(platform, handle, 5));
    case 'peringatan':
      return mk('interstitial', generatePosts(platform, handle, 5));
    case 'banyak':
      // Forty posts and three pages or more on every platform: room for a wall after the first page.
      return mk('normal', generatePosts(platform, handle, 40, { stepHours: 5 }));
    default: {
      const m = /^bench_(\d{3})$/.exec(handle);
      if (m && Number(m[1]) < 50) return mk('normal', generatePosts(platform, handle, 40, { stepHours: 5 }));
      // Small accounts (two pages on X) for tests that run whole collections several times.
      if (/^kecil_\d$/.test(handle)) return mk('normal', generatePosts(platform, handle, 12, { stepHours: 5 }));
      return undefined;
    }
  }
}
