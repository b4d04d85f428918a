/** The expert directory: outside people of a space, with their profile vector (never selected into rows). */
import { conflict } from '../../core/errors.ts';
import type { Queryable } from '../db.ts';
import { one } from '../db.ts';
import { FORWARD_COUNTS_SQL } from './forwards.repo.ts';

export interface PersonRow {
  id: string;
  space_id: string;
  name: string;
  email: string;
  bio: string;
  tags: string[];
  embedding_model: string | null;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface PersonInput {
  name: string;
  email: string;
  bio?: string;
  tags?: string[];
}

// Never select the vector itself into API rows: it is large and nobody reads it.
const COLUMNS = `p.id, p.space_id, p.name, p.email, p.bio, p.tags, p.embedding_model, p.created_by, p.created_at, p.updated_at`;

/** Tags as the labels use them: short, lowercase, single-spaced, no duplicates. */
export const normaliseTags = (tags: string[] = []) => [
  ...new Set(tags.map((t) => t.trim().toLowerCase().replace(/\s+/g, ' ')).filter(Boolean)),
];

export const peopleRepo = (q: Queryable) => ({
  list: (spaceId: string) =>
    q.query<PersonRow>(`select ${COLUMNS} from people p where p.space_id = $1 order by lower(p.name), p.id`, [spaceId]),

  byId: (id: string) => one<PersonRow>(q, `select ${COLUMNS} from people p where p.id = $1`, [id]),

  /** The person and the caller's role in their space; undefined for outsiders (→ 404). */
  forUser: (id: string, userId: string) =>
    one<PersonRow & { role: string }>(
      q,
      `select ${COLUMNS}, m.role from people p join memberships m on m.space_id = p.space_id and m.user_id = $2 where p.id = $1`,
      [id, userId],
    ),

  byEmail: (spaceId: string, email: string) =>
    one<PersonRow>(q, `select ${COLUMNS} from people p where p.space_id = $1 and lower(p.email) = lower($2)`, [spaceId, email.trim()]),

  create: async (spaceId: string, input: PersonInput, createdBy: string): Promise<PersonRow> => {
    const rows = await q.query<PersonRow>(
      `insert into people (space_id, name, email, bio, tags, created_by) values ($1, $2, $3, $4, $5, $6)
       on conflict (space_id, lower(email)) do nothing
       returning id, space_id, name, email, bio, tags, embedding_model, created_by, created_at, updated_at`,
      [spaceId, input.name.trim(), input.email.trim(), (input.bio ?? '').trim(), normaliseTags(input.tags), createdBy],
    );
    if (!rows[0]) throw emailTaken();
    return rows[0];
  },

  update: async (id: string, fields: Partial<PersonInput>): Promise<PersonRow> => {
    try {
      const rows = await q.query<PersonRow>(
        `update people p set name = coalesce($2, name), email = coalesce($3, email), bio = coalesce($4, bio), tags = coalesce($5, tags),
                embedding = case when $4::text is null and $5::text[] is null then embedding end,
                embedding_model = case when $4::text is null and $5::text[] is null then embedding_model end,
                updated_at = now()
          where p.id = $1 returning ${COLUMNS}`,
        [
          id,
          fields.name?.trim() ?? null,
          fields.email?.trim() ?? null,
          fields.bio?.trim() ?? null,
          fields.tags ? normaliseTags(fields.tags) : null,
        ],
      );
      return rows[0];
    } catch (err) {
      if ((err as { code?: string }).code === '23505') throw emailTaken(); // unique (space, email)
      throw err;
    }
  },

  remove: (id: string) => q.query(`delete from people where id = $1`, [id]),

  /** Directory entries whose profile vector is missing or was made by another model. */
  staleEmbeddings: (spaceId: string, model: string) =>
    q.query<PersonRow>(
      `select ${COLUMNS} from people p where p.space_id = $1 and (p.embedding_model is distinct from $2) and (p.bio <> '' or cardinality(p.tags) > 0)`,
      [spaceId, model],
    ),

  setEmbedding: (id: string, vector: number[] | null, model: string | null) =>
    q.query(`update people set embedding = $2::vector, embedding_model = $3 where id = $1`, [
      id,
      vector ? `[${vector.join(',')}]` : null,
      model,
    ]),

  /** The space's experts a statement could go to: not its outside author, not already forwarded it. */
  candidatesFor: (statementId: string, spaceId: string) =>
    q.query<{ id: string; name: string; tags: string[]; embedding_model: string | null; bio: string }>(
      `select p.id, p.name, p.tags, p.embedding_model, p.bio
         from people p, statements s join contributions c on c.id = s.contribution_id
        where s.id = $1 and p.space_id = $2 and p.id is distinct from c.outside_person_id
          and not exists (select 1 from forwards f where f.statement_id = s.id and f.person_id = p.id and ${FORWARD_COUNTS_SQL})`,
      [statementId, spaceId],
    ),

  /** Cosine similarity of each person's profile vector (made by `model`) to a vector literal. */
  profileSimilarities: (ids: string[], vectorLiteral: string, model: string) =>
    q.query<{ id: string; similarity: number }>(
      `select p.id, 1 - (p.embedding <=> $2::vector) as similarity from people p
        where p.id = any($1::uuid[]) and p.embedding is not null and p.embedding_model = $3`,
      [ids, vectorLiteral, model],
    ),
});

const emailTaken = () => conflict('someone with this email is already in the directory', 'E_PERSON_EXISTS');
