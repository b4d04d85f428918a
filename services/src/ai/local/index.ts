/**
 * The `local` AI provider: offline, deterministic, no key and no download. Weaker than a large
 * model, and honest about it: the embedder is lexical (hashed words and character n-grams), labels
 * come from cue rules and keyphrases, and summaries only quote what was said.
 */
import type { Embedder, Labeler, Summariser } from '../ports.ts';
import { createLocalEmbedder } from './embedder.ts';
import { LocalLabeler } from './labeler.ts';
import { LocalSummariser } from './summariser.ts';

export { createLocalEmbedder } from './embedder.ts';
export { LocalLabeler } from './labeler.ts';
export { LocalSummariser } from './summariser.ts';

export interface LocalAi {
  embedder: Embedder;
  labeler: Labeler;
  summariser: Summariser;
}

export function createLocalAi({ dims = 384 }: { dims?: number } = {}): LocalAi {
  return { embedder: createLocalEmbedder({ dims }), labeler: new LocalLabeler(), summariser: new LocalSummariser() };
}
