import type { Analyse } from '../../nlp/analyse.ts';
import { ballotValue } from '../../nlp/numbers.ts';
import type { AnalysedText, Token } from '../../nlp/types.ts';

/**
 * Phrase matching over the token stream: a token-sequence trie keyed on normalised forms (or on
 * stems, for phrases marked `stem`), walked from every content token. Punctuation is skipped, so
 * "bagi-bagi", "bagi bagi" and "bagi2" all read `bagi bagi`. Phrases are compiled with the same
 * text pipeline as the posts, so a lexicon may be written in any spelling.
 *
 * Slots: `{ballot}` = a ballot number (0-24, with or without leading zero), `{num}` = any number
 * token, `{any}` = any one token.
 */

/** One match: token indices (into `AnalysedText.tokens`) and its span in the ORIGINAL text. */
export interface PhraseMatch<P> {
  payload: P;
  /** Index of the first and last matched token. */
  first: number;
  last: number;
  start: number;
  end: number;
}

interface Node<P> {
  next: Map<string, Node<P>>;
  ends: P[];
}

const SLOT = /\{(ballot|num|any)\}/g;
const newNode = <P>(): Node<P> => ({ next: new Map(), ends: [] });

export class PhraseMatcher<P> {
  private readonly byNorm: Node<P> = newNode();
  private readonly byStem: Node<P> = newNode();
  private hasStem = false;
  /** Whether a phrase starts with a slot (then no token can be skipped by the fast exit). */
  private normRootSlots = false;
  private stemRootSlots = false;

  constructor(private readonly analyse: Analyse) {}

  /** The keys a phrase compiles to (for tests and error messages). */
  compile(phrase: string, stem = false): string[] {
    const keys: string[] = [];
    let pos = 0;
    SLOT.lastIndex = 0;
    const literal = (s: string) => {
      for (const t of this.analyse(s).tokens) if (t.kind !== 'punct') keys.push(stem ? t.stem : t.norm);
    };
    for (let m = SLOT.exec(phrase); m; m = SLOT.exec(phrase)) {
      literal(phrase.slice(pos, m.index));
      keys.push(`@${m[1]}`);
      pos = m.index + m[0].length;
    }
    literal(phrase.slice(pos));
    return keys;
  }

  /** Add a phrase; returns false (and adds nothing) when it compiles to no token. */
  add(phrase: string, payload: P, o: { stem?: boolean } = {}): boolean {
    const keys = this.compile(phrase, o.stem);
    if (keys.length === 0) return false;
    let node = o.stem ? this.byStem : this.byNorm;
    if (o.stem) this.hasStem = true;
    if (keys[0]!.startsWith('@')) {
      if (o.stem) this.stemRootSlots = true;
      else this.normRootSlots = true;
    }
    for (const k of keys) {
      let n = node.next.get(k);
      if (!n) node.next.set(k, (n = newNode()));
      node = n;
    }
    node.ends.push(payload);
    return true;
  }

  /** Every match in the text, in order of first token; overlapping matches are all returned. */
  match(a: AnalysedText): PhraseMatch<P>[] {
    const toks = a.tokens;
    const content: number[] = [];
    for (let i = 0; i < toks.length; i++) if (toks[i]!.kind !== 'punct') content.push(i);
    const out: PhraseMatch<P>[] = [];
    for (let ci = 0; ci < content.length; ci++) {
      this.walk(this.byNorm, toks, content, ci, false, out);
      if (this.hasStem) this.walk(this.byStem, toks, content, ci, true, out);
    }
    return out;
  }

  private walk(root: Node<P>, toks: Token[], content: number[], from: number, stem: boolean, out: PhraseMatch<P>[]): void {
    // Fast exit: most tokens start no phrase.
    const t0 = toks[content[from]!]!;
    const k0 = stem ? t0.stem : t0.norm;
    if (!root.next.has(k0) && !(stem ? this.stemRootSlots : this.normRootSlots)) return;
    // Depth-first over (node, position); slots make more than one branch possible.
    const nodes: Node<P>[] = [root];
    const at: number[] = [from];
    while (nodes.length > 0) {
      const node = nodes.pop()!;
      const ci = at.pop()!;
      if (ci >= content.length) continue;
      const t = toks[content[ci]!]!;
      const key = stem ? t.stem : t.norm;
      const exact = node.next.get(key);
      if (exact) this.step(exact, toks, content, from, ci, nodes, at, out);
      if (node.next.size > 1 || !exact) {
        const any = node.next.get('@any');
        if (any) this.step(any, toks, content, from, ci, nodes, at, out);
        if (t.kind === 'number' || (t.kind === 'hashtag_part' && /^[0-9<]/.test(t.norm))) {
          const num = node.next.get('@num');
          if (num) this.step(num, toks, content, from, ci, nodes, at, out);
          const ballot = node.next.get('@ballot');
          if (ballot && ballotValue(t.norm) !== null) this.step(ballot, toks, content, from, ci, nodes, at, out);
        }
      }
    }
  }

  private step(
    n: Node<P>,
    toks: Token[],
    content: number[],
    from: number,
    ci: number,
    nodes: Node<P>[],
    at: number[],
    out: PhraseMatch<P>[],
  ): void {
    if (n.ends.length > 0) {
      const first = content[from]!;
      const last = content[ci]!;
      for (const p of n.ends) out.push({ payload: p, first, last, start: toks[first]!.start, end: toks[last]!.end });
    }
    if (n.next.size > 0) {
      nodes.push(n);
      at.push(ci + 1);
    }
  }
}
