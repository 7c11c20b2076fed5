import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';

export type Tf = typeof tf;
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

let ready: Promise<BackendName> | undefined;

/**
 * Pick the TensorFlow.js backend once per process: tfjs-node (`tensorflow`) when it loads, else
 * wasm, else the plain JS cpu backend. tfjs-node is an optional dependency that does not install
 * here (its install script downloads libtensorflow), so it is imported by a variable name and a
 * failure is expected. Every tensor op must wait for this promise.
 */
export function initBackend(prefer?: BackendName): Promise<BackendName> {
  ready ??= (async (): Promise<BackendName> => {
    const order: BackendName[] = prefer ? [prefer, 'tensorflow', 'wasm', 'cpu'] : ['tensorflow', 'wasm', 'cpu'];
    for (const name of order) {
      try {
        if (name === 'tensorflow') {
          const mod = '@tensorflow/tfjs-node';
          await import(mod);
        }
        if (await tf.setBackend(name)) {
          await tf.ready();
          return name;
        }
      } catch {
        // next backend
      }
    }
    throw new Error('no TensorFlow.js backend could be initialised (tried tfjs-node, wasm, cpu)');
  })();
  return ready;
}

export { tf };
