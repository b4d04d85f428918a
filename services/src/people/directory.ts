/**
 * The expert directory: outside people a space's hosts may forward statements to. Their profile
 * vector is the embedding of their bio and tags (people.embedding, with the model that made it);
 * their outside replies add statements to their evidence like a member's own statements.
 */
import type { Queryable } from '../db/db.ts';
import { one } from '../db/db.ts';
import type { Embedder } from '../ai/ports.ts';
import { conflict } from '../core/errors.ts';

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

/** What the profile vector is made from; empty when there is nothing to embed. */
export const profileText = (p: { bio: string; tags: string[] }) => [p.bio.trim(), p.tags.join(', ')].filter(Boolean).join('\n');

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
});

const emailTaken = () => conflict('someone with this email is already in the directory', 'E_PERSON_EXISTS');

/**
 * (Re)embeds the profile vectors of these people. Best effort: if the embedder is unavailable the
 * vector stays missing and suggestions retry later; an expert then scores on tags and replies only.
 */
export async function embedPeople(q: Queryable, embedder: Embedder, people: Pick<PersonRow, 'id' | 'bio' | 'tags'>[]): Promise<void> {
  const todo = people.filter((p) => profileText(p));
  if (todo.length === 0) return;
  let vectors: number[][];
  try {
    vectors = await embedder.embed(todo.map(profileText));
  } catch {
    return;
  }
  for (const [i, p] of todo.entries()) await peopleRepo(q).setEmbedding(p.id, vectors[i], embedder.model);
}
