#!/usr/bin/env node
// Colloquy's command line, compiled (`npm run build` writes services/dist and contract/dist): what
// `npm start` and the deployment units run. The TypeScript sources run through bin/colloquy-dev.js.
import fs from 'node:fs';
import { register } from 'node:module';

const entry = new URL('../dist/cli/index.js', import.meta.url);
if (!fs.existsSync(entry)) {
  process.stderr.write('Colloquy is not built: run `npm run build` (or `npm run dev` to run the sources).\n');
  process.exit(1);
}
// Workspace packages export their compiled files under the "colloquy-compiled" condition.
register('./compiled-conditions.js', import.meta.url);
await import(entry.href);
