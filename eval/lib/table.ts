/**
 * A plain-text table for the terminal that is also valid Markdown, so results can be pasted into
 * the README unchanged: numbers right-aligned with fixed decimals, text left-aligned, '—' for
 * what was not measured.
 */

export type Cell = string | number | null | undefined;

export interface TableOptions {
  title?: string;
  /** Decimals for numbers that are not integers (default 3). */
  digits?: number;
  /** Notes printed under the table, one per line. */
  notes?: string[];
}

/** One cell: '—' for nothing, integers as such, other numbers with fixed decimals. */
export function formatCell(value: Cell, digits = 3, asInteger = false): string {
  if (value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value))) return '—';
  if (typeof value === 'number') return asInteger ? String(value) : value.toFixed(digits);
  return value;
}

/**
 * The table as Markdown-compatible text. A column whose numbers are all integers (counts) prints
 * them as integers; any other numeric column prints every number with `digits` decimals, so 0 and
 * 1 line up with 0.286.
 */
export function formatTable(header: string[], rows: Cell[][], options: TableOptions = {}): string {
  const numbersIn = (i: number) => rows.map((row) => row[i]).filter((v): v is number => typeof v === 'number' && !Number.isNaN(v));
  const integerColumn = header.map((_, i) => numbersIn(i).every(Number.isInteger));
  const text = rows.map((row) => header.map((_, i) => formatCell(row[i], options.digits, integerColumn[i])));
  const numeric = header.map((_, i) => rows.every((row) => typeof row[i] !== 'string'));
  const widths = header.map((h, i) => Math.max(h.length, ...text.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (numeric[i] && i > 0 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (numeric[i] && i > 0 ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  const out = [];
  if (options.title) out.push(options.title, '');
  out.push(line(header), rule, ...text.map(line));
  if (options.notes?.length) out.push('', ...options.notes);
  return out.join('\n');
}

export function printTable(header: string[], rows: Cell[][], options: TableOptions = {}): void {
  process.stdout.write(`\n${formatTable(header, rows, options)}\n\n`);
}
