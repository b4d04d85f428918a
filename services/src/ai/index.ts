import type { Config } from '../config.ts';
import type { AiStatus, Embedder, Labeler, Summariser } from './ports.ts';
import { createLocalAi } from './local/index.ts';
import { createOpenAiAi } from './openai/index.ts';

export interface Ai {
  embedder: Embedder;
  labeler: Labeler;
  summariser: Summariser;
  status(): Promise<{ embed: AiStatus; chat: AiStatus }>;
}

/** Embeddings and chat (labels, summaries, answers) each from the provider configured for them. */
export function makeAi(config: Config['ai']): Ai {
  const local = createLocalAi({ dims: config.embed.dims });
  const needsOpenAi = config.embed.provider === 'openai' || config.chat.provider === 'openai';
  const remote = needsOpenAi
    ? createOpenAiAi({
        apiKey: config.openai.apiKey,
        baseUrl: config.openai.baseUrl,
        chatModel: config.chat.model,
        embedModel: config.embed.model,
        dims: config.embed.dims,
        structuredMethod: config.chat.structuredMethod,
      })
    : null;
  const localStatus: AiStatus = { ok: true, message: 'local models (offline, no key)' };
  return {
    embedder: config.embed.provider === 'openai' ? remote!.embedder : local.embedder,
    labeler: config.chat.provider === 'openai' ? remote!.labeler : local.labeler,
    summariser: config.chat.provider === 'openai' ? remote!.summariser : local.summariser,
    async status() {
      const checked = remote ? await remote.status() : localStatus;
      return {
        embed: config.embed.provider === 'openai' ? checked : localStatus,
        chat: config.chat.provider === 'openai' ? checked : localStatus,
      };
    },
  };
}
