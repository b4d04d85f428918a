/** npm run bench -- <name>: runs bench/<name>.ts. */
const name = process.argv[2];
const benches: Record<string, () => Promise<unknown>> = {
  ingest: () => import('./ingest.ts'),
  load: () => import('./load.ts'),
  search: () => import('./search.ts'),
  web: () => import('./web.ts'),
};
if (!name || !benches[name]) {
  process.stderr.write(`usage: npm run bench -- <${Object.keys(benches).join('|')}>\n`);
  process.exit(2);
}
await benches[name]();
