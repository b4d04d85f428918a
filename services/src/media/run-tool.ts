import { StringDecoder } from 'node:string_decoder';
import { spawnTied } from './tied-spawn.ts';

export interface RunToolOptions {
  signal?: AbortSignal;
  /** Called for each line ffmpeg writes to stderr (ffmpeg ends status lines with \r, so both count). */
  onStderrLine?: (line: string) => void;
  onStdoutLine?: (line: string) => void;
  /**
   * Keep stdout in memory for the result (default true). Turn it off for long streams that are
   * consumed line by line (e.g. -progress or packet listings), so memory stays flat.
   */
  keepStdout?: boolean;
}

export interface RunToolResult {
  stdout: string;
  /** The last lines of stderr only: enough to explain a failure, bounded for long runs. */
  stderr: string;
}

const STDERR_TAIL_LINES = 40;
const STDERR_TAIL_CHARS = 4000;

/** A tool that could not be started, or that exited with an error. Carries the tail of its stderr. */
export class ToolError extends Error {
  constructor(
    message: string,
    readonly command: string,
    readonly exitCode: number | null,
    readonly stderrTail: string,
    /** The binary is not there (ENOENT) or may not be run (EACCES). */
    readonly notFound = false,
  ) {
    super(message);
    this.name = 'ToolError';
  }
}

/** Splits a character stream into lines on \n, \r\n or a bare \r. */
function lineSplitter(onLine: (line: string) => void) {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  const emit = (text: string, final: boolean) => {
    pending += text;
    // A trailing \r may be the first half of a \r\n split across chunks: wait for the next one.
    const cut = !final && pending.endsWith('\r') ? pending.length - 1 : pending.length;
    const parts = pending.slice(0, cut).split(/\r\n|\r|\n/);
    const rest = parts.pop() ?? '';
    pending = rest + pending.slice(cut);
    for (const line of parts) onLine(line);
    if (final && pending) {
      onLine(pending);
      pending = '';
    }
  };
  return {
    write: (chunk: Buffer) => emit(decoder.write(chunk), false),
    end: () => emit(decoder.end(), true),
  };
}

/**
 * Runs a binary without a shell (arguments are never interpreted), collects its output and
 * resolves on exit code 0. Rejects with a ToolError holding the tail of stderr otherwise, or with
 * the abort reason when the signal fires (the child is killed).
 */
export function runTool(cmd: string, args: string[], options: RunToolOptions = {}): Promise<RunToolResult> {
  const { signal, onStderrLine, onStdoutLine, keepStdout = true } = options;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason ?? abortError());
      return;
    }
    const child = spawnTied(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });

    const stdoutChunks: Buffer[] = [];
    const stderrTail: string[] = [];
    // A throwing line callback would otherwise escape from a stream event and crash the process.
    let callbackError: { error: unknown } | null = null;
    const guarded = (fn: (line: string) => void) => (line: string) => {
      if (callbackError) return;
      try {
        fn(line);
      } catch (error) {
        callbackError = { error };
        child.kill('SIGKILL');
      }
    };
    const stdoutLines = onStdoutLine ? lineSplitter(guarded(onStdoutLine)) : null;
    const stderrLines = lineSplitter(
      guarded((line) => {
        if (line.trim() === '') return;
        stderrTail.push(line);
        if (stderrTail.length > STDERR_TAIL_LINES) stderrTail.shift();
        onStderrLine?.(line);
      }),
    );

    child.stdout.on('data', (chunk: Buffer) => {
      if (keepStdout) stdoutChunks.push(chunk);
      stdoutLines?.write(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => stderrLines.write(chunk));

    let settled = false;
    let killTimer: NodeJS.Timeout | undefined;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      clearTimeout(killTimer);
      fn();
    };
    const onAbort = () => {
      // SIGTERM lets ffmpeg close its files; SIGKILL if it does not go within a few seconds.
      child.kill('SIGTERM');
      killTimer = setTimeout(() => child.kill('SIGKILL'), 3000);
      killTimer.unref();
    };
    signal?.addEventListener('abort', onAbort, { once: true });

    child.on('error', (err: NodeJS.ErrnoException) => {
      const notFound = err.code === 'ENOENT' || err.code === 'EACCES';
      const what = err.code === 'EACCES' ? 'is not executable' : 'could not be started';
      finish(() => reject(new ToolError(`'${cmd}' ${notFound ? what : `failed to start: ${err.message}`}`, cmd, null, '', notFound)));
    });

    child.on('close', (code, killedBy) => {
      stdoutLines?.end();
      stderrLines.end();
      const tail = tailText(stderrTail);
      finish(() => {
        if (signal?.aborted) {
          reject(signal.reason ?? abortError());
        } else if (callbackError) {
          reject(callbackError.error);
        } else if (code === 0) {
          resolve({ stdout: Buffer.concat(stdoutChunks).toString('utf8'), stderr: tail });
        } else {
          const how = code === null ? `was killed by ${killedBy}` : `exited with code ${code}`;
          reject(new ToolError(`'${cmd}' ${how}${tail ? `: ${tail}` : ''}`, cmd, code, tail));
        }
      });
    });
  });
}

function tailText(lines: string[]): string {
  const text = lines.join('\n');
  return text.length > STDERR_TAIL_CHARS ? text.slice(-STDERR_TAIL_CHARS) : text;
}

function abortError(): Error {
  return new DOMException('The operation was aborted', 'AbortError');
}
