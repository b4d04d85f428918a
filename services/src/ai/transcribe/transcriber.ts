import type { TranscriptSegment } from '../../core/transcript.ts';

/** A piece of the recording an attempt finished recognising: what a later attempt need not redo. */
export interface FinishedPiece {
  seq: number;
  startMs: number;
  endMs: number;
  /** Timed within the whole recording. */
  segments: TranscriptSegment[];
  /** Wall time the recognition of this piece took. */
  elapsedMs: number;
}

/** Where finished pieces are kept between attempts (the pipeline stores them in the database). */
export interface PieceCheckpoints {
  /** Pieces finished by earlier attempts with this transcriber. */
  load(): Promise<FinishedPiece[]>;
  save(piece: FinishedPiece): Promise<void>;
}

export interface TranscribeProgress {
  /** 0..1 of the recording's audio recognised. */
  fraction: number;
  /** Seconds left at the speed measured so far in this attempt; null until there is a measurement. */
  etaSeconds: number | null;
}

export interface TranscribeInput {
  /** 16 kHz mono PCM WAV made by the audio stage. */
  audioPath: string;
  durationMs: number;
  /** Called as recognition advances. */
  onProgress?: (progress: TranscribeProgress) => void;
  signal?: AbortSignal;
  checkpoints?: PieceCheckpoints;
}

export interface TranscriptResult {
  segments: TranscriptSegment[];
  /** e.g. 'local', 'openai' */
  provider: string;
  /** e.g. 'pocketsphinx-en-us', 'whisper-1' */
  model: string;
  language?: string;
  /** Pieces recognised by this call, and pieces taken from checkpoints of earlier attempts. */
  pieces?: { recognised: number; resumed: number };
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
