import { AjvCompiler } from '@fastify/ajv-compiler';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import type { SwaggerTransform } from '@fastify/swagger';
import type { FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { $ZodType } from 'zod/v4/core';

/**
 * Routes described by the contract carry zod schemas; routes not yet converted still carry plain
 * JSON schemas. Each schema goes to the compiler that understands it: zod validates and encodes the
 * first, Fastify's own Ajv and fast-json-stringify the second.
 */
const isZod = (schema: unknown): schema is $ZodType => schema instanceof $ZodType;

const ajvFactory = AjvCompiler();
const fjsFactory = SerializerSelector();
type AjvCompile = ReturnType<typeof ajvFactory>;
type FjsCompile = ReturnType<typeof fjsFactory>;

export const schemaController: FastifyServerOptions['schemaController'] = {
  compilersFactory: {
    buildValidator: (...args: Parameters<typeof ajvFactory>) => {
      const ajv = ajvFactory(...args);
      return ((route: { schema: unknown }) =>
        isZod(route.schema) ? validatorCompiler(route as never) : ajv(route as never)) as AjvCompile;
    },
    buildSerializer: (...args: Parameters<typeof fjsFactory>) => {
      const fjs = fjsFactory(...args);
      return ((route: { schema: unknown }) =>
        isZod(route.schema) ? serializerCompiler(route as never) : fjs(route as never)) as FjsCompile;
    },
  },
};

/** The OpenAPI transform: zod schemas become JSON schemas; plain JSON schemas pass as they are. */
export const openApiTransform: SwaggerTransform = (document) => {
  const parts = Object.values(document.schema ?? {}).flatMap((part) => [part, ...Object.values(isPlainObject(part) ? part : {})]);
  return parts.some(isZod) ? jsonSchemaTransform(document) : { schema: document.schema, url: document.url };
};

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !isZod(value);
