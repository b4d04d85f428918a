/**
 * A query string as the web writes it: the parsed values (numbers, booleans rather than the
 * strings the wire carries), each optional but the keys K (the server fills in its defaults).
 * The contract exports its query schemas' wire types (z.input); the web writes their outputs.
 * Types only: nothing of the contract or zod is bundled into the pages.
 */
import type { z } from 'zod';

export type QueryOf<S extends z.ZodType, K extends keyof z.output<S> = never> = Partial<z.output<S>> & Pick<z.output<S>, K>;
