import { describe, expect, it } from 'vitest';
import { clipQuotedText } from '../../../src/training/labelling/note-quotes.ts';

describe('notes of ids-only rows keep only a few words of the post', () => {
  const text = 'Ribuan WNA China Diberi KTP Elektronik Untuk Pemilu 2024';
  it('cuts every copied run longer than four words, whatever its case or punctuation', () => {
    expect(clipQuotedText("TurnBackHoax asserted 'ribuan wna china diberi ktp elektronik untuk pemilu 2024'", text)).toBe(
      "TurnBackHoax asserted 'ribuan wna china diberi…'",
    );
    expect(clipQuotedText("'Ribuan WNA, China diberi KTP' and 'untuk Pemilu 2024'", text)).toBe(
      "'Ribuan WNA, China diberi…' and 'untuk Pemilu 2024'",
    );
  });
  it('leaves notes that quote a few words, or none, unchanged', () => {
    expect(clipQuotedText("'KTP Elektronik' claim, no side", text)).toBe("'KTP Elektronik' claim, no side");
    expect(clipQuotedText('', text)).toBe('');
  });
  it('catches a copied run that starts inside a shorter one', () => {
    const t = 'kita ikut rapat warga lalu ikut ke rapat warga desa sebelah hari minggu';
    expect(clipQuotedText("'ikut rapat warga desa sebelah hari minggu'", t)).toBe("'ikut rapat warga desa sebelah…'");
  });
  it('never keeps the whole of a short post', () => {
    expect(clipQuotedText("'Anies Resmi Ditahan KPK' asserted", 'Anies Resmi Ditahan KPK')).toBe("'Anies Resmi Ditahan…' asserted");
  });
});
