import { defineOperations } from '@colloquy/contract';
import swagger from '@fastify/swagger';
import Fastify from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { installErrorHandlers } from './errors.ts';
import { routeOf } from './route.ts';

const ops = defineOperations({
  greet: {
    method: 'POST',
    url: '/zod/:id',
    tags: ['test'],
    summary: 'a contract route',
    params: z.object({ id: z.guid() }),
    querystring: z.object({ times: z.coerce.number().int().min(1).default(1) }),
    body: z.object({ name: z.string().min(1) }),
    response: { 200: z.object({ greeting: z.string() }) },
  },
});

const app = Fastify();
app.setValidatorCompiler(validatorCompiler);
app.setSerializerCompiler(serializerCompiler);
beforeAll(async () => {
  installErrorHandlers(app); // errors answer {error: {code, message}}, as the contract's error schema says
  await app.register(swagger, { openapi: { info: { title: 't', version: '1' } }, transform: jsonSchemaTransform });
  app.withTypeProvider<ZodTypeProvider>().route({
    ...routeOf(ops.greet),
    handler: async (request) => ({ greeting: `hello ${request.body.name}`.repeat(request.query.times), secret: 'dropped' }),
  });
  await app.ready();
});
afterAll(() => app.close());

const id = '00000000-0000-0000-0000-000000000001';

describe('routeOf: a contract operation as a Fastify route', () => {
  it('validates and encodes a contract route with zod (coerced query, unknown keys dropped)', async () => {
    const ok = await app.inject({ method: 'POST', url: `/zod/${id}?times=2`, payload: { name: 'Ana' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ greeting: 'hello Anahello Ana' });
    const empty = await app.inject({ method: 'POST', url: `/zod/${id}`, payload: { name: '' } });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toBe('E_VALIDATION');
    expect((await app.inject({ method: 'POST', url: '/zod/not-an-id', payload: { name: 'A' } })).statusCode).toBe(400);
  });

  it('documents it in the OpenAPI document with its operationId', () => {
    const doc = app.swagger() as { paths: Record<string, Record<string, { operationId?: string; requestBody?: unknown }>> };
    expect(doc.paths['/zod/{id}'].post.operationId).toBe('greet');
    expect(JSON.stringify(doc.paths['/zod/{id}'].post.requestBody)).toContain('"name"');
  });
});
