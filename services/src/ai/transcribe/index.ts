import { createLocalTranscriber } from './local.ts';
import { createOpenAiTranscriber } from './openai.ts';
import type { Transcriber } from './transcriber.ts';

export type { Transcriber, TranscribeInput, TranscriberStatus, TranscriptResult } from './transcriber.ts';

export interface TranscribeConfig {
  provider: 'local' | 'openai';
  local: { binary: string; modelDir?: string; pieceSeconds?: number; concurrency?: number };
  openai: { apiKey?: string; baseUrl?: string; model: string; chunkSeconds: number; concurrency?: number; language?: string };
}

/** The transcriber the configuration asks for (config.transcribe). */
export function makeTranscriber(c: TranscribeConfig): Transcriber {
  return c.provider === 'openai' ? createOpenAiTranscriber(c.openai) : createLocalTranscriber(c.local);
}
