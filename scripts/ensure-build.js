#!/usr/bin/env node
// Builds what is missing or older than its sources, so one command runs everything:
//   node scripts/ensure-build.js [web] [server]     (both when none is named)
// `server` compiles contract/ and services/ to dist/ (what `npm start` runs); `web` builds the
// SvelteKit app. A failed web build does not stop the server (its `/` says how to build the web
// app); a failed server build does.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TARGETS = {
  web: {
    output: 'web/build/index.html',
    sources: ['web/src', 'web/static', 'web/svelte.config.js', 'web/vite.config.ts', 'web/package.json', 'contract/src'],
    workspaces: ['web'],
    required: false,
  },
  server: {
    output: 'services/dist/cli/index.js',
    sources: ['contract/src', 'contract/tsconfig.build.json', 'services/src', 'services/tsconfig.build.json'],
    workspaces: ['contract', 'services'],
    required: true,
  },
};

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

function ensure(name) {
  const target = TARGETS[name];
  const output = path.join(root, target.output);
  const builtAt = fs.existsSync(output) ? fs.statSync(output).mtimeMs : 0;
  const changedAt = Math.max(...target.sources.map((s) => newestMtime(path.join(root, s))));
  if (builtAt && builtAt >= changedAt) return true;
  process.stdout.write(builtAt ? `The ${name} changed since it was built: building it again…\n` : `Building the ${name} (once)…\n`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  for (const workspace of target.workspaces) {
    const result = spawnSync(npm, ['run', 'build', '--silent', '-w', workspace], { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) {
      process.stderr.write(`\nThe ${name} could not be built (${result.error?.message ?? `exit code ${result.status}`}).\n`);
      if (target.required) return false;
      process.stderr.write('Colloquy starts anyway; the API works. Run `npm install`, then `npm run build`, and reload.\n\n');
      return true;
    }
  }
  // tsc leaves an up-to-date output untouched; mark the build so the next check sees it as fresh.
  const now = new Date();
  if (fs.existsSync(output)) fs.utimesSync(output, now, now);
  return true;
}

const names = process.argv.slice(2);
for (const name of names.length ? names : Object.keys(TARGETS)) {
  if (!TARGETS[name]) {
    process.stderr.write(`unknown build target: ${name} (web or server)\n`);
    process.exit(2);
  }
  if (!ensure(name)) process.exit(1);
}
