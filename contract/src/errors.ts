/**
 * Every error code the API or the pipeline can give, with its HTTP status and a default message:
 * the one catalogue. services/ throws only these codes (AppError takes an ErrorCode), web/ branches
 * on them, and the README's error table is checked against this list by a test.
 */
export const ERRORS = {
  E_BAD_REQUEST: { status: 400, message: 'the request is not valid' },
  E_VALIDATION: { status: 400, message: 'the request does not match the schema' },
  E_UNAUTHORIZED: { status: 401, message: 'sign in first' },
  E_FORBIDDEN: { status: 403, message: 'you may not do that' },
  E_NOT_FOUND: { status: 404, message: 'not found' },
  E_INTERNAL: { status: 500, message: 'internal error' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERRORS;
export const ERROR_CODES = Object.keys(ERRORS) as ErrorCode[];
export const isErrorCode = (code: string): code is ErrorCode => Object.hasOwn(ERRORS, code);
