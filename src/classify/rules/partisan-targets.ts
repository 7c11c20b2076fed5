import type { Target } from '../../domain/classification.ts';
import { ballotValue } from '../../nlp/numbers.ts';
import { gap, type RuleContext } from './rule-context.ts';
import type { PairRef } from './rule-index.ts';

/** Words whose number is a polling station, neighbourhood, district, room, time or page: "TPS 03", "RT 02". */
const NOT_BALLOT_BEFORE = new Set([
  'tps',
  'rt',
  'rw',
  'dapil',
  'kelas',
  'lantai',
  'lt',
  'jam',
  'pukul',
  'blok',
  'gang',
  'gg',
  'kamar',
  'ruang',
  'loket',
  'antrean',
  'antrian',
  'halaman',
  'hal',
  'pasal',
  'ayat',
  'bab',
  'usia',
  'umur',
  'km',
]);

/**
 * Who a post names: candidates, pairs, parties, and ballot numbers in a political context.
 * A mention alone is not partisan; the scorer looks for stance cues around mentions.
 */
export interface Mention {
  target: Target;
  first: number;
  last: number;
  start: number;
  end: number;
  /** How surely the words name the target ({@link MENTION_STRENGTH}). */
  strength: number;
  via: 'name' | 'party' | 'number' | 'amin' | 'nickname';
  /** A mocking name (candidate-nicknames.yaml tone `mocking`): itself an attack on the target. */
  mocking?: boolean;
}

/** A context nickname counts when a stance cue is this close to it (content tokens). */
const NICK_CUE_WINDOW = 5;

/** How surely each kind of mention names its target: a stance cue counts its weight times this. */
export const MENTION_STRENGTH = {
  /** A name, a nickname, or `AMIN` as pair 01. */
  name: 1,
  party: 0.9,
  /** A ballot number in a political context. */
  number: 0.85,
  /** A nickname that is also an everyday word ("abah", "gemoy"), in a political post or next to a cue. */
  contextNickname: 0.8,
} as const;

const PRAYER_WINDOW = 6;

/** `pilkada-tapianraya-2024/02` -> `pilkada-tapianraya-2024`. */
const contestOf = (pairId: string) => pairId.slice(0, pairId.lastIndexOf('/'));

/**
 * Does the post mention anything electoral: a target, a contest word, a campaign hashtag, or a
 * camp slur (kadrun, cebong)?
 */
export function politicalContext(ctx: RuleContext, mentions: readonly Mention[]): boolean {
  if (mentions.length > 0 || ctx.has('political')) return true;
  if (ctx.of('nickFigure').some((f) => !f.payload.context)) return true;
  if (ctx.of('slur').some((s) => s.payload.political)) return true;
  return ctx.a.hashtags.some((h) => ctx.index.promoTags.has(h.tag) || ctx.index.attackTags.has(h.tag));
}

