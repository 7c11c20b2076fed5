import type { Target } from '../domain/classification.ts';
import type { Box } from '../domain/image-text.ts';

/**
 * What a vision model saw in an image: a gesture (V sign, index finger, three fingers), a party
 * logo or symbol, a known person. netra ships no such model (none can be installed on its
 * machines); this is where one plugs in (README "Text in images": the gap and how to add one).
 */
export interface ImageFinding {
  kind: 'gesture' | 'logo' | 'symbol' | 'person';
  /** What it is, in words an analyst reads: `V sign`, `Gerindra logo`, `Prabowo Subianto`. */
  what: string;
  /** The candidate, pair or party it stands for, from the same lexicons (ids like `party/gerindra`). */
  target?: Target;
  /** The model's confidence, 0-1. */
  confidence: number;
  box?: Box;
}

/** A vision model behind one call. Implementations are chosen by name in a pipeline (`ocr.analyzer`). */
export interface ImageAnalyzer {
  readonly name: string;
  /** Model and version, recorded with every finding's evidence. */
  readonly version: string;
  analyze(image: Uint8Array): Promise<ImageFinding[]>;
  close?(): Promise<void>;
}

/**
 * The analyzers a pipeline may name. Empty: netra ships none. A deployment with a vision model
 * adds its factory here (e.g. `'onnx-gestures': () => openOnnxGestures(...)`), and every pipeline
 * that says `ocr: { analyzer: onnx-gestures }` uses it.
 */
export const IMAGE_ANALYZERS: Readonly<Record<string, () => Promise<ImageAnalyzer>>> = Object.freeze({});

/** Findings that count: something partisan (a target), seen with at least this confidence. */
export const MIN_FINDING_CONFIDENCE = 0.5;
