#!/usr/bin/env node
// Runs before `npm start` and `npm run dev`: builds the web app when web/build is missing or older
// than its sources, so one command runs everything. A failed build does not stop the server: the
// API still starts, and its `/` says how to build the web app.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const built = path.join(web, 'build', 'index.html');
const sources = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package.json'].map((p) => path.join(web, p));

function newestMtime(p) {
  let stat;
  try {
    stat = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs.readdirSync(p).reduce((max, name) => Math.max(max, newestMtime(path.join(p, name))), stat.mtimeMs);
}

const builtAt = fs.existsSync(built) ? fs.statSync(built).mtimeMs : 0;
const changedAt = Math.max(...sources.map(newestMtime));
if (builtAt && builtAt >= changedAt) process.exit(0);

process.stdout.write(builtAt ? 'The web app changed since it was built: building it again…\n' : 'Building the web app (once)…\n');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const result = spawnSync(npm, ['run', 'build', '--silent'], { cwd: web, stdio: 'inherit' });
if (result.status !== 0) {
  process.stderr.write(
    `\nThe web app could not be built (${result.error?.message ?? `exit code ${result.status}`}).\n` +
      'Colloquy starts anyway; the API works. Run `npm install`, then `npm run build`, and reload.\n\n',
  );
}
