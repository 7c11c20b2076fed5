/**
 * Error classes tell the runner what to do (retry, skip, stop) and what to tell the user.
 * Wrap lower-level errors with `{ cause }`.
 */

/** A problem the user can fix (bad file, bad flag): printed without a stack trace. */
export class UserError extends Error {
  override name = 'UserError';
}

/** One problem in an input file, located by file, line and field. */
export interface InputProblem {
  file: string;
  line: number;
  field?: string;
  message: string;
}

export function formatProblem(p: InputProblem): string {
  return `${p.file}:${p.line}${p.field ? `: field "${p.field}"` : ''}: ${p.message}`;
}

/** An input file with one or more bad rows; nothing from it was stored. */
export class InputFileError extends UserError {
  override name = 'InputFileError';
  constructor(
    readonly problems: InputProblem[],
    summary?: string,
  ) {
    const shown = problems.slice(0, 50).map(formatProblem);
    const more = problems.length > 50 ? [`... and ${problems.length - 50} more problems`] : [];
    super(
      [summary ?? `${problems.length} problem(s) in ${problems[0]?.file ?? 'input'}; nothing was stored`, ...shown, ...more].join('\n  '),
    );
  }
}

/** Worth retrying later (timeouts, 429, 5xx, a busy database). */
export class RetryableError extends Error {
  override name = 'RetryableError';
  constructor(
    message: string,
    readonly retryAfterMs?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Retrying cannot help (not found, private, malformed data). */
export class PermanentError extends Error {
  override name = 'PermanentError';
}
