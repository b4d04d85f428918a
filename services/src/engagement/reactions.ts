import { badRequest } from '../core/errors.ts';
import type { Config } from '../config.ts';
import type { Queryable } from '../db/db.ts';
import { reactionsRepo, type ReactionCounts } from '../db/repos/reactions.repo.ts';

/**
 * Reactions on statements: one of each kind per user, removable, optionally at a moment of the
 * contribution. The allowed kinds are the keys of the ranking's reaction weights
 * (RANK_REACTION_WEIGHTS), so adding a kind is a configuration change.
 */

export const reactionKinds = (ranking: Config['ranking']) => Object.keys(ranking.reactionWeights);

export function assertKind(ranking: Config['ranking'], kind: string) {
  if (!Object.hasOwn(ranking.reactionWeights, kind)) {
    throw badRequest(`unknown reaction "${kind}"; use one of: ${reactionKinds(ranking).join(', ')}`, 'E_UNKNOWN_REACTION');
  }
}

export interface ReactionState {
  statementId: string;
  reactions: ReactionCounts;
  mine: string[];
}

export async function reactionState(q: Queryable, statementId: string, userId: string): Promise<ReactionState> {
  const repo = reactionsRepo(q);
  const [counts, mine] = await Promise.all([repo.forStatements([statementId]), repo.mine(statementId, userId)]);
  return { statementId, reactions: counts.get(statementId) ?? {}, mine };
}

/**
 * Adds a reaction. With `atMs` the reaction lands on the statement of the same contribution said
 * at that moment, so a player can react at its current time through any statement of it.
 */
export async function react(
  q: Queryable,
  ranking: Config['ranking'],
  statement: { id: string; contribution_id: string },
  userId: string,
  kind: string,
  atMs?: number,
): Promise<ReactionState & { created: boolean }> {
  assertKind(ranking, kind);
  const repo = reactionsRepo(q);
  const target = atMs === undefined ? statement.id : ((await repo.statementAt(statement.contribution_id, atMs))?.id ?? statement.id);
  const created = await repo.add(target, userId, kind, atMs ?? null);
  return { ...(await reactionState(q, target, userId)), created };
}

/** Removes a reaction; removing one that is not there is not an error (the end state is the same). */
export async function unreact(q: Queryable, statementId: string, userId: string, kind: string): Promise<ReactionState> {
  await reactionsRepo(q).remove(statementId, userId, kind);
  return reactionState(q, statementId, userId);
}

/** The sum of a counts object, e.g. a contribution's reaction count. */
export const totalReactions = (counts: ReactionCounts | undefined) => Object.values(counts ?? {}).reduce((a, b) => a + b, 0);

/** Counts added up by kind, e.g. a contribution's from its statements'. */
export function sumCounts(all: Iterable<ReactionCounts>): ReactionCounts {
  const sum: ReactionCounts = {};
  for (const counts of all) for (const [kind, n] of Object.entries(counts)) sum[kind] = (sum[kind] ?? 0) + n;
  return sum;
}
