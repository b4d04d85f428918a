import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { waitFor } from './wait.ts';

/** The command line from the TypeScript sources (what the tests run). */
export const CLI = path.resolve(import.meta.dirname, '../../bin/colloquy-dev.js');
/** The compiled command line `npm start` runs (needs `npm run build`). */
export const COMPILED_CLI = path.resolve(import.meta.dirname, '../../bin/colloquy.js');

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((r) => server.close(r));
  return port;
}

/** `colloquy start` as a real child process; resolves once /api/health answers. */
export async function startColloquyProcess(
  env: Record<string, string>,
  opts: { timeoutMs?: number; cli?: string } = {},
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [opts.cli ?? CLI, 'start'], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  await waitFor(
    'colloquy to answer /api/health',
    async () => {
      if (child.exitCode !== null) throw new Error(`it exited early (${child.exitCode})`);
      return fetch(`${url}/api/health`).then(
        (res) => res.ok,
        () => false, // not listening yet
      );
    },
    opts,
  ).catch((err: Error) => {
    throw new Error(`colloquy did not start: ${err.message}\n${output}`);
  });
  return { child, url, output: () => output };
}

export async function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM') {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  await exited;
}

/** A tiny fetch-based API client holding a session cookie. */
export class HttpClient {
  cookie = '';
  constructor(readonly base: string) {}

  async call(method: string, url: string, body?: unknown) {
    const init: RequestInit = { method, headers: { cookie: this.cookie } };
    if (body instanceof FormData) init.body = body;
    else if (body !== undefined) {
      init.body = JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] = 'application/json';
    }
    const res = await fetch(this.base + url, init);
    const set = res.headers.get('set-cookie')?.match(/colloquy_session=([^;]*)/);
    if (set) this.cookie = `colloquy_session=${set[1]}`;
    return { status: res.status, json: await res.json().catch(() => null) };
  }
}
