import type { Queryable } from '../db.ts';
import { one } from '../db.ts';
import type { ContributionSummary } from '../../core/understanding.ts';
import type { Provenance } from './labels.repo.ts';

export interface SummaryRow {
  contribution_id: string;
  title: string;
  sentences: ContributionSummary['summary'];
  chapters: ContributionSummary['chapters'];
  provider: string;
  model: string;
  prompt_version: string;
}

export const summariesRepo = (q: Queryable) => ({
  forContribution: (id: string) => one<SummaryRow>(q, `select * from contribution_summaries where contribution_id = $1`, [id]),

  save: (contributionId: string, s: ContributionSummary, from: Provenance) =>
    q.query(
      `insert into contribution_summaries (contribution_id, title, sentences, chapters, provider, model, prompt_version)
       values ($1, $2, $3, $4, $5, $6, $7)
       on conflict (contribution_id) do update set title = excluded.title, sentences = excluded.sentences,
         chapters = excluded.chapters, provider = excluded.provider, model = excluded.model,
         prompt_version = excluded.prompt_version, created_at = now()`,
      [contributionId, s.title, JSON.stringify(s.summary), JSON.stringify(s.chapters), from.provider, from.model, from.promptVersion],
    ),

  saveGists: (statementIds: string[], gists: string[], source: string) =>
    q.query(
      `update statements s set gist = t.gist, gist_source = $3
         from unnest($1::uuid[], $2::text[]) as t(id, gist) where s.id = t.id`,
      [statementIds, gists, source],
    ),
});
