import type { Queryable } from '../db.ts';
import type { StatementLabels } from '../../core/understanding.ts';

export interface LabelRow {
  statement_id: string;
  kind: 'act' | 'topic';
  value: string;
  source: 'ai' | 'user';
  confidence: number | null;
}

export interface Provenance {
  provider: string;
  model: string;
  promptVersion: string;
}

export const labelsRepo = (q: Queryable) => ({
  /** Visible labels of these statements (user removals hidden), acts first. */
  forStatements: (ids: string[]) =>
    ids.length === 0
      ? Promise.resolve([] as LabelRow[])
      : q.query<LabelRow>(
          `select statement_id, kind, value, source, confidence from labels
            where statement_id = any($1::uuid[]) and not removed
            order by statement_id, kind, confidence desc nulls first, value`,
          [ids],
        ),

  /** The conference's topic tags, most used first: the vocabulary new labels should reuse. */
  conferenceTags: async (conferenceId: string, limit = 200) =>
    (
      await q.query<{ value: string }>(
        `select l.value from labels l join statements s on s.id = l.statement_id
           join contributions c on c.id = s.contribution_id
          where c.conference_id = $1 and l.kind = 'topic' and not l.removed
          group by l.value order by count(*) desc, l.value limit $2`,
        [conferenceId, limit],
      )
    ).map((r) => r.value),

  /**
   * Replaces the AI's labels of these statements. A value the user added or removed for a
   * statement is left as the user set it.
   */
  replaceAiLabels: async (statementIds: string[], labels: StatementLabels[], from: Provenance) => {
    await q.query(`delete from labels where statement_id = any($1::uuid[]) and source = 'ai'`, [statementIds]);
    const rows = labels.flatMap((l) => [
      { id: l.statementId, kind: 'act', value: l.act, confidence: l.confidence },
      ...l.topics.map((t) => ({ id: l.statementId, kind: 'topic', value: t, confidence: null as number | null })),
    ]);
    if (rows.length === 0) return;
    await q.query(
      `insert into labels (statement_id, kind, value, source, confidence, provider, model, prompt_version)
       select t.id, t.kind, t.value, 'ai', t.confidence, $5, $6, $7
         from unnest($1::uuid[], $2::text[], $3::text[], $4::real[]) as t(id, kind, value, confidence)
       on conflict (statement_id, kind, value) do nothing`,
      [
        rows.map((r) => r.id),
        rows.map((r) => r.kind),
        rows.map((r) => r.value),
        rows.map((r) => r.confidence),
        from.provider,
        from.model,
        from.promptVersion,
      ],
    );
  },

  addUserLabel: (statementId: string, kind: string, value: string, userId: string) =>
    q.query(
      `insert into labels (statement_id, kind, value, source, created_by) values ($1, $2, $3, 'user', $4)
       on conflict (statement_id, kind, value) do update
         set source = 'user', removed = false, confidence = null, created_by = excluded.created_by, created_at = now()`,
      [statementId, kind, value, userId],
    ),

  /** A user's removal is kept as a tombstone so relabelling does not bring the label back. */
  removeLabel: (statementId: string, kind: string, value: string, userId: string) =>
    q.query(
      `insert into labels (statement_id, kind, value, source, removed, created_by) values ($1, $2, $3, 'user', true, $4)
       on conflict (statement_id, kind, value) do update set source = 'user', removed = true, created_by = excluded.created_by`,
      [statementId, kind, value, userId],
    ),

  /** A statement's visible topic tags. */
  topicsOf: async (statementId: string): Promise<string[]> => {
    const rows = await q.query<{ value: string }>(`select value from labels where statement_id = $1 and kind = 'topic' and not removed`, [
      statementId,
    ]);
    return rows.map((r) => r.value);
  },

  /** Visible topic tags of these statements. */
  topicsOfStatements: (statementIds: string[]) =>
    q.query<{ statement_id: string; value: string }>(
      `select statement_id, value from labels where statement_id = any($1::uuid[]) and kind = 'topic' and not removed`,
      [statementIds],
    ),
});
