/**
 * The expert directory: outside people a space's hosts may forward statements to. Their profile
 * vector is the embedding of their bio and tags (people.embedding, with the model that made it);
 * their outside replies add statements to their evidence like a member's own statements.
 */
import type { Queryable } from '../db/db.ts';
import { peopleRepo, type PersonRow } from '../db/repos/people.repo.ts';
import type { Embedder } from '../ai/ports.ts';

/** What the profile vector is made from; empty when there is nothing to embed. */
export const profileText = (p: { bio: string; tags: string[] }) => [p.bio.trim(), p.tags.join(', ')].filter(Boolean).join('\n');

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
