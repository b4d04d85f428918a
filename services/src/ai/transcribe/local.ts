import { access, constants } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { AppError } from '../../core/errors.ts';
import type { TimedWord, TranscriptSegment } from '../../core/transcript.ts';
import type { TranscribeInput, Transcriber, TranscriberStatus, TranscriptResult } from './transcriber.ts';
import { readWavFormat } from '../../media/wav.ts';
import { spawnTied } from '../../media/tied-spawn.ts';
import { transcribeInPieces } from './pieces.ts';

/**
 * Offline transcription with PocketSphinx's `pocketsphinx_continuous` (Debian: pocketsphinx +
 * pocketsphinx-en-us). With `-time yes` it prints, per utterance, the hypothesis on one line and
 * then one `word start end posterior` line per token (seconds from the start of the file), e.g.
 *   what your country can do for you
 *   <s> 5.300 5.340 0.999200
 *   what 5.350 5.600 0.285662
 *   can(2) 6.430 6.670 0.028595
 *   </s> 7.680 7.950 1.000000
 * The last column is the word's posterior probability, kept as its confidence (0–1).
 *
 * Over one long file of near-continuous speech its clock drifts (a 66 s file came back 18 s
 * late), so the recording is recognised in pieces cut at pauses (pieces.ts), one process per
 * piece, several at a time, each piece's times shifted by its known start.
 */

export interface LocalTranscriberOptions {
  binary?: string;
  /** Folder holding `en-us/` (acoustic model), `en-us.lm.bin` and `cmudict-en-us.dict`. */
  modelDir?: string;
  /** Longest piece recognised by one process. */
  pieceSeconds?: number;
  /** Recogniser processes at once (default: one per core). */
  concurrency?: number;
}

export const NO_RECOGNISER_MESSAGE =
  'no offline recogniser: install pocketsphinx (apt-get install pocketsphinx pocketsphinx-en-us) or set OPENAI_BASE_URL';

const MODEL = 'pocketsphinx-en-us';
const DEFAULT_MODEL_DIRS = ['/usr/share/pocketsphinx/model/en-us', '/usr/local/share/pocketsphinx/model/en-us'];
const REQUIRED_SAMPLE_RATE = 16_000;
// Short enough that the recogniser's clock cannot wander far, long enough that its start-up
// (about half a second loading the model) stays small next to the recognition.
const DEFAULT_PIECE_SECONDS = 20;
// Recognised before each piece and dropped: PocketSphinx's live cepstral mean needs a few seconds.
const LEAD_IN_MS = 3_000;

const noRecogniser = () => new AppError('E_NO_RECOGNISER', NO_RECOGNISER_MESSAGE, 503, false);

const modelFiles = (dir: string) => ({
  hmm: path.join(dir, 'en-us'),
  lm: path.join(dir, 'en-us.lm.bin'),
  dict: path.join(dir, 'cmudict-en-us.dict'),
});

const exists = (file: string, mode = constants.R_OK) =>
  access(file, mode).then(
    () => true,
    () => false,
  );

async function findBinary(binary: string): Promise<string | null> {
  if (binary.includes('/')) return (await exists(binary, constants.X_OK)) ? binary : null;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, binary);
    if (await exists(candidate, constants.X_OK)) return candidate;
  }
  return null;
}

async function findModelDir(configured: string | undefined): Promise<string | null> {
  for (const dir of configured ? [configured] : DEFAULT_MODEL_DIRS) {
    const files = modelFiles(dir);
    const present = await Promise.all([exists(path.join(files.hmm, 'mdef')), exists(files.lm), exists(files.dict)]);
    if (present.every(Boolean)) return dir;
  }
  return null;
}

const TIMING_LINE = /^(\S+) (-?\d+(?:\.\d+)?) (-?\d+(?:\.\d+)?) (-?\d+(?:\.\d+)?)$/;
// Sentence markers, silence, noise classes ([NOISE], [SPEECH]) and fillers (++UH++, +COUGH+).
const NON_WORD = /^(<.*>|\[.*\]|\+.*\+)$/;
const ALTERNATE_PRONUNCIATION = /\(\d+\)$/;

/** Turns pocketsphinx_continuous output into segments, one line at a time, as the child writes it. */
export class PocketsphinxOutputParser {
  readonly segments: TranscriptSegment[] = [];
  private words: TimedWord[] = [];

  /** Returns the end (ms) of the word on this line, if it is a word, for progress. */
  push(line: string): number | undefined {
    const timing = TIMING_LINE.exec(line.trim());
    if (!timing) {
      this.flush(); // a hypothesis line starts the next utterance
      return undefined;
    }
    const [, token, start, end, posterior] = timing;
    if (token === '<s>') this.flush();
    const endMs = Math.round(Number(end) * 1000);
    if (NON_WORD.test(token)) return endMs;
    const text = token.replace(ALTERNATE_PRONUNCIATION, '');
    // Posteriors are printed with rounding noise (1.000300): kept within 0–1, to three places.
    const confidence = Math.round(Math.min(1, Math.max(0, Number(posterior))) * 1000) / 1000;
    if (text) this.words.push({ text, startMs: Math.round(Number(start) * 1000), endMs, confidence });
    return endMs;
  }

