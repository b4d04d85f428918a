import type { Queryable } from '../db.ts';
import { one } from '../db.ts';
import type { TimedWord } from '../../core/transcript.ts';
import type { StatementRow } from './contributions.repo.ts';

/** Where a statement stands with corrections. */
export interface EditStateRow {
  id: string;
  words: TimedWord[] | null;
  revision: number;
  understood_revision: number;
  heard_speaker: string | null;
}

/** A statement as the one correcting it needs it: where it was said, and who may change it. */
export interface EditableStatementRow extends StatementRow, EditStateRow {
  conference_id: string;
  space_id: string;
  author_id: string | null;
  role: 'owner' | 'host' | 'member';
  hidden: boolean;
}

/** A corrected statement, for the captions. */
export interface CorrectedStatementRow extends EditStateRow {
  start_ms: number;
  end_ms: number;
  speaker: string | null;
  text: string;
  words: TimedWord[];
}

export interface RevisionRow {
  revision: number;
  edited_by: string | null;
  editor_name: string | null;
  text_before: string;
  text_after: string;
  speaker_before: string | null;
  speaker_after: string | null;
  created_at: Date;
}

export interface SaveEdit {
  statementId: string;
  /** The revision the correction was made on; the save does nothing if another came first. */
  baseRevision: number;
  editorId: string;
  text: string;
  speaker: string | null;
  words: TimedWord[];
  before: { text: string; speaker: string | null };
}

const EDIT_STATE = 's.words, s.revision, s.understood_revision, s.heard_speaker';

export const statementEditsRepo = (q: Queryable) => ({
  /** A statement with its edit state, its author and the caller's role; undefined unless the caller is a member of its space (a hidden one: owners and hosts). */
  forMember: (id: string, userId: string) =>
    one<EditableStatementRow>(
      q,
      `select s.id, s.contribution_id, s.seq, s.start_ms, s.end_ms, s.speaker, s.text, s.gist, ${EDIT_STATE},
              c.conference_id, f.space_id, c.author_id, m.role, s.hidden_at is not null as hidden
         from statements s join contributions c on c.id = s.contribution_id join conferences f on f.id = c.conference_id
         join memberships m on m.space_id = f.space_id and m.user_id = $2
        where s.id = $1 and (s.hidden_at is null or m.role in ('owner', 'host'))`,
      [id, userId],
    ),

  /** The edit state of a contribution's statements. */
  ofContribution: (contributionId: string) =>
    q.query<EditStateRow>(`select s.id, ${EDIT_STATE} from statements s where s.contribution_id = $1`, [contributionId]),

  /** The contribution's corrected statements, for the captions. */
  corrected: (contributionId: string) =>
    q.query<CorrectedStatementRow>(
      `select s.id, s.start_ms, s.end_ms, s.speaker, s.text, ${EDIT_STATE} from statements s
        where s.contribution_id = $1 and s.revision > 0 and s.words is not null order by s.start_ms`,
      [contributionId],
    ),

  /**
   * Saves a correction and its history row; the speaker the transcript gave is kept at the first
   * one. Returns the new revision, or undefined if the statement is no longer at baseRevision.
   */
  save: async (e: SaveEdit): Promise<number | undefined> => {
    const saved = await one<{ revision: number }>(
      q,
      `update statements set text = $3, speaker = $4, words = $5::jsonb, revision = revision + 1,
              heard_speaker = case when revision = 0 then speaker else heard_speaker end
        where id = $1 and revision = $2
       returning revision`,
      [e.statementId, e.baseRevision, e.text, e.speaker, JSON.stringify(e.words)],
    );
    if (!saved) return undefined;
    await q.query(
      `insert into statement_revisions (statement_id, revision, edited_by, text_before, text_after, speaker_before, speaker_after)
       values ($1, $2, $3, $4, $5, $6, $7)`,
      [e.statementId, saved.revision, e.editorId, e.before.text, e.text, e.before.speaker, e.speaker],
    );
    return saved.revision;
  },

  /** A statement's corrections, newest first, with the editor's name. */
  history: (statementId: string) =>
    q.query<RevisionRow>(
      `select r.revision, r.edited_by, u.name as editor_name, r.text_before, r.text_after, r.speaker_before, r.speaker_after, r.created_at
         from statement_revisions r left join users u on u.id = r.edited_by
        where r.statement_id = $1 order by r.revision desc`,
      [statementId],
    ),

  /** What redoing a correction's understanding needs: the statement's contribution and current revision. */
  revisionOf: (statementId: string) =>
    one<{ contribution_id: string; revision: number }>(q, `select contribution_id, revision from statements where id = $1`, [statementId]),

  /** A contribution's vector ("more like this") again from its statements' vectors of `model`. */
  refreshContributionEmbedding: (contributionId: string, model: string) =>
    q.query(
      `update contributions c set embedding = m.v, embedding_model = $2
         from (select avg(embedding) as v from statements where contribution_id = $1 and embedding_model = $2) m
        where c.id = $1 and m.v is not null`,
      [contributionId, model],
    ),

  /** The vector, labels and gist of this revision are in place. */
  markUnderstood: (statementId: string, revision: number) =>
    q.query(`update statements set understood_revision = greatest(understood_revision, $2) where id = $1`, [statementId, revision]),
});
