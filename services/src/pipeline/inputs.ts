import type { StatementRow } from '../db/repos/contributions.repo.ts';
import type { StatementInput } from '../core/understanding.ts';

export const toStatementInputs = (rows: StatementRow[]): StatementInput[] =>
  rows.map((s) => ({ id: s.id, text: s.text, speaker: s.speaker, startMs: s.start_ms, endMs: s.end_ms }));
