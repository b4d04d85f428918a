/**
 * Prints the README's "Error shape" table from the contract's error catalogue (one row per code:
 * status, code, default message; pipeline codes marked):
 *
 *   node services/bin/run-ts.js tools/error-table.ts
 *
 * services/src/http/error-table.test.ts fails when the README's table and the catalogue differ.
 */
import { ERROR_CODES, ERRORS } from '@colloquy/contract';

const rows = [...ERROR_CODES]
  .sort((a, b) => ERRORS[a].status - ERRORS[b].status)
  .map((code) => {
    const { status, message } = ERRORS[code];
    return [String(status), `\`${code}\``, 'pipeline' in ERRORS[code] ? `${message} (pipeline)` : message];
  });
const header = ['status', 'code', 'default message'];
const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;

process.stdout.write(`${[line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')}\n`);
