import type { Queryable } from '../db.ts';

/**
 * Whether AI may summarise a conference's contributions. Only an interview opening can say no
 * (candidates are told so in the consent step); every other conference is summarised.
 */
export async function aiSummariesAllowed(q: Queryable, conferenceId: string): Promise<boolean> {
  const rows = await q.query<{ ai_summaries: boolean }>(`select ai_summaries from interviews where conference_id = $1`, [conferenceId]);
  return rows[0]?.ai_summaries ?? true;
}
