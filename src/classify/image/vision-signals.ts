import type { ImageSource } from '../../domain/image-text.ts';
import { MIN_FINDING_CONFIDENCE, type ImageFinding } from '../../image/image-analyzer.ts';
import type { PhotoSignal } from './photo-signals.ts';

/** Weight of a vision finding's signal at full confidence. */
export const VISION_WEIGHT = 0.8;

/**
 * What an image analyzer saw, as partisan signals: only findings that stand for a candidate,
 * pair or party, at {@link MIN_FINDING_CONFIDENCE} or more. The span has no text offsets (it is
 * not text): its words are the finding's name, its box is where the model saw it.
 */
export function visionSignals(findings: readonly ImageFinding[], image: ImageSource, analyzer: string): PhotoSignal[] {
  return findings
    .filter((f) => f.target && f.confidence >= MIN_FINDING_CONFIDENCE)
    .map((f) => {
      const rule = `vision:${f.kind}` as const;
      const weight = Math.round(VISION_WEIGHT * f.confidence * 1000) / 1000;
      return {
        rule,
        weight,
        spans: [
          {
            label: 'partisan' as const,
            start: 0,
            end: 0,
            text: `${f.what} (${analyzer}, ${Math.round(f.confidence * 100)}%)`,
            source: 'model' as const,
            rule,
            weight,
            target: f.target!,
            image: { ...image, boxes: f.box ? [f.box] : [], wordConfidence: [] },
          },
        ],
      };
    });
}
