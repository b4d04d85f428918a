import { open, writeFile, type FileHandle } from 'node:fs/promises';
import { AppError } from '../core/errors.ts';

/**
 * Pure-JS PCM WAV reading and slicing, so long audio can be cut into request-sized chunks without
 * spawning ffmpeg. Our audio stage always writes 16 kHz mono s16le, but the header is read
 * properly (chunk by chunk: ffmpeg adds a LIST chunk, so the samples do not start at byte 44).
 */

export interface WavFormat {
  /** 1 = integer PCM, 3 = IEEE float (WAVE_FORMAT_EXTENSIBLE is resolved to its sub-format). */
  audioFormat: number;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  /** Bytes per frame (all channels of one sample instant). */
  blockAlign: number;
  /** Where the samples start in the file. */
  dataOffset: number;
  /** Length of the sample data in bytes, whole frames only. */
  dataBytes: number;
  frames: number;
  durationMs: number;
}

/** A piece of a longer recording, as a standalone WAV file in memory. */
export interface WavChunk {
  index: number;
  startMs: number;
  endMs: number;
  wav: Buffer;
}

const HEADER_BYTES = 44;
const UNKNOWN_SIZE = 0xffffffff; // what ffmpeg writes when its output is a pipe it cannot seek back on
const FORMAT_PCM = 1;
const FORMAT_FLOAT = 3;
const FORMAT_EXTENSIBLE = 0xfffe;

const badWav = (message: string) => new AppError('E_BAD_WAV', message, 422);

interface ChunkScan {
  fmt?: Buffer;
  dataOffset?: number;
  dataSize?: number;
  /** The prefix we were given ended before the data chunk was found. */
  needMore: boolean;
}

function scanChunks(bytes: Buffer): ChunkScan {
  if (bytes.length < 12) return { needMore: true };
  const riff = bytes.toString('latin1', 0, 4);
  if ((riff !== 'RIFF' && riff !== 'RF64') || bytes.toString('latin1', 8, 12) !== 'WAVE') {
    throw badWav('not a RIFF/WAVE file');
  }
  let fmt: Buffer | undefined;
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const id = bytes.toString('latin1', offset, offset + 4);
    const size = bytes.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'data') return { fmt, dataOffset: body, dataSize: size, needMore: false };
    if (id === 'fmt ') {
      if (body + size > bytes.length) return { needMore: true };
      fmt = bytes.subarray(body, body + size);
    }
    offset = body + size + (size % 2); // chunks are padded to an even length
  }
  return { fmt, needMore: true };
}

function decodeFmt(fmt: Buffer) {
  if (fmt.length < 16) throw badWav('fmt chunk too short');
  let audioFormat = fmt.readUInt16LE(0);
  // WAVE_FORMAT_EXTENSIBLE: the real format is the first two bytes of the sub-format GUID.
  if (audioFormat === FORMAT_EXTENSIBLE && fmt.length >= 26) audioFormat = fmt.readUInt16LE(24);
  const channels = fmt.readUInt16LE(2);
  const sampleRate = fmt.readUInt32LE(4);
  const blockAlign = fmt.readUInt16LE(12);
  const bitsPerSample = fmt.readUInt16LE(14);
  if (audioFormat !== FORMAT_PCM && audioFormat !== FORMAT_FLOAT) throw badWav(`unsupported WAV encoding ${audioFormat} (want PCM)`);
  if (!channels || !sampleRate || !blockAlign) throw badWav('WAV fmt chunk has zero channels, rate or block size');
  return { audioFormat, channels, sampleRate, bitsPerSample, blockAlign };
}

/**
 * Reads the format and the data chunk's position from the first bytes of a WAV file.
 * `fileBytes` is the whole file's size when `bytes` is only a prefix: it bounds the data chunk,
 * whose size field may be a placeholder (streamed output) or larger than what was written.
 */
export function parseWavHeader(bytes: Buffer, fileBytes = bytes.length): WavFormat {
  if (bytes.length < 12) throw badWav('too short to be a WAV file');
  const scan = scanChunks(bytes);
  if (scan.dataOffset === undefined || scan.dataSize === undefined) {
    throw badWav(scan.fmt ? 'WAV has no data chunk' : 'WAV has no fmt chunk before its data');
  }
  if (!scan.fmt) throw badWav('WAV has no fmt chunk before its data');
  const format = decodeFmt(scan.fmt);
  const available = Math.max(0, fileBytes - scan.dataOffset);
  const declared = scan.dataSize === UNKNOWN_SIZE || (scan.dataSize === 0 && available > 0) ? available : scan.dataSize;
  const dataBytes = Math.min(declared, available) - (Math.min(declared, available) % format.blockAlign);
  const frames = dataBytes / format.blockAlign;
  return { ...format, dataOffset: scan.dataOffset, dataBytes, frames, durationMs: (frames * 1000) / format.sampleRate };
}

async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

async function readFormatFrom(fh: FileHandle): Promise<WavFormat> {
  const { size } = await fh.stat();
  // Metadata chunks before the samples are usually small; read a bigger prefix only when needed.
  for (let prefix = 4096; ; prefix *= 16) {
    const bytes = await readAt(fh, 0, Math.min(prefix, size));
    if (!scanChunks(bytes).needMore || bytes.length >= size) return parseWavHeader(bytes, size);
  }
}

