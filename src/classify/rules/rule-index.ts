import type { Target } from '../../domain/classification.ts';
import type { Analyse } from '../../nlp/analyse.ts';
import type { RuleLexicons } from './lexicon.load.ts';
import type { Pair } from './lexicon.schema.ts';
import { PhraseMatcher } from './phrase-matcher.ts';

/** What a lexicon phrase stands for once compiled: the matcher returns these. */
export type Payload =
  | { k: 'cand'; target: Target; pair: PairRef }
  | { k: 'ctxAlias'; target: Target; pair: PairRef; alias: string }
  /** A nickname (candidate-nicknames.yaml); `context`: names the candidate only in an otherwise political post. */
  | { k: 'nick'; target: Target; pair: PairRef; context: boolean; mocking: boolean; text: string }
  /** A nickname of a figure who is not a candidate (context only). */
  | { k: 'nickFigure'; context: boolean }
  | { k: 'party'; target: Target }
  | { k: 'region'; contest: string }
  | { k: 'slogan'; target: Target; strong: boolean; text: string }
  | { k: 'gesture'; target: Target; salam: boolean; text: string }
  | { k: 'political' | 'figure' | 'news' | 'report' | 'official' | 'neutrality' | 'prayer' | 'numberCue' | 'partyCue' }
  | { k: 'support' | 'praise' | 'attack'; weight: number; text: string; follows: boolean; except?: Set<string> }
  | { k: 'mock'; weight: number; text: string }
  | { k: 'question' | 'firstPerson' }
  | { k: 'moneyOffer'; id: string; weight: number; context: boolean }
  | {
      k:
        | 'moneyItem'
        | 'moneyDist'
        | 'moneyVote'
        | 'moneyCondemn'
        | 'moneyReport'
        | 'moneyCondition'
        | 'moneyLawful'
        | 'moneyCounted'
        | 'moneyVoteAct'
        | 'moneyAttend';
    }
  | { k: 'group'; group: string }
  | { k: 'slur'; group: string; weight: number; political: boolean; text: string }
  | { k: 'hostile'; weight: number; incite: boolean; text: string }
  | { k: 'hateCondemn' }
  | { k: 'abusive'; word: string; weight: number }
  | { k: 'hoaxAssert' | 'hoaxTopic'; weight: number; text: string }
  | { k: 'hoaxDebunk' | 'hoaxQuestion' };

export type PayloadKind = Payload['k'];

/** A pair of a contest, as a target and by number. */
export interface PairRef {
  contest: string;
  number: number;
  target: Target;
}

/** The compiled form of the rule lexicons: one phrase matcher plus hashtag and number tables. */
export interface RuleIndex {
  matcher: PhraseMatcher<Payload>;
  /** Whole hashtags (lowercase, no #) -> the pair they promote. */
  promoTags: Map<string, PairRef>;
  /** Whole hashtags -> the pair they attack. */
  attackTags: Map<string, PairRef>;
  /** Ballot number -> pair of the number-default contest. */
  pairByNumber: Map<number, PairRef>;
  /** Contest id -> ballot number -> pair, for contests other than the default (regional races). */
  pairsByContest: Map<string, Map<number, PairRef>>;
  /** Party ballot number -> party target. */
  partyByNumber: Map<number, Target>;
  /** Case-sensitive aliases (exact surface, e.g. `PAN`) -> target. */
  caseSensitive: Map<string, Target>;
  /** Norms those aliases analyse to: only tokens with one of these are checked for case. */
  caseSensitiveNorms: Set<string>;
  /** News outlet handles and hashtags, lowercase. */
  newsOutlets: Set<string>;
  /** Words that by themselves make a hashtag read as news or contest naming, not promotion. */
  neutralTagWords: Set<string>;
}

const pairTarget = (p: Pair): Target => ({ kind: 'candidate_pair', id: p.id, name: p.name });

/** "Kabupaten Tapian Raya, Sumatera Utara" -> ["kabupaten tapian raya", "tapian raya"]. */
export function regionAliases(region: string): string[] {
  const first = region.split(',')[0]!.trim().toLowerCase();
  const bare = first.replace(/^(kabupaten|kab\.?|kota|provinsi|prov\.?)\s+/, '');
  return bare && bare !== first ? [first, bare] : [first];
}

