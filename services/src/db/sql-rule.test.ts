/**
 * The SQL rule: every query lives in db/repos/*.repo.ts (one repository per table or closely-knit
 * group of tables); features call repository functions. Only the database infrastructure in db/
 * and the job-queue adapter (jobs/queue.ts, which talks to pg-boss's own tables) run SQL directly.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '..');

/** Paths (relative to services/src, with /) that may run SQL themselves. */
const ALLOWED = [/^db\//, /^jobs\/queue\.ts$/];

/** Ways code runs SQL on a database handle (Db or a transaction's Queryable). */
const SQL_CALLS: { what: string; pattern: RegExp }[] = [
  { what: '.query(…)', pattern: /\.query\s*(?:<[^>]*>\s*)?\(/ },
  // RegExp#exec shares the name: a SQL script is a literal, or run on a handle named like one.
  { what: '.exec(<script>)', pattern: /\.exec\(\s*[`'"]/ },
  { what: 'db.exec(…)', pattern: /\b(?:q|db|tx|sql)\.exec\(/ },
  { what: 'one(…) from db/db.ts', pattern: /import\s*\{[^}]*\bone\b[^}]*\}\s*from\s*['"][./]*db\/db\.ts['"]/ },
];

const withoutComments = (source: string) => source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');

/** The SQL calls found in one source file's text, as "line: what". */
export function sqlCallsIn(source: string): string[] {
  const found: string[] = [];
  withoutComments(source)
    .split('\n')
    .forEach((line, i) => {
      const call = SQL_CALLS.find(({ pattern }) => pattern.test(line));
      if (call) found.push(`${i + 1}: ${call.what}`);
    });
  return found;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [full] : [];
  });
}

describe('the SQL rule', () => {
  it('finds queries, scripts and the one() helper, and not regular expressions or comments', () => {
    expect(sqlCallsIn('const rows = await q.query<{ id: string }>(`select 1`);')).toEqual(['1: .query(…)']);
    expect(sqlCallsIn('await s.db.query(`update x set y = 1`, []);')).toEqual(['1: .query(…)']);
    expect(sqlCallsIn("await rt.db.exec('analyze statements');")).toEqual(['1: .exec(<script>)']);
    expect(sqlCallsIn('await q.exec(script);')).toEqual(['1: db.exec(…)']);
    expect(sqlCallsIn("import { one } from '../db/db.ts';")).toEqual(['1: one(…) from db/db.ts']);
    expect(sqlCallsIn("import type { Queryable } from '../db/db.ts';\nconst m = TIMESTAMP.exec(value);")).toEqual([]);
    expect(sqlCallsIn('// q.query(`select 1`) would be wrong here\n/* db.query() */ const url = "http://x";')).toEqual([]);
  });

  it('holds: SQL runs only in db/ and jobs/queue.ts', () => {
    const offenders = sourceFiles(SRC)
      .map((file) => path.relative(SRC, file).split(path.sep).join('/'))
      .filter((rel) => !ALLOWED.some((allowed) => allowed.test(rel)))
      .flatMap((rel) => sqlCallsIn(fs.readFileSync(path.join(SRC, rel), 'utf8')).map((call) => `${rel}:${call}`));
    // Move each query into a function of a db/repos/*.repo.ts repository.
    expect(offenders).toEqual([]);
  });
});
