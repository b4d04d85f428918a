import { z } from 'zod';
import { ERROR_CODES } from './errors.ts';

/** Building blocks every part of the contract shares. */

/** Any 8-4-4-4-12 hex id (what PostgreSQL's uuid type accepts), whatever its version bits. */
export const Id = z.guid();
export type Id = z.infer<typeof Id>;
/** Timestamps travel as ISO 8601 strings (the server converts its Dates). */
export const IsoDate = z.iso.datetime({ offset: true });

export const IdParams = z.object({ id: Id });

/**
 * An integer a caller sends, bounded to what a PostgreSQL `integer` column holds: z.int() alone
 * lets 2^53−1 through to the database, which answers 500. `BoundedNumber` likewise for decimals.
 */
export const Int = z
  .int()
  .min(-(2 ** 31))
  .max(2 ** 31 - 1);
export const BoundedNumber = z
  .number()
  .min(-(2 ** 31))
  .max(2 ** 31 - 1);

/** Every error: `{error: {code, message}}`; the codes are in errors.ts. */
export const ErrorBody = z.object({ error: z.object({ code: z.enum(ERROR_CODES), message: z.string() }) });
export type ErrorBody = z.infer<typeof ErrorBody>;
