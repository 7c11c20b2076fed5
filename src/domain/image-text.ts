/** A box in image pixels: left, top, right, bottom (right and bottom exclusive). */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/**
 * Where a piece of evidence was read from when it is not the account's own words but text in
 * one of the post's images (OCR). Offsets of the evidence span point into that image's text,
 * never into the post's text.
 */
export interface ImageSource {
  /** The `image_texts` row holding the whole text read. */
  imageTextId: number;
  /** The `evidence` row of the image file. */
  evidenceId: number;
  /** SHA-256 of the image file (its name in the evidence store). */
  sha256: string;
  /** The image as the source gave it: a file path in an export, or a URL. */
  file: string;
  /** `tesseract.js 7.0.0 eng (...)`: which OCR read it. */
  ocr: string;
  /** Mean word confidence of the image's text, 0-100. */
  confidence: number;
  /** Boxes (image pixels) of the words this span covers, where the OCR gave them. */
  boxes: Box[];
  /** The image text's words in the span, with their confidence. */
  wordConfidence?: number[];
}

/** A post image's text as stored, what the classifier reads besides the post's own words. */
export interface PostImageText {
  id: number;
  postId: number;
  postVersion: number;
  evidenceId: number;
  sha256: string;
  /** The image file's path in the evidence store. */
  storagePath: string;
  file: string;
  ocr: string;
  text: string;
  confidence: number;
  words: { text: string; confidence: number; box: Box; start: number; end: number }[];
}