  finish(): TranscriptSegment[] {
    this.flush();
    return this.segments;
  }

  private flush() {
    if (this.words.length === 0) return;
    const words = this.words;
    this.words = [];
    this.segments.push({
      startMs: words[0].startMs,
      endMs: words[words.length - 1].endMs,
      speaker: null,
      text: words.map((w) => w.text).join(' '),
      words,
    });
  }
}

export function parsePocketsphinxOutput(output: string): TranscriptSegment[] {
  const parser = new PocketsphinxOutputParser();
  for (const line of output.split('\n')) parser.push(line);
  return parser.finish();
}

const abortReason = (signal: AbortSignal) => signal.reason ?? new DOMException('transcription aborted', 'AbortError');

// With the log silenced nothing explains a failure, so the log goes to a pipe and only its error
// lines are kept (a few hundred bytes per second of audio otherwise).
const MAX_ERROR_LINES = 10;

/** Runs the recogniser over one WAV file; times are seconds from that file's start. */
function runRecogniser(binary: string, args: string[], signal: AbortSignal): Promise<TranscriptSegment[]> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortReason(signal));
    // Tied to this process: a killed worker leaves no recogniser running (audit 10).
    const child = spawnTied(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const parser = new PocketsphinxOutputParser();
    const errors: string[] = [];
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = () => {
      child.kill('SIGKILL');
      settle(() => reject(abortReason(signal)));
    };
    signal.addEventListener('abort', onAbort, { once: true });

    createInterface({ input: child.stdout }).on('line', (line) => parser.push(line));
    createInterface({ input: child.stderr }).on('line', (line) => {
      if (!/^(ERROR|FATAL)/.test(line)) return;
      errors.push(line);
      if (errors.length > MAX_ERROR_LINES) errors.shift();
    });
    child.on('error', (err: NodeJS.ErrnoException) =>
      settle(() => reject(err.code === 'ENOENT' ? noRecogniser() : new AppError('E_TRANSCRIBE_FAILED', `pocketsphinx: ${err.message}`))),
    );
    // 'close' (not 'exit') so every stdout line has been parsed.
    child.on('close', (code, killedBy) =>
      settle(() => {
        if (code !== 0) {
          const why = errors.join('; ') || (killedBy ? `killed by ${killedBy}` : `exit code ${code}`);
          return reject(new AppError('E_TRANSCRIBE_FAILED', `pocketsphinx failed: ${why}`));
        }
        resolve(parser.finish());
      }),
    );
  });
}

export function createLocalTranscriber(options: LocalTranscriberOptions = {}): Transcriber {
  const binary = options.binary ?? 'pocketsphinx_continuous';
  const pieces = {
    maxPieceMs: (options.pieceSeconds ?? DEFAULT_PIECE_SECONDS) * 1000,
    concurrency: options.concurrency ?? os.availableParallelism(),
    leadInMs: LEAD_IN_MS,
  };

  async function locate() {
    const [binaryPath, modelDir] = await Promise.all([findBinary(binary), findModelDir(options.modelDir)]);
    return binaryPath && modelDir ? { binaryPath, modelDir } : null;
  }

  async function status(): Promise<TranscriberStatus> {
    const found = await locate();
    if (!found) return { ok: false, message: NO_RECOGNISER_MESSAGE };
    return { ok: true, message: `offline recogniser: ${found.binaryPath} with model ${found.modelDir}` };
  }

  async function transcribe(input: TranscribeInput): Promise<TranscriptResult> {
    const found = await locate();
    if (!found) throw noRecogniser();
    const format = await readWavFormat(input.audioPath);
    if (format.sampleRate !== REQUIRED_SAMPLE_RATE || format.channels !== 1 || format.bitsPerSample !== 16) {
      throw new AppError(
        'E_BAD_AUDIO',
        `pocketsphinx needs 16 kHz mono 16-bit WAV, got ${format.sampleRate} Hz, ${format.channels} channel(s), ${format.bitsPerSample}-bit`,
        422,
      );
    }
    const files = modelFiles(found.modelDir);
    const model = ['-hmm', files.hmm, '-lm', files.lm, '-dict', files.dict];
    const result = await transcribeInPieces(input, pieces, (wav, _piece, signal) =>
      runRecogniser(found.binaryPath, ['-infile', wav, '-time', 'yes', ...model], signal),
    );
    return {
      segments: result.segments,
      provider: 'local',
      model: MODEL,
      language: 'en',
      pieces: { recognised: result.recognised, resumed: result.resumed },
    };
  }

  return { provider: 'local', model: MODEL, status, transcribe };
}