export async function readWavFormat(path: string): Promise<WavFormat> {
  const fh = await open(path, 'r');
  try {
    return await readFormatFrom(fh);
  } finally {
    await fh.close();
  }
}

/** A canonical 44-byte header for `dataBytes` of samples in `format`. */
export function wavHeader(
  format: Pick<WavFormat, 'audioFormat' | 'channels' | 'sampleRate' | 'bitsPerSample' | 'blockAlign'>,
  dataBytes: number,
): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + dataBytes, 4);
  header.write('WAVE', 8, 'latin1');
  header.write('fmt ', 12, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(format.audioFormat, 20);
  header.writeUInt16LE(format.channels, 22);
  header.writeUInt32LE(format.sampleRate, 24);
  header.writeUInt32LE(format.sampleRate * format.blockAlign, 28);
  header.writeUInt16LE(format.blockAlign, 32);
  header.writeUInt16LE(format.bitsPerSample, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(dataBytes, 40);
  return header;
}

const msToFrame = (format: WavFormat, ms: number) => Math.min(format.frames, Math.max(0, Math.round((ms * format.sampleRate) / 1000)));
const frameToMs = (format: WavFormat, frame: number) => (frame * 1000) / format.sampleRate;

async function readFramesAsWav(fh: FileHandle, format: WavFormat, startFrame: number, endFrame: number): Promise<Buffer> {
  const samples = await readAt(fh, format.dataOffset + startFrame * format.blockAlign, (endFrame - startFrame) * format.blockAlign);
  return Buffer.concat([wavHeader(format, samples.length), samples]);
}

/** Copies [startMs, startMs + durationMs) of a WAV file (clamped to its length) into a new WAV file. */
export async function sliceWav(path: string, startMs: number, durationMs: number, outPath: string): Promise<WavFormat> {
  const fh = await open(path, 'r');
  try {
    const format = await readFormatFrom(fh);
    const startFrame = msToFrame(format, startMs);
    const endFrame = msToFrame(format, startMs + durationMs);
    const wav = await readFramesAsWav(fh, format, startFrame, Math.max(startFrame, endFrame));
    await writeFile(outPath, wav);
    return parseWavHeader(wav);
  } finally {
    await fh.close();
  }
}

const ENERGY_WINDOW_MS = 20;

/**
 * The quietest point of [fromFrame, toFrame): the middle of the 20 ms window with the least
 * energy, preferring later windows on ties so chunks stay long. Only 16-bit PCM is measured;
 * other encodings are cut at `toFrame`.
 */
async function quietestFrame(fh: FileHandle, format: WavFormat, fromFrame: number, toFrame: number): Promise<number> {
  if (format.audioFormat !== FORMAT_PCM || format.bitsPerSample !== 16) return toFrame;
  const window = Math.max(1, Math.round((format.sampleRate * ENERGY_WINDOW_MS) / 1000));
  const bytes = await readAt(fh, format.dataOffset + fromFrame * format.blockAlign, (toFrame - fromFrame) * format.blockAlign);
  const windowBytes = window * format.blockAlign;
  let best = toFrame;
  let bestEnergy = Infinity;
  for (let w = 0; (w + 1) * windowBytes <= bytes.length; w++) {
    let energy = 0;
    for (let i = w * windowBytes; i < (w + 1) * windowBytes; i += 2) energy += bytes.readInt16LE(i) ** 2;
    if (energy <= bestEnergy) {
      bestEnergy = energy;
      best = fromFrame + w * window + Math.floor(window / 2);
    }
  }
  return best;
}

/**
 * Plans chunks of at most `maxMs`, each cut at the quietest moment of its last fifth (at most
 * 10 s), so a request boundary rarely splits a word in two. The last chunk is kept at least 1 s
 * long (or half a chunk): servers reject very short audio (OpenAI: under 0.1 s).
 */
async function planChunkFrames(fh: FileHandle, format: WavFormat, maxMs: number): Promise<Array<[number, number]>> {
  const maxFrames = Math.max(1, Math.floor((maxMs * format.sampleRate) / 1000));
  const searchFrames = Math.min(Math.floor(maxFrames / 5), format.sampleRate * 10);
  const minTailFrames = Math.min(format.sampleRate, Math.floor(maxFrames / 2));
  const plan: Array<[number, number]> = [];
  let start = 0;
  while (format.frames - start > maxFrames) {
    const hardEnd = Math.min(start + maxFrames, format.frames - minTailFrames);
    const cut = searchFrames > 0 ? await quietestFrame(fh, format, hardEnd - searchFrames, hardEnd) : hardEnd;
    plan.push([start, cut]);
    start = cut;
  }
  if (format.frames > start) plan.push([start, format.frames]);
  return plan;
}

/**
 * Splits a WAV file into standalone WAV buffers of at most `maxMs`, read from disk one at a time.
 * A recording without samples yields no chunk.
 */
export async function* readWavChunks(path: string, maxMs: number): AsyncGenerator<WavChunk> {
  const fh = await open(path, 'r');
  try {
    const format = await readFormatFrom(fh);
    const plan = await planChunkFrames(fh, format, maxMs);
    for (const [index, [startFrame, endFrame]] of plan.entries()) {
      yield {
        index,
        startMs: frameToMs(format, startFrame),
        endMs: frameToMs(format, endFrame),
        wav: await readFramesAsWav(fh, format, startFrame, endFrame),
      };
    }
  } finally {
    await fh.close();
  }
}