export function findMentions(ctx: RuleContext): Mention[] {
  const { a, index } = ctx;
  const out: Mention[] = [];
  const add = (target: Target, m: { first: number; last: number; start: number; end: number }, strength: number, via: Mention['via']) =>
    out.push({ target, first: m.first, last: m.last, start: m.start, end: m.end, strength, via });

  for (const m of ctx.of('cand')) add(m.payload.target, m, MENTION_STRENGTH.name, 'name');
  // Nicknames that are nothing else name the candidate ("wowo", "prabroro"); see below for the
  // ones that are also everyday words.
  const nicks = ctx.of('nick');
  for (const m of nicks)
    if (!m.payload.context)
      out.push({
        target: m.payload.target,
        first: m.first,
        last: m.last,
        start: m.start,
        end: m.end,
        strength: MENTION_STRENGTH.name,
        via: 'nickname',
        mocking: m.payload.mocking,
      });
  for (const m of ctx.of('party')) add(m.payload.target, m, MENTION_STRENGTH.party, 'party');
  if (index.caseSensitive.size > 0) {
    for (let i = 0; i < a.tokens.length; i++) {
      const t = a.tokens[i]!;
      if (!index.caseSensitiveNorms.has(t.norm)) continue;
      const target = index.caseSensitive.get(a.original.slice(t.start, t.end));
      if (target) add(target, { first: i, last: i, start: t.start, end: t.end }, MENTION_STRENGTH.party, 'party');
    }
  }

  // "amin" names pair 01 only as AMIN in capitals, in a campaign hashtag, or right after a
  // campaign verb or word ("menangkan amin", "paslon amin"); never next to a prayer cue, and
  // never in its prayer spellings (aamiin, amiin: they normalise to "amin" too).
  const prayers = ctx.of('prayer');
  const campaignWords = [...ctx.of('support'), ...ctx.of('numberCue')];
  for (const m of ctx.of('ctxAlias')) {
    const t = a.tokens[m.first]!;
    const surface = a.original.slice(m.start, m.end);
    if (!/^amin$/i.test(surface)) continue;
    const nearPrayer = prayers.some((p) => gap(ctx, p, m) <= PRAYER_WINDOW);
    const inPromoTag = t.hashtag !== undefined && (index.promoTags.has(t.hashtag) || surface === 'AMIN');
    const afterCampaignWord = campaignWords.some((c) => c.last < m.first && gap(ctx, c, m) === 0);
    if (inPromoTag || (!nearPrayer && (surface === 'AMIN' || afterCampaignWord))) add(m.payload.target, m, MENTION_STRENGTH.name, 'amin');
  }

  // Ballot numbers of the default contest's pairs: right after a number cue or campaign verb
  // ("nomor 3", "coblos 02", "paslon 01"; also inside a hashtag: #Coblos3), or zero-padded
  // (01/02/03) in a political post or next to a stance word ("03 menang"). Party numbers need a
  // party cue ("partai nomor 8", "caleg 5").
  const cues = [...ctx.of('numberCue'), ...ctx.of('support'), ...ctx.of('attack')];
  const stance = [...ctx.of('support'), ...ctx.of('praise'), ...ctx.of('attack')];
  const partyCues = ctx.of('partyCue');
  // A post that names a regional race (its region or one of its candidates) means that race's
  // ballot numbers; otherwise numbers belong to the default contest (Pilpres).
  const regional = [
    ...ctx.of('region').map((r) => r.payload.contest),
    ...out.filter((o) => index.pairsByContest.has(contestOf(o.target.id))).map((o) => contestOf(o.target.id)),
  ];
  const numbers = (regional.length > 0 ? index.pairsByContest.get(regional[0]!) : undefined) ?? index.pairByNumber;
  let political: boolean | undefined;
  for (let i = 0; i < a.tokens.length; i++) {
    const t = a.tokens[i]!;
    if (t.kind !== 'number' && t.kind !== 'hashtag_part') continue;
    const n = ballotValue(t.norm);
    if (n === null || n < 1) continue;
    // "TPS 03", "RT 02", "dapil 1", "jam 2": the number of a place, a district or a time, never a ballot number.
    if (t.kind === 'number' && i > 0 && NOT_BALLOT_BEFORE.has(a.tokens[i - 1]!.norm)) continue;
    const here = { first: i, last: i };
    const sameTag = (c: { first: number }) => a.tokens[c.first]!.hashtag === t.hashtag;
    const partyCue = partyCues.some((c) => c.last < i && gap(ctx, c, here) <= 3 && sameTag(c));
    const party = index.partyByNumber.get(n);
    if (partyCue && party) {
      add(party, { ...here, start: t.start, end: t.end }, MENTION_STRENGTH.number, 'number');
      continue;
    }
    const pair: PairRef | undefined = numbers.get(n);
    if (!pair) continue;
    let ok = cues.some((c) => c.last < i && gap(ctx, c, here) <= 1 && sameTag(c));
    if (!ok && t.norm.length === 2 && t.norm.startsWith('0')) {
      political ??= politicalContext(ctx, out);
      ok = political || stance.some((c) => gap(ctx, c, here) <= 2);
    }
    if (ok) add(pair.target, { ...here, start: t.start, end: t.end }, MENTION_STRENGTH.number, 'number');
  }

  // Nicknames that are also everyday words or names ("abah", "anis", "gemoy", "samsul", "bocil")
  // name the candidate only in a post that is political by its other words, or next to a support,
  // praise or attack cue ("abah presidenku", "bocil gak layak jadi wapres"); never inside a longer nickname or name already
  // found ("pak bowo", "abah anies").
  const contextual = nicks.filter((m) => m.payload.context && !out.some((o) => o.first <= m.first && o.last >= m.last));
  if (contextual.length > 0) {
    // Not a gesture, a weak slogan or a laugh: "bareng bocil ✌️", "bocil gemoy", "abah ngakak" are everyday.
    const cues = [...ctx.of('support'), ...ctx.of('praise'), ...ctx.of('attack'), ...ctx.of('slogan').filter((s) => s.payload.strong)];
    political ??= politicalContext(ctx, out);
    for (const m of contextual) {
      const cued = cues.some((c) => (c.first > m.last || c.last < m.first) && gap(ctx, c, m) <= NICK_CUE_WINDOW);
      if (political || cued)
        out.push({
          target: m.payload.target,
          first: m.first,
          last: m.last,
          start: m.start,
          end: m.end,
          strength: MENTION_STRENGTH.contextNickname,
          via: 'nickname',
          mocking: m.payload.mocking,
        });
    }
  }
  return out.sort((x, y) => x.first - y.first);
}
