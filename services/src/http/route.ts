import { ErrorBody, type Operation } from '@colloquy/contract';

/** The error answers every operation may give (`{error: {code, message}}`), added to each route's schema. */
const errorResponses = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody } as const;

type RouteSchema<O extends Operation & { operationId: string }> = {
  operationId: O['operationId'];
  tags: O['tags'];
  summary: string;
  description?: string;
  params: O['params'];
  querystring: O['querystring'];
  body: O['body'];
  response: typeof errorResponses & NonNullable<O['response']>;
};

/**
 * A contract operation as Fastify route options, types kept:
 * `app.withTypeProvider<ZodTypeProvider>().route({ ...routeOf(ops.getSpace), handler })`
 * gives the handler typed params, query and body and checks what it sends.
 */
export function routeOf<const O extends Operation & { operationId: string }>(op: O) {
  const { method, url, response, ...parts } = op;
  // Parts the operation leaves out stay out (Fastify warns about schema keys set to undefined).
  const defined = Object.fromEntries(Object.entries(parts).filter(([, part]) => part !== undefined));
  return { method, url, schema: { ...defined, response: { ...errorResponses, ...response } } as RouteSchema<O> };
}
