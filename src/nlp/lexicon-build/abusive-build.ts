/**
 * The abusive-word table (`data/lexicons/abusive.tsv`): Ibrohim & Budi's 125 words, each given a
 * weight and a category by netra, plus well-known variants and words their list lacks.
 *
 * Weights are the abusive score a word gives on its own (labels.md: "profanity, insults or vulgar
 * words ... with or without a target"). The Ibrohim list also holds topic words that annotators
 * met in abusive tweets but that are not abusive by themselves (`asing`, `rezim`, `lgbt`,
 * `komunis`): they stay in the table with weight 0 and category `topic`, so the decision is
 * visible. Words whose abusive reading depends on use (`gila`: "gila sih" is no insult, labels
 * guide) get low weights.
 */

export type AbusiveCategory = 'profanity' | 'insult' | 'vulgar' | 'slur' | 'topic';

/** word -> [weight, category] for every word of the Ibrohim list. */
export const IBROHIM_CURATION: Record<string, [number, AbusiveCategory]> = {
  alay: [0.25, 'insult'],
  ampas: [0.35, 'insult'],
  buta: [0.15, 'insult'],
  keparat: [0.85, 'profanity'],
  anjing: [0.8, 'profanity'],
  anjir: [0.45, 'profanity'],
  babi: [0.5, 'profanity'],
  bacot: [0.7, 'insult'],
  bajingan: [0.85, 'profanity'],
  banci: [0.55, 'slur'],
  bandot: [0.45, 'insult'],
  buaya: [0.1, 'insult'],
  bangkai: [0.4, 'insult'],
  bangsat: [0.85, 'profanity'],
  bego: [0.75, 'insult'],
  bejat: [0.55, 'insult'],
  bencong: [0.6, 'slur'],
  berak: [0.45, 'vulgar'],
  bisu: [0.2, 'insult'],
  celeng: [0.5, 'profanity'],
  jancuk: [0.85, 'profanity'],
  bodoh: [0.45, 'insult'],
  berengsek: [0.75, 'profanity'],
  budek: [0.45, 'insult'],
  burik: [0.5, 'insult'],
  jamban: [0.4, 'insult'],
  cocot: [0.65, 'insult'],
  congor: [0.6, 'insult'],
  culun: [0.35, 'insult'],
  cupu: [0.35, 'insult'],
  dongok: [0.7, 'insult'],
  dungu: [0.75, 'insult'],
  edan: [0.3, 'insult'],
  tai: [0.7, 'vulgar'],
  ngewe: [0.8, 'vulgar'],
  geblek: [0.65, 'insult'],
  gembel: [0.5, 'insult'],
  gila: [0.3, 'insult'],
  goblok: [0.85, 'insult'],
  iblis: [0.4, 'insult'],
  idiot: [0.7, 'insult'],
  jablay: [0.65, 'vulgar'],
  jembud: [0.8, 'vulgar'],
  jembut: [0.8, 'vulgar'],
  jijik: [0.35, 'insult'],
  kacrut: [0.5, 'insult'],
  kafir: [0.3, 'slur'],
  modar: [0.55, 'profanity'],
  kampang: [0.75, 'profanity'],
  kampret: [0.7, 'profanity'],
  kampungan: [0.5, 'insult'],
  kimak: [0.85, 'vulgar'],
  kontol: [0.85, 'vulgar'],
  kunti: [0.3, 'insult'],
  tuyul: [0.3, 'insult'],
  kunyuk: [0.7, 'insult'],
  mampus: [0.55, 'profanity'],
  memek: [0.85, 'vulgar'],
  monyet: [0.55, 'profanity'],
  najis: [0.5, 'insult'],
  nete: [0.6, 'vulgar'],
  ngentot: [0.9, 'vulgar'],
  noob: [0.3, 'insult'],
  pecun: [0.7, 'vulgar'],
  perek: [0.75, 'vulgar'],
  sampah: [0.4, 'insult'],
  sarap: [0.5, 'insult'],
  setan: [0.4, 'profanity'],
  silit: [0.6, 'vulgar'],
  bokong: [0.3, 'vulgar'],
  sinting: [0.6, 'insult'],
  sompret: [0.6, 'profanity'],
  sontoloyo: [0.55, 'insult'],
  terkutuk: [0.5, 'insult'],
  titit: [0.6, 'vulgar'],
  pantat: [0.35, 'vulgar'],
  tolol: [0.85, 'insult'],
  udik: [0.45, 'insult'],
  antek: [0.2, 'insult'],
  asing: [0, 'topic'],
  ateis: [0, 'topic'],
  sitip: [0.3, 'insult'],
  autis: [0.35, 'slur'],
  picek: [0.5, 'insult'],
  'ayam kampus': [0.65, 'vulgar'],
  'bani kotak': [0.4, 'slur'],
  bispak: [0.7, 'vulgar'],
  bisyar: [0.6, 'vulgar'],
  bokep: [0.5, 'vulgar'],
  bong: [0.2, 'slur'],
  cacat: [0.2, 'insult'],
  cct: [0.5, 'insult'],
  cebong: [0.45, 'slur'],
  taplak: [0.2, 'slur'],
  cungkring: [0.35, 'insult'],
  gay: [0, 'topic'],
  gembrot: [0.4, 'insult'],
  gendut: [0.25, 'insult'],
  hina: [0.15, 'insult'],
  homo: [0.15, 'slur'],
  komunis: [0, 'topic'],
  koreng: [0.4, 'insult'],
  krempeng: [0.3, 'insult'],
  lengser: [0, 'topic'],
  lesbi: [0.15, 'slur'],
  lgbt: [0, 'topic'],
  lonte: [0.85, 'vulgar'],
  mucikari: [0.4, 'vulgar'],
  munafik: [0.4, 'insult'],
  nista: [0.2, 'insult'],
  kejam: [0.1, 'insult'],
  onta: [0.35, 'slur'],
  panastak: [0.4, 'slur'],
  panasbung: [0.4, 'slur'],
  bani: [0, 'topic'],
  'pasukan nasi': [0.3, 'slur'],
  porno: [0.2, 'vulgar'],
  seks: [0.1, 'topic'],
  rejim: [0, 'topic'],
  rezim: [0, 'topic'],
  sange: [0.6, 'vulgar'],
  ngaceng: [0.65, 'vulgar'],
  serbet: [0.3, 'slur'],
  sipit: [0.35, 'slur'],
  transgender: [0, 'topic'],
};

