import { repairMojibake } from '../mojibake.ts';

/**
 * The emoji table (`data/lexicons/emoji-id.tsv`): emoji -> Indonesian words.
 *
 * `../shared/lexicons/emoji-id.json` (habibul08/pilpres2019-sentiment--analysis) turned out to map
 * mojibake strings to emoji, not emoji to Indonesian, and about a third of its pairs are wrong
 * (`ðŸ‘‰` is 👉, the file says 😊☺). So the build uses it for two things only: the SET of emoji
 * that occur in election posts (every one must have a gloss here; the build fails otherwise) and
 * a check of netra's mojibake repair (reported, not trusted). The glosses are netra's own,
 * written from the emoji's common meaning in Indonesian posts.
 *
 * Gestures follow election-2024.md: ☝ = satu jari (pair 01), ✌ = dua jari (pair 02), and 🤟 =
 * tiga jari (how posters write the 03 salute in the 2024 campaign posts). They are glossed as the
 * words so a caption "salam ✌️" reads "salam dua jari"; the rules still require political context.
 */
export const EMOJI_GLOSS: Record<string, string> = {
  '☝': 'satu jari',
  '✌': 'dua jari',
  '🤟': 'tiga jari',
  '👌': 'oke',
  '✊': 'kepal tangan',
  '✋': 'tangan',
  '👊': 'tinju',
  '🤲': 'berdoa',
  '🙏': 'mohon',
  '👍': 'bagus',
  '👎': 'jelek',
  '👏': 'tepuk tangan',
  '🙌': 'hore',
  '💪': 'semangat',
  '🖕': 'jari tengah',
  '🤝': 'salaman',
  '👆': 'atas',
  '👇': 'bawah',
  '👉': 'tunjuk',
  '👈': 'tunjuk',
  '⬇': 'bawah',
  '⬆': 'atas',
  '👋': 'halo',
  '🫡': 'hormat',
  '😀': 'senyum',
  '😃': 'senyum',
  '😄': 'senyum',
  '😁': 'senyum',
  '😊': 'senyum',
  '☺': 'senyum',
  '🙂': 'senyum',
  '😇': 'senyum',
  '😉': 'kedip',
  '😂': 'tertawa',
  '🤣': 'tertawa',
  '😅': 'tertawa',
  '😆': 'tertawa',
  '😹': 'tertawa',
  '😋': 'lezat',
  '😌': 'lega',
  '😍': 'suka',
  '🥰': 'suka',
  '😘': 'cium',
  '😙': 'cium',
  '😚': 'cium',
  '😗': 'cium',
  '❤': 'cinta',
  '💕': 'cinta',
  '💖': 'cinta',
  '💙': 'cinta',
  '💚': 'cinta',
  '💛': 'cinta',
  '🧡': 'cinta',
  '💜': 'cinta',
  '🖤': 'cinta',
  '🤍': 'cinta',
  '♥': 'cinta',
  '💔': 'patah hati',
  '😎': 'keren',
  '🤓': 'kutu buku',
  '😏': 'sinis',
  '😑': 'datar',
  '😐': 'datar',
  '😶': 'diam',
  '🙄': 'bosan',
  '😒': 'kesal',
  '😓': 'sedih',
  '😢': 'sedih',
  '😥': 'sedih',
  '😞': 'sedih',
  '😔': 'sedih',
  '🥺': 'memelas',
  '😭': 'menangis',
  '😪': 'mengantuk',
  '😫': 'lelah',
  '😩': 'lelah',
  '😤': 'kesal',
  '😠': 'marah',
  '😡': 'marah',
  '🤬': 'marah',
  '👿': 'marah',
  '😬': 'canggung',
  '😳': 'kaget',
  '😱': 'takut',
  '😨': 'takut',
  '😰': 'cemas',
  '😮': 'kaget',
  '😯': 'kaget',
  '🤯': 'kaget',
  '🤔': 'berpikir',
  '🤗': 'peluk',
  '🤭': 'malu',
  '🙈': 'malu',
  '🙊': 'diam',
  '🙉': 'tidak dengar',
  '🤪': 'gila',
  '😜': 'bercanda',
  '😝': 'bercanda',
  '😛': 'bercanda',
  '🙃': 'terbalik',
  '🤦': 'tepuk jidat',
  '🤷': 'entahlah',
  '🙎': 'cemberut',
  '🤒': 'sakit',
  '🤕': 'sakit',
  '🤧': 'bersin',
  '😷': 'masker',
  '🤮': 'muntah',
  '🤢': 'mual',
  '💩': 'tai',
  '🤡': 'badut',
  '👻': 'hantu',
  '💀': 'tengkorak',
  '😈': 'setan',
  '🤑': 'mata duitan',
  '💰': 'uang',
  '💵': 'uang',
  '💸': 'uang',
  '🪙': 'uang',
  '✉': 'amplop',
  '📩': 'amplop',
  '🧧': 'amplop',
  '🗳': 'kotak suara',
  '🔥': 'api',
  '⭐': 'bintang',
  '🌟': 'bintang',
  '✨': 'kilau',
  '🎉': 'perayaan',
  '🎆': 'kembang api',
  '🏆': 'juara',
  '🥇': 'juara',
  '🎶': 'musik',
  '🎵': 'musik',
  '✔': 'centang',
  '✅': 'centang',
  '❌': 'salah',
  '❗': 'penting',
  '‼': 'penting',
  '❓': 'tanya',
  '⚠': 'peringatan',
  '🚨': 'peringatan',
  '📢': 'pengumuman',
  '📣': 'pengumuman',
  '📌': 'penting',
  '👀': 'lihat',
  '🧠': 'otak',
  '🐸': 'katak',
  '🐶': 'anjing',
  '🐕': 'anjing',
  '🐷': 'babi',
  '🐖': 'babi',
  '🐒': 'monyet',
  '🐵': 'monyet',
  '🐍': 'ular',
  '🐀': 'tikus',
  '🐭': 'tikus',
  '🦎': 'kadal',
  '🐊': 'buaya',
  '🦇': 'kelelawar',
  '🐂': 'banteng',
  '🐃': 'banteng',
  '🦅': 'garuda',
  '👧': 'anak',
  '👦': 'anak',
  '👶': 'bayi',
  '👨': 'pria',
  '👩': 'wanita',
  '🧕': 'wanita berhijab',
  '♂': 'pria',
  '♀': 'wanita',
  '🕌': 'masjid',
  '⛪': 'gereja',
  '📿': 'tasbih',
  '🙋': 'saya',
};

