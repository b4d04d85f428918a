#!/usr/bin/env node
// Colloquy's command line. TypeScript sources run through tsx's loader (no build step).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/index.ts');
