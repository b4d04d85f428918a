/**
 * PocketSphinx for eval/, keeping what the recogniser says of each word: `pocketsphinx_continuous
 * -infile x.wav -time yes` prints `word start end confidence` lines (seconds, posterior 0–1), one
 * per token. The tags task needs that confidence whether or not the product's transcriber keeps
 * it yet, so it reads the output here, with the binary and model of the configuration.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TimedWord } from '../../services/src/core/transcript.ts';

const run = promisify(execFile);
const DEFAULT_MODEL_DIR = '/usr/share/pocketsphinx/model/en-us';
const TIMING_LINE = /^(\S+) (-?\d+(?:\.\d+)?) (-?\d+(?:\.\d+)?) (-?\d+(?:\.\d+)?)$/;
// Sentence markers, silence, noise classes and fillers: not words.
const NON_WORD = /^(<.*>|\[.*\]|\+.*\+)$/;

/** Words of a 16 kHz mono WAV, times in ms from its start, with the recogniser's confidence. */
export async function recogniseWithConfidence(wav: string, options: { binary?: string; modelDir?: string } = {}): Promise<TimedWord[]> {
  const dir = options.modelDir ?? DEFAULT_MODEL_DIR;
  const args = ['-infile', wav, '-time', 'yes', '-hmm', path.join(dir, 'en-us'), '-lm', path.join(dir, 'en-us.lm.bin')];
  args.push('-dict', path.join(dir, 'cmudict-en-us.dict'), '-logfn', '/dev/null');
  const { stdout } = await run(options.binary ?? 'pocketsphinx_continuous', args, { maxBuffer: 64 * 1024 * 1024 });
  return parseTimedWords(stdout);
}

export function parseTimedWords(output: string): TimedWord[] {
  const words: TimedWord[] = [];
  for (const line of output.split('\n')) {
    const m = TIMING_LINE.exec(line.trim());
    if (!m || NON_WORD.test(m[1])) continue;
    const text = m[1].replace(/\(\d+\)$/, '');
    const confidence = Math.min(1, Math.max(0, Number(m[4])));
    words.push({ text, startMs: Math.round(Number(m[2]) * 1000), endMs: Math.round(Number(m[3]) * 1000), confidence });
  }
  return words;
}
