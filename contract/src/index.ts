/**
 * Colloquy's API contract: import from '@colloquy/contract' in services/ and web/.
 *
 * Conventions (follow them when adding to the contract):
 * - One file per API area (`spaces.ts`, `conferences.ts`, …), re-exported here.
 * - Schemas are named like the thing (`Space`, `Member`, `Statement`); request bodies like the
 *   operation (`CreateSpaceBody`), query strings `…Query`. Next to each schema:
 *   `export type Space = z.infer<typeof Space>` (`z.input` for bodies with defaults).
 * - Each file exports `xxxOperations = defineOperations({...})` keyed by operationId, camelCase
 *   verbs (`createSpace`, `listSpaces`, `getSpace`); services/ registers each with `routeOf(op)`.
 * - Responses describe exactly the JSON on the wire: timestamps are `IsoDate` strings (the server's
 *   row → JSON functions call `.toISOString()`), no transforms in response schemas (so `z.infer` is
 *   the wire type), nullable fields `.nullable()`, fields present in only some answers `.optional()`.
 * - Error codes live only in `errors.ts` (`ERRORS`); the common error answers are added by services/.
 */
export * from './common.ts';
export * from './text.ts';
export * from './operation.ts';
export * from './errors.ts';
export * from './accounts.ts';
export * from './spaces.ts';
export * from './conferences.ts';
export * from './contributions.ts';
export * from './statements.ts';
export * from './search.ts';
export * from './events.ts';
export * from './health.ts';
export * from './reactions.ts';
export * from './feed.ts';
export * from './digests.ts';
export * from './notifications.ts';
export * from './directory.ts';
export * from './forwards.ts';
export * from './interviews.ts';
export * from './candidate.ts';
export * from './experts.ts';
export * from './webhooks.ts';
export * from './exports.ts';
export * from './speakers.ts';
export * from './participation.ts';
export * from './moderation.ts';
export * from './live-round.ts';
export * from './agendas.ts';
