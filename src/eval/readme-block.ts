import { UserError } from '../domain/errors.ts';

/** The markers of the generated model card in the README. */
export const CARD_BEGIN = '<!-- EVAL-ALL -->';
export const CARD_END = '<!-- /EVAL-ALL -->';

/**
 * `readme` with the text between the two markers replaced by `block` (markers kept). Throws when
 * the markers are missing, repeated or out of order: nothing is written then.
 */
export function replaceBlock(readme: string, block: string, file = 'README.md', begin = CARD_BEGIN, end = CARD_END): string {
  const b = readme.indexOf(begin);
  const e = readme.indexOf(end);
  if (b < 0 || e < 0 || e < b || readme.indexOf(begin, b + 1) >= 0 || readme.indexOf(end, e + 1) >= 0) {
    throw new UserError(`${file}: needs exactly one "${begin}" line followed by one "${end}" line around the generated model card`);
  }
  return `${readme.slice(0, b + begin.length)}\n${block.trimEnd()}\n${readme.slice(e)}`;
}
