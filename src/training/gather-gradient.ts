import { tf } from '../model/tf-backend.ts';

let registered = false;

/**
 * The GatherV2 gradient as shipped is unusable for training an embedding: on the cpu backend it
 * makes one call per vocabulary row, and on wasm its `UnsortedSegmentSum` kernel is missing.
 * Replace it (for gathers along axis 0 without batch dims, the embedding lookup) by a
 * `scatterND` of the incoming gradient, which sums rows of repeated indices; other gathers keep
 * the original gradient. Checked against the original in test/unit/model.
 */
export function registerGatherGradient(): void {
  if (registered) return;
  const original = tf.getGradient('GatherV2');
  tf.registerGradient({
    kernelName: 'GatherV2',
    inputsToSave: ['x', 'indices'],
    gradFunc: (dy, saved, attrs) => {
      const [x, indices] = saved as [tf.Tensor, tf.Tensor];
      const { axis, batchDims } = attrs as unknown as { axis: number; batchDims: number };
      const ax = axis < 0 ? axis + x.rank : axis;
      if (ax !== 0 || (batchDims ?? 0) !== 0 || !original) {
        if (!original) throw new Error('no GatherV2 gradient registered');
        return original.gradFunc(dy, saved, attrs);
      }
      const d = dy as tf.Tensor;
      return {
        x: () => {
          const flatIdx = tf.reshape(indices, [-1, 1]);
          const rowShape = x.shape.slice(1);
          const upd = tf.reshape(d, [flatIdx.shape[0]!, ...rowShape]);
          return tf.scatterND(flatIdx, upd, x.shape);
        },
        indices: () => tf.zerosLike(indices),
      };
    },
  });
  registered = true;
}
