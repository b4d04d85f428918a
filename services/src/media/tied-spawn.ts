import { spawn, type ChildProcessByStdio, type SpawnOptionsWithStdioTuple, type StdioNull, type StdioPipe } from 'node:child_process';
import type { Readable } from 'node:stream';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/**
 * Spawns a tool (ffmpeg, the recogniser) so that it dies with this process, kill -9 included,
 * where no exit handler of ours runs. Node has no prctl, so util-linux's `setpriv --pdeathsig KILL`
 * asks the kernel for it (PR_SET_PDEATHSIG) and then execs the tool in its place: same pid, same
 * pipes, same exit code. Without setpriv (not Linux) or when the tool is not found (so the caller
 * still gets its ENOENT), it is a plain spawn. The kernel ties the signal to the spawning thread:
 * libuv spawns from the event loop's thread, which lives as long as the process.
 */
/** Output read through pipes, no input: how ffmpeg and the recogniser are run. */
type ToolOptions = SpawnOptionsWithStdioTuple<StdioNull, StdioPipe, StdioPipe>;

export function spawnTied(command: string, args: string[], options: ToolOptions): ChildProcessByStdio<null, Readable, Readable> {
  if (!SETPRIV || !findExecutable(command)) return spawn(command, args, options);
  return spawn(SETPRIV, ['--pdeathsig', 'KILL', '--', command, ...args], options);
}

const SETPRIV = ['/usr/bin/setpriv', '/bin/setpriv'].find(isExecutable) ?? null;

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `command` as a path, or looked up on PATH like spawn does. */
function findExecutable(command: string): string | null {
  if (command.includes('/')) return isExecutable(command) ? command : null;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, command);
    if (isExecutable(candidate)) return candidate;
  }
  return null;
}
