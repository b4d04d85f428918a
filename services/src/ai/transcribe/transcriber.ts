import type { TranscriptSegment } from '../../core/transcript.ts';

export interface TranscribeInput {
  /** 16 kHz mono PCM WAV made by the audio stage. */
  audioPath: string;
  durationMs: number;
  /** Called with 0..1 as recognition advances. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

export interface TranscriptResult {
  segments: TranscriptSegment[];
  /** e.g. 'local', 'openai' */
  provider: string;
  /** e.g. 'pocketsphinx-en-us', 'whisper-1' */
  model: string;
  language?: string;
}

export interface TranscriberStatus {
  ok: boolean;
  /** Human-readable: what is configured, or what to do when it is not usable. */
  message: string;
}

/** Speech to timed text. Implementations: local (PocketSphinx), openai (any compatible endpoint). */
export interface Transcriber {
  readonly provider: string;
  readonly model: string;
  /** Cheap check for start-up and /api/health: is this transcriber usable on this machine? */
  status(): Promise<TranscriberStatus>;
  transcribe(input: TranscribeInput): Promise<TranscriptResult>;
}
