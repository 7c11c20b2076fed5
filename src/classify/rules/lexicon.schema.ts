import { z } from 'zod';
import { contestDatesSchema } from '../../domain/election-calendar.ts';

/**
 * Schemas of the rule lexicons in `data/lexicons/*.yaml` and the rule data in `data/rules/`.
 * Unknown keys are rejected (`strictObject`), so a misspelt field is an error, not a silent no-op.
 */

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' });
const phrase = z.string().trim().min(1, { message: 'must not be empty' });
const weight = z.number().min(0).max(1);
const source = z.string().min(1);
const header = {
  version: z.union([z.string(), z.number()]).transform(String),
  date: day,
  sources: z
    .array(z.strictObject({ id: z.string(), title: z.string(), path: z.string().optional(), url: z.string().optional() }))
    .optional(),
};

/** A weighted phrase; `stem: true` matches affixed forms. */
export const cueSchema = z.strictObject({
  text: phrase,
  weight,
  stem: z.boolean().optional(),
  /** Hate: the word incites (usir, bunuh). */
  incite: z.boolean().optional(),
  /** Partisan: counts only right after a mention ("Anies presiden"). */
  follows: z.boolean().optional(),
  /** Word forms a stem match must not count ("pendukung" is a noun, not "dukung"). */
  except: z.array(phrase).optional(),
});
export type Cue = z.infer<typeof cueSchema>;

const hashtag = z
  .string()
  .regex(/^#?[\p{L}\p{N}_]+$/u, { message: 'must be one hashtag (letters, digits, _), with or without #' })
  .transform((t) => t.replace(/^#/, '').toLowerCase());

export const pairSchema = z.strictObject({
  number: z.number().int().min(0).max(99),
  id: z.string().min(1),
  name: z.string().min(1),
  candidates: z.array(z.strictObject({ id: z.string().min(1), name: z.string().min(1), aliases: z.array(phrase) })).min(1),
  aliases: z.array(phrase).default([]),
  /** Words that name the pair only in context (see partisan scoring: "amin"). */
  contextAliases: z.array(phrase).default([]),
  team: z.array(phrase).default([]),
  coalition: z.string().optional(),
  slogans: z.array(z.strictObject({ text: phrase, strength: z.enum(['strong', 'weak']), source })).default([]),
  gesture: z.strictObject({ phrases: z.array(phrase), emoji: z.array(z.string().min(1)).default([]), source }).optional(),
  hashtags: z.strictObject({ promo: z.array(hashtag), source }).optional(),
  source,
});

export const contestSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/, { message: 'must be lowercase letters, digits and -' }),
  name: z.string().min(1),
  kind: z.enum(['pilpres', 'pileg', 'pilkada']),
  region: z.string().min(1),
  /**
   * How posts name the region ("tapian raya", "kab. tapian raya"). Derived from `region` when left
   * out (its first part without Kabupaten/Kota/Provinsi). A post naming the region reads bare ballot
   * numbers ("jangan pilih nomor 2") as this contest's.
   */
  regionAliases: z.array(phrase).optional(),
  /** Bare ballot numbers in a political context refer to this contest (at most one contest). */
  numberDefault: z.boolean().default(false),
  dates: contestDatesSchema,
  source,
  /** Empty for a calendar-only contest (e.g. the nationwide Pilkada schedule; each race's pairs go in contests/*.yaml). */
  pairs: z.array(pairSchema).default([]),
  attackHashtags: z.array(z.strictObject({ tag: hashtag, against: z.number().int(), source })).default([]),
});
export type Contest = z.infer<typeof contestSchema>;
export type Pair = z.infer<typeof pairSchema>;

export const electionSchema = z.strictObject({
  ...header,
  contests: z.array(contestSchema).min(1),
  coalitions: z
    .array(z.strictObject({ id: z.string(), name: z.string(), aliases: z.array(phrase), parties: z.array(z.string()), source }))
    .default([]),
  parties: z.array(
    z.strictObject({
      id: z.string().regex(/^party\/[a-z0-9-]+$/, { message: 'must look like party/<name>' }),
      number: z.number().int().min(1).max(99),
      name: z.string().min(1),
      aliases: z.array(phrase),
      caseSensitive: z.array(z.string().min(1)).optional(),
      source,
    }),
  ),
  politicalTerms: z.array(phrase).min(1),
  figures: z.array(phrase).default([]),
});
export type ElectionLexicon = z.infer<typeof electionSchema>;

