import fs from 'node:fs';
import path from 'node:path';

/**
 * The real pocketsphinx_continuous behind a wrapper script that first notes which recognition
 * piece it was given (piece-N.wav, ai/transcribe/pieces.ts) in a log file, so a test can see
 * which pieces a process recognised. Pass `POCKETSPHINX_PATH: wrapper` and `PIECE_LOG: file`.
 */
export function recogniserWithLog(dir: string): { wrapper: string; pieces: (log: string) => number[] } {
  const real = (process.env.PATH ?? '')
    .split(path.delimiter)
    .map((d) => path.join(d, 'pocketsphinx_continuous'))
    .find((f) => fs.existsSync(f));
  if (!real) throw new Error('pocketsphinx_continuous is not installed');
  const wrapper = path.join(dir, 'pocketsphinx-logged');
  fs.writeFileSync(
    wrapper,
    `#!/bin/sh\nfor a in "$@"; do case "$a" in *piece-*.wav) echo "$(basename "$a" .wav)" >> "$PIECE_LOG";; esac; done\nexec ${real} "$@"\n`,
    { mode: 0o755 },
  );
  const pieces = (log: string) =>
    fs.existsSync(log)
      ? fs
          .readFileSync(log, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => Number(line.replace('piece-', '')))
      : [];
  return { wrapper, pieces };
}
