/**
 * Reading an Indonesian fact-check article: its verdict label, category and the claim as it
 * circulated. Pure. TurnBackHoax (MAFINDO) marks the circulated text in several ways over the
 * years: `NARASI: “...”` / `[NARASI]: “...”` between `= = =` rules (until about 2022), or a
 * sentence ending in `narasi:` (or `narasi sebagai berikut:`) followed by the quoted text
 * (since). Where nothing marks it, the title (without its label) is the claim.
 */

/** Verdict labels that mean the article debunks what circulated. */
const FALSE_LABELS = new Set([
  'SALAH',
  'HOAKS',
  'HOAX',
  'DISINFORMASI',
  'MISINFORMASI',
  'FITNAH',
  'PENIPUAN',
  'KELIRU',
  'MENYESATKAN',
  'PALSU',
]);

/** The bracketed verdict at the start of a title (`[SALAH] ...`), upper-case, or null. */
export function verdictOf(title: string): string | null {
  const m = /^\s*\[([^\]]{2,30})\]/.exec(title);
  return m ? m[1]!.trim().toUpperCase() : null;
}

/** Whether a title's verdict says the claim is false (not a clarification, an explainer or a true story). */
export function isDebunk(title: string): boolean {
  const v = verdictOf(title);
  return v !== null && FALSE_LABELS.has(v);
}

/** The title without its verdict label. */
export function claimTitle(title: string): string {
  return title.replace(/^\s*\[[^\]]{2,30}\]\s*/, '').trim();
}

const STOP =
  /(?:={3,}|(?:=\s+){2,}=|\[?\bPENJELASAN\b\]?\s*:|\[?\bREFERENSI\b\]?\s*:|\bHasil Cek Fakta\b|\bKesimpulan\b|\bSumber\s*:|\bRujukan\b)/i;

function firstQuoted(s: string): string | null {
  const m = /[“"]([\s\S]{3,}?)[”"]/.exec(s);
  return m ? m[1]!.trim() : null;
}

/** The circulated claim text where the article marks it, else null. */
export function circulatedText(text: string): string | null {
  const labelled = /\[?\bNARASI\b\]?\s*:\s*/i.exec(text);
  if (labelled && /\[?NARASI\]?\s*:/.test(text.slice(labelled.index, labelled.index + labelled[0].length))) {
    const rest = text.slice(labelled.index + labelled[0].length);
    const end = STOP.exec(rest);
    const body = (end ? rest.slice(0, end.index) : rest).replace(/^\s*\(narasi[^)]*\)\s*/i, '').trim();
    const q = firstQuoted(body);
    const out = (q && q.length > body.length * 0.5 ? q : body).trim();
    if (out.length > 0) return out;
  }
  const intro = /narasi(?:\s+sebagai\s+berikut)?\s*:\s*/i.exec(text);
  if (intro) {
    const rest = text.slice(intro.index + intro[0].length);
    const end = STOP.exec(rest);
    const span = end ? rest.slice(0, end.index) : rest;
    const q = firstQuoted(span);
    if (q) return q;
  }
  return null;
}

/** The category line (`KATEGORI: ...`, `[KATEGORI]: ...`), else null. */
export function categoryOf(text: string): string | null {
  const m = /\[?\bKATEGORI\b\]?\s*:\s*([^\n=]{2,100})/i.exec(text);
  return m ? m[1]!.trim().replace(/\s+/g, ' ').slice(0, 100) : null;
}