/** Compile the lexicons with the given text pipeline (the same one the posts go through). */
export function buildRuleIndex(lex: RuleLexicons, analyse: Analyse): RuleIndex {
  const m = new PhraseMatcher<Payload>(analyse);
  const promoTags = new Map<string, PairRef>();
  const attackTags = new Map<string, PairRef>();
  const pairByNumber = new Map<number, PairRef>();
  const caseSensitive = new Map<string, Target>();
  const coalitionPair = new Map<string, PairRef>();
  const pairsByContest = new Map<string, Map<number, PairRef>>();

  for (const c of lex.election.contests) {
    if (!c.numberDefault && c.pairs.length > 0) {
      pairsByContest.set(c.id, new Map());
      for (const r of c.regionAliases ?? regionAliases(c.region)) m.add(r, { k: 'region', contest: c.id });
    }
    for (const p of c.pairs) {
      const ref: PairRef = { contest: c.id, number: p.number, target: pairTarget(p) };
      if (c.numberDefault) pairByNumber.set(p.number, ref);
      else pairsByContest.get(c.id)!.set(p.number, ref);
      if (p.coalition) coalitionPair.set(p.coalition, ref);
      const cand: Payload = { k: 'cand', target: ref.target, pair: ref };
      for (const cd of p.candidates) for (const a of [cd.name, ...cd.aliases]) m.add(a, cand);
      for (const a of [...p.aliases, ...p.team]) m.add(a, cand);
      for (const a of p.contextAliases) m.add(a, { k: 'ctxAlias', target: ref.target, pair: ref, alias: a });
      for (const s of p.slogans) m.add(s.text, { k: 'slogan', target: ref.target, strong: s.strength === 'strong', text: s.text });
      if (p.gesture) {
        for (const g of [...p.gesture.phrases, ...p.gesture.emoji]) {
          m.add(g, { k: 'gesture', target: ref.target, salam: /^salam\b/.test(g), text: g });
        }
      }
      for (const t of p.hashtags?.promo ?? []) promoTags.set(t, ref);
    }
    for (const a of c.attackHashtags) {
      const p = c.pairs.find((x) => x.number === a.against)!;
      attackTags.set(a.tag, { contest: c.id, number: p.number, target: pairTarget(p) });
    }
  }
  const byId = new Map<string, PairRef>();
  for (const c of lex.election.contests) {
    for (const p of c.pairs) {
      const ref =
        pairByNumber.get(p.number)?.target.id === p.id
          ? pairByNumber.get(p.number)!
          : (pairsByContest.get(c.id)?.get(p.number) ?? { contest: c.id, number: p.number, target: pairTarget(p) });
      byId.set(p.id, ref);
      for (const cd of p.candidates) byId.set(cd.id, ref);
    }
  }
  for (const n of lex.nicknames.nicknames) {
    if (n.refers === 'figure') {
      m.add(n.text, { k: 'nickFigure', context: n.context });
      continue;
    }
    const ref = byId.get(n.refers)!; // checked when the lexicons were loaded
    m.add(n.text, { k: 'nick', target: ref.target, pair: ref, context: n.context, mocking: n.tone === 'mocking', text: n.text });
  }
  const partyByNumber = new Map<number, Target>();
  for (const p of lex.election.parties) {
    const target: Target = { kind: 'party', id: p.id, name: p.name };
    partyByNumber.set(p.number, target);
    for (const a of p.aliases) m.add(a, { k: 'party', target });
    for (const a of p.caseSensitive ?? []) caseSensitive.set(a, target);
  }
  for (const co of lex.election.coalitions) {
    const ref = coalitionPair.get(co.id);
    for (const a of co.aliases) m.add(a, ref ? { k: 'cand', target: ref.target, pair: ref } : { k: 'political' });
  }
  for (const t of lex.election.politicalTerms) m.add(t, { k: 'political' }, { stem: true });
  for (const t of lex.election.figures) m.add(t, { k: 'figure' });

  const pc = lex.partisan;
  for (const k of ['support', 'praise', 'attack'] as const) {
    for (const c of pc[k]) {
      const p: Payload = { k, weight: c.weight, text: c.text, follows: c.follows ?? false };
      if (c.except) p.except = new Set(c.except.map((x) => x.toLowerCase()));
      m.add(c.text, p, { stem: c.stem ?? false });
    }
  }
  for (const t of pc.news) m.add(t, { k: 'news' }, { stem: true });
  for (const t of pc.report) m.add(t, { k: 'report' }, { stem: true });
  for (const t of pc.official) m.add(t, { k: 'official' });
  for (const t of pc.neutrality) m.add(t, { k: 'neutrality' });
  for (const t of pc.prayer) m.add(t, { k: 'prayer' });
  for (const t of pc.numberCue) m.add(t, { k: 'numberCue' });
  for (const c of pc.mock) m.add(c.text, { k: 'mock', weight: c.weight, text: c.text }, { stem: c.stem ?? false });
  for (const t of pc.question) m.add(t, { k: 'question' });
  for (const t of pc.firstPerson) m.add(t, { k: 'firstPerson' });
  for (const t of ['partai', 'parpol', 'caleg', 'dpr', 'dprd', 'legislatif']) m.add(t, { k: 'partyCue' });

  const mp = lex.money;
  for (const o of mp.offers) m.add(o.text, { k: 'moneyOffer', id: o.id, weight: o.weight, context: o.context ?? false });
  for (const t of mp.items) m.add(t, { k: 'moneyItem' });
  for (const t of mp.distribution) m.add(t, { k: 'moneyDist' }, { stem: true });
  for (const t of mp.voteContext) m.add(t, { k: 'moneyVote' }, { stem: true });
  for (const t of mp.condemn) m.add(t, { k: 'moneyCondemn' }, { stem: true });
  for (const t of mp.report) m.add(t, { k: 'moneyReport' }, { stem: true });
  for (const t of mp.condition) m.add(t, { k: 'moneyCondition' }, { stem: true });
  for (const t of mp.lawful) m.add(t, { k: 'moneyLawful' });
  for (const t of mp.counted) m.add(t, { k: 'moneyCounted' });
  for (const t of mp.voteActs) m.add(t, { k: 'moneyVoteAct' }, { stem: true });
  for (const t of mp.attend) m.add(t, { k: 'moneyAttend' }, { stem: true });

  const h = lex.hate;
  for (const [group, terms] of Object.entries(h.groups)) for (const t of terms) m.add(t, { k: 'group', group });
  for (const s of h.slurs) m.add(s.text, { k: 'slur', group: s.group, weight: s.weight, political: s.political ?? false, text: s.text });
  for (const c of h.hostile)
    m.add(c.text, { k: 'hostile', weight: c.weight, incite: c.incite ?? false, text: c.text }, { stem: c.stem ?? false });
  for (const t of h.condemn) m.add(t, { k: 'hateCondemn' });

  for (const w of lex.abusive) if (w.weight > 0) m.add(w.word, { k: 'abusive', word: w.word, weight: w.weight });

  const hx = lex.hoax;
  for (const c of hx.assertion) m.add(c.text, { k: 'hoaxAssert', weight: c.weight, text: c.text }, { stem: c.stem ?? false });
  for (const c of hx.topics) m.add(c.text, { k: 'hoaxTopic', weight: c.weight, text: c.text }, { stem: c.stem ?? false });
  for (const t of hx.debunk) m.add(t, { k: 'hoaxDebunk' });
  for (const t of hx.question) m.add(t, { k: 'hoaxQuestion' });

  const newsOutlets = new Set(pc.newsOutlets.map((x) => x.toLowerCase().replace(/^@/, '')));
  const neutralTagWords = new Set([
    'pilpres',
    'pemilu',
    'pemilihan',
    'pilkada',
    'pileg',
    'debat',
    'capres',
    'cawapres',
    'news',
    'berita',
    'update',
    'politik',
    'nasional',
    'terkini',
    'info',
    'kpu',
    'bawaslu',
    'live',
    'breaking',
    ...newsOutlets,
  ]);
  const caseSensitiveNorms = new Set([...caseSensitive.keys()].flatMap((s) => analyse(s).tokens.map((t) => t.norm)));
  return {
    matcher: m,
    promoTags,
    attackTags,
    pairByNumber,
    pairsByContest,
    partyByNumber,
    caseSensitive,
    caseSensitiveNorms,
    newsOutlets,
    neutralTagWords,
  };
}
