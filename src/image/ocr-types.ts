import type { Box } from '../domain/image-text.ts';
export type { Box } from '../domain/image-text.ts';

/** One word the OCR read, with where it is in the image and how sure the engine was (0-100). */
export interface OcrWord {
  text: string;
  confidence: number;
  box: Box;
  /** Character offsets of this word in {@link OcrResult.text}. */
  start: number;
  end: number;
}

/** What OCR read from one image. */
export interface OcrResult {
  /** The words as lines of text (the words' `start`/`end` point into it). Empty: no text found. */
  text: string;
  /** Mean word confidence weighted by word length, 0-100; 0 when no word was read. */
  confidence: number;
  words: OcrWord[];
  /** Whether the words came from the image as it is, its negative, or both (light text on a dark ground). */
  passes: ('normal' | 'inverted')[];
}

/** Which OCR produced a text: stored with every image text, shown to analysts. */
export interface OcrEngineInfo {
  /** `tesseract.js`. */
  engine: string;
  /** The engine package's version, e.g. `7.0.0`. */
  engineVersion: string;
  /** The language model, e.g. `eng` or `ind`. */
  model: string;
  /** Where the model came from and which one: `npm @tesseract.js-data/eng@1.0.0 4.0.0_best_int` or a Debian file with its hash. */
  modelVersion: string;
  /** A short stable key over the above: an image is read once per key. */
  key: string;
}

/** Reads text from images; one engine instance is shared by a run's jobs and closed at the end. */
export interface OcrEngine {
  readonly info: OcrEngineInfo;
  recognize(image: Uint8Array): Promise<OcrResult>;
  close(): Promise<void>;
}
