import type { z } from 'zod';

/**
 * One HTTP operation of the API: where it lives, what it takes and what it answers. services/
 * registers its Fastify route from it (validation, serialisation, OpenAPI) and web/ types its
 * client with it, so the two cannot drift.
 */
export interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Fastify's path syntax: `/api/spaces/:id`. */
  url: string;
  summary: string;
  tags: readonly string[];
  description?: string;
  params?: z.ZodType;
  querystring?: z.ZodType;
  /** `[]`: open to anonymous callers (OpenAPI `security`); services/ must register its route in the public scope. */
  security?: readonly [];
  /** Request content types other than JSON, e.g. `['multipart/form-data']` for uploads (parsed by the handler). */
  consumes?: readonly string[];
  /** JSON bodies only; multipart uploads are parsed by the handler and described in `description`. */
  body?: z.ZodType;
  /** Success responses by status: a zod schema for JSON, a `content` entry for media, captions and event streams. */
  response?: { readonly [status: number]: z.ZodType | NonJsonResponse };
}

/** An answer that is not JSON (media, captions, an event stream), documented by its content type. */
export interface NonJsonResponse {
  description: string;
  content: { readonly [mime: string]: { schema: z.ZodType } };
}

/** Operations keyed by their operationId; the key is copied in so a route needs only its operation. */
export function defineOperations<const T extends Record<string, Operation>>(
  ops: T,
): { [K in keyof T]: T[K] & { operationId: K & string } } {
  return Object.fromEntries(Object.entries(ops).map(([operationId, op]) => [operationId, { ...op, operationId }])) as {
    [K in keyof T]: T[K] & { operationId: K & string };
  };
}

/** The JSON an operation answers with a status, as the web receives it. */
export type ResponseOf<O extends Operation, S extends number = 200> = O['response'] extends { [K in S]: infer R extends z.ZodType }
  ? z.output<R>
  : never;
