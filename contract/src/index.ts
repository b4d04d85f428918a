/** Colloquy's API contract: import from '@colloquy/contract' in services/ and web/. */
export * from './common.ts';
export * from './operation.ts';
export * from './errors.ts';
export * from './interviews.ts';
export * from './candidate.ts';
export * from './experts.ts';
