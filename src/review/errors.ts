/**
 * Errors of the review use-cases; the HTTP layer maps each class to a status code. Every
 * message exists in Bahasa Indonesia (the app's language, shown on pages and as `pesan` in the
 * API) and in English (`message` in the API, logs).
 */
export interface Bilingual {
  id: string;
  en: string;
}

/** A message in both languages. */
export const msg = (id: string, en: string): Bilingual => ({ id, en });

export class ReviewError extends Error {
  override name = 'ReviewError';
  readonly status: number = 400;
  /** The message in Bahasa Indonesia. */
  readonly pesan: string;
  constructor(
    message: Bilingual,
    /** Machine-readable code for the API (`version_conflict`, `invalid_input`, ...). */
    readonly code: string,
    /** Extra details for the client (the current state in a conflict, the bad field). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message.en);
    this.pesan = message.id;
  }

  /** The message in a page's language. */
  text(lang: 'id' | 'en'): string {
    return lang === 'en' ? this.message : this.pesan;
  }
}

/** 400: the request is malformed or a field is invalid. */
export class InvalidInputError extends ReviewError {
  override name = 'InvalidInputError';
  override readonly status = 400;
  constructor(message: Bilingual, field?: string) {
    super(message, 'invalid_input', field ? { field } : undefined);
  }
}

/** 403: the role does not allow it. */
export class ForbiddenError extends ReviewError {
  override name = 'ForbiddenError';
  override readonly status = 403;
  constructor(message: Bilingual) {
    super(message, 'forbidden');
  }
}

/** 404. */
export class NotFoundError extends ReviewError {
  override name = 'NotFoundError';
  override readonly status = 404;
  constructor(message: Bilingual) {
    super(message, 'not_found');
  }
}

/** 409: someone else changed the thing first; nothing was written. */
export class ConflictError extends ReviewError {
  override name = 'ConflictError';
  override readonly status = 409;
}

/** 429 or 503: try again later (`retryAfterS` seconds). */
export class TryLaterError extends ReviewError {
  override name = 'TryLaterError';
  constructor(
    message: Bilingual,
    code: string,
    override readonly status: 429 | 503,
    readonly retryAfterS: number,
  ) {
    super(message, code);
  }
}