/** Emoji code points worth a gloss: pictographs, not punctuation or letters. */
const PICTO = /\p{Extended_Pictographic}/u;

/** Every pictograph in a string, variation selectors and skin tones dropped. */
function pictographs(s: string): string[] {
  return [...s.replace(/[\u{FE0E}\u{FE0F}\u{1F3FB}-\u{1F3FF}\u200d]/gu, '')].filter((c) => PICTO.test(c));
}

export interface EmojiBuildResult {
  rows: { emoji: string; gloss: string; seenInSource: boolean }[];
  /** Emoji of the source file with no gloss (the build fails on these). */
  missing: string[];
  /** Pairs of the source file where netra's repair of the key gives the stated emoji. */
  repairAgrees: number;
  pairs: number;
}

export function buildEmoji(pairs: [string, string][]): EmojiBuildResult {
  const seen = new Set<string>();
  let repairAgrees = 0;
  for (const [mojibake, emoji] of pairs) {
    const repaired = repairMojibake(mojibake);
    for (const e of [...pictographs(emoji), ...pictographs(repaired)]) seen.add(e);
    if (pictographs(repaired).join('') === pictographs(emoji).join('')) repairAgrees++;
  }
  const missing = [...seen].filter((e) => !(e in EMOJI_GLOSS)).sort();
  const rows = Object.entries(EMOJI_GLOSS)
    .map(([emoji, gloss]) => ({ emoji, gloss, seenInSource: seen.has(emoji) }))
    .sort((a, b) => (a.emoji < b.emoji ? -1 : a.emoji > b.emoji ? 1 : 0));
  return { rows, missing, repairAgrees, pairs: pairs.length };
}
