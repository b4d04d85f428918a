import type { Queryable } from '../db/db.ts';
import { contributionsRepo, type ContributionRow } from '../db/repos/contributions.repo.ts';
import { labelsRepo } from '../db/repos/labels.repo.ts';
import { reactionsRepo } from '../db/repos/reactions.repo.ts';
import { summariesRepo } from '../db/repos/summaries.repo.ts';
import { sumCounts, totalReactions } from '../engagement/reactions.ts';
import { contributionView, statementView, summaryView } from '../json/rows.ts';
import { withoutStatements } from './moderated-views.ts';
import { editFields } from './statement-edit.ts';

/**
 * A contribution in full, as GET /api/contributions/:id gives it: its statements in order with
 * labels, gists and reactions, and its summary. `withAi: false` leaves out what a model wrote
 * (summary, gists, AI labels): an interview whose candidates were promised no AI summaries.
 */
/** The detail shows each statement's correction state and uncertain words, not all its word times (too long for a meeting). */
const withoutWords = <T extends { words: unknown }>({ words: _, ...rest }: T) => rest;

export async function contributionDetail(
  db: Queryable,
  c: ContributionRow,
  { withAi, withHidden = false }: { withAi: boolean; withHidden?: boolean },
) {
  const all = await contributionsRepo(db).statements(c.id);
  // Hidden statements: members never receive them; owners and hosts get them marked.
  const statements = withHidden ? all : all.filter((x) => !x.hidden);
  const hiddenIds = new Set(withHidden ? [] : all.filter((x) => x.hidden).map((x) => x.id));
  const ids = statements.map((x) => x.id);
  const [labels, summary, reactions, edits] = await Promise.all([
    labelsRepo(db).forStatements(ids),
    summariesRepo(db).forContribution(c.id),
    reactionsRepo(db).forStatements(ids),
    editFields(db, c.id, statements),
  ]);
  const totals = sumCounts(reactions.values());
  const shownLabels = withAi ? labels : labels.filter((l) => l.source !== 'ai');
  return {
    ...contributionView({ ...c, statement_count: statements.length }),
    reactionCount: totalReactions(totals),
    reactions: totals,
    statements: statements.map((x) => ({
      ...statementView(withAi ? x : { ...x, gist: null }, shownLabels),
      reactions: reactions.get(x.id) ?? {},
      ...withoutWords(edits.get(x.id)!),
      ...(withHidden ? { hidden: Boolean(x.hidden) } : {}),
    })),
    summary: summary && withAi ? withoutStatements(summaryView(summary), hiddenIds) : null,
  };
}
