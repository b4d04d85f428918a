#!/usr/bin/env node
// Runs after `vite build`: puts @ffmpeg/core (ffmpeg compiled to WebAssembly, for trimming a take
// in the browser) into build/ffmpeg/, so the app loads it from our own origin, never a CDN.
// It is copied after the build rather than kept in static/ because SvelteKit would brotli the
// 32 MB .wasm at maximum quality on every build (over a minute); a gzip copy (~1 s) is written
// here instead, which the server sends to browsers that accept it (preCompressed).
// `npm run dev -w web` serves the same files from node_modules (vite.config.ts).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const FFMPEG_CORE_FILES = ['ffmpeg-core.js', 'ffmpeg-core.wasm'];

/** @ffmpeg/core's ES module build (ffmpeg.wasm's worker is a module worker): its "import" export. */
export function ffmpegCoreDir() {
  return path.dirname(fileURLToPath(import.meta.resolve('@ffmpeg/core')));
}

function copy() {
  const from = ffmpegCoreDir();
  const to = path.join(web, 'build', 'ffmpeg');
  fs.mkdirSync(to, { recursive: true });
  for (const name of FFMPEG_CORE_FILES) {
    const source = fs.readFileSync(path.join(from, name));
    fs.writeFileSync(path.join(to, name), source);
    fs.writeFileSync(path.join(to, `${name}.gz`), zlib.gzipSync(source, { level: 6 }));
  }
  process.stdout.write(`copied @ffmpeg/core into ${path.relative(process.cwd(), to) || to}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) copy();
