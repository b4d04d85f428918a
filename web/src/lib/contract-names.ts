/**
 * Names for parts of the contract's shapes that the contract leaves unnamed. Every shape is the
 * contract's (`@colloquy/contract`); these only give the web a word for one piece of it.
 * Types only: nothing of the contract or zod is bundled into the pages.
 */
import type { CreateForwardBody, EmailKind as EmailKindSchema, Id as IdSchema, Summary } from '@colloquy/contract';
import type { z } from 'zod';

/** A uuid, as every id travels. */
export type Id = z.infer<typeof IdSchema>;

/** A notification kind that may also come by email. */
export type EmailKind = z.infer<typeof EmailKindSchema>;

/** One chapter of a contribution's summary. */
export type Chapter = Summary['chapters'][number];

/** Whom a statement is forwarded to: one of userId, personId or email (`name` names a new expert). */
export type ForwardTarget = Omit<CreateForwardBody, 'note'>;

/**
 * A query string as the web writes it: the parsed values (numbers, booleans rather than the
 * strings the wire carries), each optional but the keys K (the server fills in its defaults).
 */
export type QueryOf<S extends z.ZodType, K extends keyof z.output<S> = never> = Partial<z.output<S>> & Pick<z.output<S>, K>;
