/** The one error type domain code throws; the HTTP layer maps its code to a status. */
export type ErrorCode = 'not_found' | 'forbidden' | 'unauthorized' | 'invalid' | 'conflict' | 'rate_limited' | 'unavailable';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const httpStatus: Record<ErrorCode, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  unavailable: 503,
};
