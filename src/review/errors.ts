/**
 * Errors of the review use-cases; the HTTP layer maps each class to a status code.
 */
export class ReviewError extends Error {
  override name = 'ReviewError';
  readonly status: number = 400;
  constructor(
    message: string,
    /** Machine-readable code for the API (`version_conflict`, `invalid_input`, ...). */
    readonly code: string,
    /** Extra details for the client (the current state in a conflict, the bad field). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** 400: the request is malformed or a field is invalid. */
export class InvalidInputError extends ReviewError {
  override name = 'InvalidInputError';
  override readonly status = 400;
  constructor(message: string, field?: string) {
    super(message, 'invalid_input', field ? { field } : undefined);
  }
}

/** 403: the role does not allow it. */
export class ForbiddenError extends ReviewError {
  override name = 'ForbiddenError';
  override readonly status = 403;
  constructor(message: string) {
    super(message, 'forbidden');
  }
}

/** 404. */
export class NotFoundError extends ReviewError {
  override name = 'NotFoundError';
  override readonly status = 404;
  constructor(message: string) {
    super(message, 'not_found');
  }
}

/** 409: someone else changed the thing first; nothing was written. */
export class ConflictError extends ReviewError {
  override name = 'ConflictError';
  override readonly status = 409;
}
