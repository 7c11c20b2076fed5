import { fileURLToPath } from 'node:url';
import path from 'node:path';

/**
 * The package root (the folder holding package.json), whatever the working directory.
 * Shipped resources (models/, data/lexicons/, pipelines/) resolve from here; user data
 * (.netra/) resolves from the working directory.
 */
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The shipped rule lexicons (`NETRA_LEXICON_DIR` by default). */
export const DEFAULT_LEXICON_DIR = path.join(PACKAGE_ROOT, 'data', 'lexicons');

/** Resolve a path given in config: absolute stays, relative is taken from `base`. */
export function resolveFrom(base: string, p: string): string {
  return path.isAbsolute(p) ? p : path.resolve(base, p);
}
