#!/usr/bin/env node
// Copies what the compiled server reads next to its code but tsc does not emit (data files such as
// the act model's weights) from services/src to services/dist, keeping their paths.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const services = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../services');
const from = path.join(services, 'src');
const to = path.join(services, 'dist');

function copy(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) copy(full);
    else if (!entry.name.endsWith('.ts')) {
      const target = path.join(to, path.relative(from, full));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.copyFileSync(full, target);
    }
  }
}
copy(from);