/** A nickname, spelling variant or mocking name (candidate-nicknames.yaml). */
export const nicknameSchema = z.strictObject({
  text: phrase,
  /** A candidate id or pair id of election-2024.yaml, or `figure` (a political figure who is not a candidate: context only). */
  refers: z.string().regex(/^(candidate\/[a-z0-9-]+|[a-z0-9-]+\/[0-9]{2}|figure)$/, {
    message: 'must be a candidate id (candidate/<name>), a pair id (pilpres-2024/02) or figure',
  }),
  /** Also an everyday word or name: names the person only in an otherwise political post or next to a stance cue. */
  context: z.boolean(),
  tone: z.enum(['neutral', 'affectionate', 'mocking']),
  /** When it was seen in use: YYYY, YYYY-MM or a range YYYY-MM/YYYY-MM. */
  seen: z
    .union([z.string(), z.number()])
    .transform(String)
    .pipe(z.string().regex(/^\d{4}(-\d{2})?(\/\d{4}(-\d{2})?)?$/, { message: 'must be YYYY, YYYY-MM or YYYY-MM/YYYY-MM' })),
  source,
  /** false: netra is unsure of the reading (the note says what); still matched. */
  certain: z.boolean(),
  note: z.string().optional(),
});
export type Nickname = z.infer<typeof nicknameSchema>;

export const nicknamesSchema = z.strictObject({
  ...header,
  nicknames: z.array(nicknameSchema).min(1),
});
export type NicknameLexicon = z.infer<typeof nicknamesSchema>;

export const partisanCuesSchema = z.strictObject({
  ...header,
  support: z.array(cueSchema),
  praise: z.array(cueSchema),
  attack: z.array(cueSchema),
  news: z.array(phrase),
  report: z.array(phrase),
  newsOutlets: z.array(phrase),
  official: z.array(phrase),
  neutrality: z.array(phrase),
  prayer: z.array(phrase),
  numberCue: z.array(phrase),
  /** Mockery and sarcasm markers (laughing emoji, "wkwk", ironic praise) with weights. */
  mock: z.array(cueSchema).default([]),
  /** Question words: the post asks rather than asserts. */
  question: z.array(phrase).default([]),
  /** First-person words (the poster speaks for themself: "aku", "kami"). */
  firstPerson: z.array(phrase).default([]),
});
export type PartisanCues = z.infer<typeof partisanCuesSchema>;

export const moneySchema = z.strictObject({
  ...header,
  offers: z.array(z.strictObject({ id: z.string().regex(/^[a-z0-9-]+$/), text: phrase, weight, context: z.boolean().optional(), source })),
  items: z.array(phrase),
  distribution: z.array(phrase),
  voteContext: z.array(phrase),
  condemn: z.array(phrase),
  report: z.array(phrase),
  condition: z.array(phrase).default([]),
  voteActs: z.array(phrase).default([]),
  attend: z.array(phrase).default([]),
  lawful: z.array(phrase).default([]),
  counted: z.array(phrase).default([]),
});
export type MoneyLexicon = z.infer<typeof moneySchema>;

const groupKinds = z.enum(['religion', 'ethnicity', 'race', 'camp', 'gender', 'disability', 'physical']);
export const hateSchema = z.strictObject({
  ...header,
  groups: z.record(groupKinds, z.array(phrase)),
  slurs: z.array(z.strictObject({ text: phrase, group: groupKinds, weight, political: z.boolean().optional(), source })),
  hostile: z.array(cueSchema),
  condemn: z.array(phrase),
});
export type HateLexicon = z.infer<typeof hateSchema>;

export const hoaxSchema = z.strictObject({
  ...header,
  assertion: z.array(cueSchema),
  topics: z.array(cueSchema),
  debunk: z.array(phrase),
  question: z.array(phrase),
});
export type HoaxLexicon = z.infer<typeof hoaxSchema>;

export const thresholdsSchema = z.strictObject({
  version: z.union([z.string(), z.number()]).transform(String),
  thresholds: z.strictObject({ partisan: weight, hate: weight, abusive: weight, hoax: weight, money_politics: weight }),
});
