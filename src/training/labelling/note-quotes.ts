/**
 * Labellers' notes quote the decisive words of a post. On a row whose source licence does not
 * allow redistribution (ids only, stream-sources.ts `shipText`), a note must not carry the text
 * back into the repository: every run of more than `maxWords` consecutive words of the post's text
 * is cut to its first `maxWords` words and an ellipsis (for a text of at most `maxWords` words,
 * to one word fewer than the text, so that a note never holds a whole short post). Words are
 * compared case-insensitively on letters and digits, so punctuation or capitals in the quote do
 * not hide a copied run.
 */
const WORD = /[\p{L}\p{N}]+/gu;

export const NOTE_QUOTE_MAX_WORDS = 4;

export function clipQuotedText(note: string, text: string, maxWords = NOTE_QUOTE_MAX_WORDS): string {
  const textWords = text.toLowerCase().match(WORD) ?? [];
  const limit = Math.max(1, Math.min(maxWords, textWords.length - 1));
  const haystack = ` ${textWords.join(' ')} `;
  const words = [...note.matchAll(WORD)].map((m) => ({ w: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length }));
  const inText = (i: number, j: number) =>
    haystack.includes(
      ` ${words
        .slice(i, j)
        .map((x) => x.w)
        .join(' ')} `,
    );
  // Every note word that would extend a copied run past `limit` words is dropped; the runs are
  // found from every starting word, so overlapping runs are caught too.
  const drop = new Array<boolean>(words.length).fill(false);
  for (let i = 0; i < words.length; i++) {
    let j = i;
    while (j < words.length && inText(i, j + 1)) j++;
    for (let k = i + limit; k < j; k++) drop[k] = true;
  }
  let out = '';
  let at = 0;
  for (let k = 0; k < words.length; k++) {
    if (!drop[k]) continue;
    let e = k;
    while (e + 1 < words.length && drop[e + 1]) e++;
    out += `${note.slice(at, words[k - 1]!.end)}…`;
    at = words[e]!.end;
    k = e;
  }
  out += note.slice(at);
  return out;
}
