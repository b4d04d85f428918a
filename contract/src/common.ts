import { z } from 'zod';
import { ERROR_CODES } from './errors.ts';

/** Building blocks every part of the contract shares. */

/** Any 8-4-4-4-12 hex id (what PostgreSQL's uuid type accepts), whatever its version bits. */
export const Id = z.guid();
export type Id = z.infer<typeof Id>;
/** Timestamps travel as ISO 8601 strings (the server converts its Dates). */
export const IsoDate = z.iso.datetime({ offset: true });

export const IdParams = z.object({ id: Id });

/** Every error: `{error: {code, message}}`; the codes are in errors.ts. */
export const ErrorBody = z.object({ error: z.object({ code: z.enum(ERROR_CODES), message: z.string() }) });
export type ErrorBody = z.infer<typeof ErrorBody>;
