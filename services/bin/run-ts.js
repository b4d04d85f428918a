#!/usr/bin/env node
// Runs a TypeScript script (bench/, eval/, tools/) with the same loader as bin/colloquy-dev.js: node bin/run-ts.js file.ts [args]
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const [script, ...args] = process.argv.slice(2);
if (!script) {
  process.stderr.write('usage: run-ts.js <script.ts> [args]\n');
  process.exit(2);
}
process.argv = [process.argv[0], script, ...args];
await import(pathToFileURL(path.resolve(script)).href);
