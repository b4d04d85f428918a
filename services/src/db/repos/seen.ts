/**
 * When a reader has "seen" something — the one definition behind unseen counts, digests
 * and forwarding suggestions:
 * - a contribution: they wrote it, or its view has `seen_at` (most of it watched, or its digest
 *   line opened);
 * - a statement: its contribution is seen, they watched most of the statement's own span, or they
 *   said it (its transcript speaker is linked to them: speaker_links).
 *
 * These return SQL conditions to embed in a query. `user` is the SQL expression of the reader's
 * id (a parameter such as `$1`, or a column); `s` / `c` are the aliases of statements and
 * contributions in the surrounding query.
 */
export const STATEMENT_SEEN_FRACTION = 0.5;

/**
 * False, never null, for a contribution with no author account (an outside expert's reply): a null
 * here would make `not seen` null too and drop the reply from every digest.
 */
const authoredBy = (user: string, c: string) => `coalesce(${c}.author_id = ${user}, false)`;

export function contributionSeenSql(user: string, c = 'c'): string {
  return `(${authoredBy(user, c)} or exists (select 1 from views sv where sv.user_id = ${user} and sv.contribution_id = ${c}.id and sv.seen_at is not null))`;
}

export function statementSeenSql(user: string, s = 's', c = 'c'): string {
  return `(${authoredBy(user, c)}
            or exists (select 1 from speaker_links sl where sl.contribution_id = ${s}.contribution_id and sl.speaker = ${s}.speaker and sl.user_id = ${user})
            or exists (select 1 from views sv where sv.user_id = ${user} and sv.contribution_id = ${s}.contribution_id
            and (sv.seen_at is not null or watched_fraction(sv.watched, ${s}.start_ms, ${s}.end_ms) >= ${STATEMENT_SEEN_FRACTION})))`;
}