/** Well-known words and variants the Ibrohim list lacks (netra). */
export const EXTRA_ABUSIVE: Record<string, [number, AbusiveCategory]> = {
  bangsad: [0.85, 'profanity'],
  anjrit: [0.5, 'profanity'],
  anjay: [0.3, 'profanity'],
  anjim: [0.5, 'profanity'],
  goblog: [0.85, 'insult'],
  bloon: [0.75, 'insult'],
  dongo: [0.7, 'insult'],
  jancok: [0.85, 'profanity'],
  dancok: [0.85, 'profanity'],
  cok: [0.5, 'profanity'],
  cuk: [0.55, 'profanity'],
  asu: [0.8, 'profanity'],
  brengsek: [0.75, 'profanity'],
  sialan: [0.55, 'profanity'],
  taik: [0.7, 'vulgar'],
  tahi: [0.55, 'vulgar'],
  pukimak: [0.85, 'vulgar'],
  pepek: [0.85, 'vulgar'],
  pantek: [0.8, 'vulgar'],
  peler: [0.75, 'vulgar'],
  pelacur: [0.75, 'vulgar'],
  sundal: [0.8, 'vulgar'],
  bedebah: [0.7, 'profanity'],
  laknat: [0.5, 'profanity'],
  dobol: [0.75, 'vulgar'],
  gundulmu: [0.6, 'insult'],
  'cacat otak': [0.75, 'insult'],
  'otak udang': [0.6, 'insult'],
  'otak kosong': [0.55, 'insult'],
  'muka tembok': [0.5, 'insult'],
  'tidak punya otak': [0.65, 'insult'],
  'tidak punya malu': [0.5, 'insult'],
  songong: [0.5, 'insult'],
  tengil: [0.45, 'insult'],
  'mulut ember': [0.55, 'insult'],
  bullshit: [0.7, 'profanity'],
  fuck: [0.85, 'profanity'],
  fucking: [0.85, 'profanity'],
  shit: [0.7, 'profanity'],
  bitch: [0.8, 'profanity'],
  asshole: [0.85, 'profanity'],
  'jari tengah': [0.5, 'vulgar'],
  bacod: [0.7, 'insult'],
};

export interface AbusiveRow {
  word: string;
  weight: number;
  category: AbusiveCategory;
  source: 'ibrohim2019' | 'netra';
}

/**
 * The table rows, sorted by word. Every Ibrohim word must have a curation entry: a new word in
 * the source list fails the build instead of slipping through unweighted.
 */
export function buildAbusive(ibrohimWords: string[]): { rows: AbusiveRow[]; uncurated: string[] } {
  const rows = new Map<string, AbusiveRow>();
  const uncurated: string[] = [];
  for (const w of ibrohimWords) {
    const c = IBROHIM_CURATION[w];
    if (!c) {
      uncurated.push(w);
      continue;
    }
    rows.set(w, { word: w, weight: c[0], category: c[1], source: 'ibrohim2019' });
  }
  for (const [w, c] of Object.entries(EXTRA_ABUSIVE))
    if (!rows.has(w)) rows.set(w, { word: w, weight: c[0], category: c[1], source: 'netra' });
  return { rows: [...rows.values()].sort((a, b) => (a.word < b.word ? -1 : 1)), uncurated };
}
