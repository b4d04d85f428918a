#!/usr/bin/env node
// Colloquy's command line from the TypeScript sources, through tsx's loader (no build step): what
// `npm run dev`, the tests, eval/ and bench/ run. Production runs the compiled bin/colloquy.js.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/index.ts');
