import { politicalContext, type Mention } from './partisan-targets.ts';
import { newsVoice } from './partisan.score.ts';
import { gap, negated, type RuleContext } from './rule-context.ts';

/**
 * Stance features for the learned partisan model: WHO the post is about (a candidate, pair or
 * party named by name, nickname, ballot number or hashtag; one side or several; none) and WHAT it
 * says of them (support, a call to vote, praise, an attack, mockery next to the name) against the
 * voices that are not the poster's stance (news and reporting, a retweet of an outlet, a quote,
 * a question, official election information, a neutrality appeal). Each feature is a short name;
 * the model hashes them into its own block (src/model/features.ts, `ruleFeatures`) and learns
 * their weights, so the rules only say what is there, never how much it counts.
 *
 * Names: `t:` targets, `ctx:` political context, `h:` hashtags, `k:` a cue anywhere, `n:` a cue
 * within {@link NEAR} content tokens of a mention, `v:` the voice of the post, `c:` combinations.
 */
export const NEAR = 5;

const QUOTES = /["“”«»]|(^|\s)'[^']{3,}'/;
/** Words of a headline that are capitalised (Title Case), of at least 4 letters. */
const CAP_WORD = /^\p{Lu}[\p{Ll}\p{Lu}]{3,}/u;

export function stanceFeatures(ctx: RuleContext, mentions: readonly Mention[]): string[] {
  const { a } = ctx;
  const political = mentions.length > 0 || politicalContext(ctx, mentions);
  const f: string[] = [];
  const ids = new Set(mentions.map((m) => m.target.id));
  if (mentions.length === 0) f.push(political ? 'ctx:political-no-target' : 'ctx:none');
  else {
    f.push(ids.size === 1 ? 't:one' : 't:several');
    for (const via of new Set(mentions.map((m) => m.via))) f.push(`t:via:${via}`);
    if (mentions.some((m) => m.mocking)) f.push('t:mocking-name');
    if (mentions.some((m) => m.target.kind === 'party')) f.push('t:party');
  }

  for (const h of a.hashtags) {
    if (ctx.index.promoTags.has(h.tag)) f.push('h:promo');
    else if (ctx.index.attackTags.has(h.tag)) f.push('h:attack');
    else if (ctx.index.newsOutlets.has(h.tag)) f.push('h:outlet');
    else if (mentions.some((m) => m.first >= h.first && m.last < h.last)) f.push('h:names-target');
  }

  const near = (c: { first: number; last: number }) =>
    mentions.some((m) => !(m.first <= c.last && m.last >= c.first) && gap(ctx, c, m) <= NEAR);
  for (const kind of ['support', 'praise', 'attack', 'mock', 'slogan', 'gesture', 'abusive'] as const) {
    const ms = ctx.of(kind);
    if (ms.length === 0) continue;
    f.push(`k:${kind}`);
    const close = ms.filter(near);
    if (close.length === 0) continue;
    f.push(`n:${kind}`);
  }
  const support = ctx.of('support').filter(near);
  if (support.some((c) => c.payload.weight >= 0.8 && !negated(ctx, c))) f.push('n:support-strong');
  if (support.some((c) => negated(ctx, c))) f.push('n:support-negated');
  if (ctx.of('slogan').some((c) => c.payload.strong && near(c))) f.push('n:slogan-strong');
  if (ctx.of('slogan').some((s) => s.payload.strong)) f.push('k:slogan-strong');

  const outlet = newsVoice(ctx);
  const rt = /^\s*RT\b/.test(a.original) || /\[RE [^\]]+\]/.test(a.original);
  const question = ctx.has('question') || a.tokens.some((t) => t.kind === 'punct' && t.norm.includes('?'));
  const firstPerson = ctx.has('firstPerson');
  if (ctx.has('news')) f.push('v:news');
  if (outlet) f.push('v:outlet');
  if (rt) f.push(outlet ? 'v:rt-outlet' : 'v:rt');
  if (ctx.has('report')) f.push('v:report');
  if (ctx.has('official')) f.push('v:official');
  if (ctx.has('neutrality')) f.push('v:neutrality');
  if (question) f.push('v:question');
  if (/\?\s*$/.test(a.original)) f.push('v:ends-question');
  if (firstPerson) f.push('v:first-person');
  if (QUOTES.test(a.original)) f.push('v:quote');
  if (a.tokens.some((t) => t.kind === 'emoji')) f.push('v:emoji');
  if (headline(ctx)) f.push('v:headline');

  if (mentions.length > 0) {
    if (firstPerson && ctx.of('support').some(near)) f.push('c:first-person-support');
    if (question) f.push('c:question-target');
    if (ctx.has('official')) f.push('c:official-target');
    if (ctx.has('news') || outlet) f.push('c:news-target');
    if (ctx.has('neutrality')) f.push('c:neutrality-target');
    if (rt && !outlet) f.push('c:rt-target');
  }
  return f;
}

/**
 * The shape of a news headline: at least four words of which most are capitalised, no first
 * person and no emoji ("Anies Baswedan Serius Pelototi Biaya Mahal Tiket Pesawat").
 */
function headline(ctx: RuleContext): boolean {
  const { a } = ctx;
  let words = 0;
  let caps = 0;
  for (const t of a.tokens) {
    if (t.kind === 'emoji') return false;
    if (t.kind !== 'word') continue;
    const s = a.original.slice(t.start, t.end);
    if (s.length < 4) continue;
    words++;
    if (CAP_WORD.test(s)) caps++;
  }
  return words >= 4 && caps / words >= 0.6 && !ctx.has('firstPerson');
}
