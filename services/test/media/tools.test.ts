// Finding ffmpeg and running tools as child processes; the pure path logic is tested in services/src/media/tools.test.ts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTool, ToolError } from '../../src/media/run-tool.ts';
import { checkMediaTools, mediaToolsFrom } from '../../src/media/tools.ts';

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-tools-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Runs a snippet of JavaScript in a child Node, a portable stand-in for any tool. */
const node = (code: string, options?: Parameters<typeof runTool>[2]) => runTool(process.execPath, ['-e', code], options);

describe('checkMediaTools', () => {
  it('finds the installed ffmpeg and says which version', async () => {
    const status = await checkMediaTools(mediaToolsFrom(process.env.FFMPEG_PATH));
    expect(status.ok).toBe(true);
    expect(status.version).toMatch(/^n?\d+\.\d+/);
    expect(status.message).toContain(status.version);
  });

  it('says what to do when ffmpeg is missing, instead of throwing', async () => {
    const status = await checkMediaTools(mediaToolsFrom('/nonexistent/bin/ffmpeg'));
    expect(status).toEqual({
      ok: false,
      message: "ffmpeg not found at '/nonexistent/bin/ffmpeg': install ffmpeg (apt-get install ffmpeg) or set FFMPEG_PATH",
    });
  });

  it('names ffprobe when only it is missing next to FFMPEG_PATH', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'bin-'));
    fs.symlinkSync('/usr/bin/ffmpeg', path.join(dir, 'ffmpeg'));
    const status = await checkMediaTools(mediaToolsFrom(path.join(dir, 'ffmpeg')));
    expect(status.ok).toBe(false);
    expect(status.message).toContain(`ffprobe not found at '${path.join(dir, 'ffprobe')}'`);
    expect(status.message).toContain('FFMPEG_PATH');
  });

  it('refuses a file that is not executable, or a program that is not ffmpeg', async () => {
    const notExecutable = path.join(tmp, 'ffmpeg-not-executable');
    fs.writeFileSync(notExecutable, 'not a program', { mode: 0o644 });
    const status = await checkMediaTools({ ffmpeg: notExecutable, ffprobe: 'ffprobe' });
    expect(status.ok).toBe(false);
    expect(status.message).toContain('not executable');

    const impostor = await checkMediaTools({ ffmpeg: '/bin/echo', ffprobe: 'ffprobe' });
    expect(impostor.ok).toBe(false);
    expect(impostor.message).toContain("'/bin/echo' does not look like ffmpeg");
  });
});

describe('runTool', () => {
  it('collects stdout, and lines of both streams split on \\n, \\r\\n and \\r', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const result = await node(`process.stdout.write('a\\r\\nb\\n'); process.stderr.write('frame=1\\rframe=2\\rdone\\n')`, {
      onStdoutLine: (l) => out.push(l),
      onStderrLine: (l) => err.push(l),
    });
    expect(result.stdout).toBe('a\r\nb\n');
    expect(out).toEqual(['a', 'b']);
    expect(err).toEqual(['frame=1', 'frame=2', 'done']);
  });

  it('does not see an empty line when \\r\\n arrives in two chunks', async () => {
    const out: string[] = [];
    await node(`process.stdout.write('x\\r'); setTimeout(() => process.stdout.write('\\ny'), 50)`, { onStdoutLine: (l) => out.push(l) });
    expect(out).toEqual(['x', 'y']);
  });

  it('passes arguments without a shell', async () => {
    const result = await node('console.log(JSON.stringify(process.argv.slice(1)))', {});
    expect(result.stdout.trim()).toBe('[]');
    const echoed = await runTool('/bin/echo', ['$HOME', '; rm -rf /', '`id`']);
    expect(echoed.stdout).toBe('$HOME ; rm -rf / `id`\n');
  });

  it('rejects with the tail of stderr on a non-zero exit', async () => {
    const noisy = `for (let i = 0; i < 500; i++) console.error('line ' + i); console.error('the real problem'); process.exitCode = 3`;
    const err = await node(noisy).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ToolError);
    const toolError = err as ToolError;
    expect(toolError.exitCode).toBe(3);
    expect(toolError.stderrTail.split('\n').at(-1)).toBe('the real problem');
    expect(toolError.stderrTail).not.toContain('line 100\n');
    expect(toolError.message).toContain('exited with code 3');
  });

  it('rejects with the error of a throwing line callback, and stops the tool', async () => {
    const started = Date.now();
    const running = node(`console.log('first'); setTimeout(() => {}, 30_000)`, {
      onStdoutLine: () => {
        throw new Error('bad line');
      },
    });
    await expect(running).rejects.toThrow('bad line');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('marks a missing binary as not found', async () => {
    const err = await runTool('/nonexistent/tool', []).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ToolError);
    expect((err as ToolError).notFound).toBe(true);
  });

  it('kills the process when the signal aborts, rejecting with the reason', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const running = node('setTimeout(() => {}, 30_000)', { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('stop')), 100);
    await expect(running).rejects.toThrow('stop');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('rejects at once when the signal has already aborted', async () => {
    await expect(node('', { signal: AbortSignal.abort(new Error('too late')) })).rejects.toThrow('too late');
  });
});
