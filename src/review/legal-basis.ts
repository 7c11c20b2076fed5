/**
 * The legal basis of a finding as a Bawaslu report writes it. The rule data (data/rules/
 * pledge.yaml, and every classification stored with it) cites laws with English connectives
 * ("UU 5/2014 art. 2(f) and 9(2) (now UU 20/2023)"); an Indonesian formal document says
 * "UU 5/2014 pasal 2 huruf f dan pasal 9 ayat (2) (kini UU 20/2023)".
 */
const REF = /(\d+)((?:\([0-9a-z]+\))*)/gi;

/** `280(1)(j)` -> `pasal 280 ayat (1) huruf j`. */
function article(ref: string): string {
  const m = /^(\d+)((?:\([0-9a-z]+\))*)$/i.exec(ref.trim());
  if (!m) return ref;
  const parts = [...(m[2] ?? '').matchAll(/\(([0-9a-z]+)\)/gi)].map((p) =>
    /^\d+$/.test(p[1]!) ? `ayat (${p[1]})` : `huruf ${p[1]!.toLowerCase()}`,
  );
  return ['pasal', m[1], ...parts].join(' ');
}

export function legalBasisIndonesian(text: string): string {
  return text
    .replace(/\barts?\.\s*((?:\d+(?:\([0-9a-z]+\))*)(?:\s*(?:,|and|dan)\s*\d+(?:\([0-9a-z]+\))*)*)/gi, (_m, refs: string) =>
      (refs.match(REF) ?? []).map(article).join(' dan '),
    )
    .replace(/\bas amended by\b/gi, 'sebagaimana diubah dengan')
    .replace(/\(now /gi, '(kini ')
    .replace(/\bno\.\s*/gi, 'butir ')
    .replace(/\band\b/gi, 'dan');
}
