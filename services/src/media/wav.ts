import { open } from 'node:fs/promises';

export interface WavInfo {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  /** 1 = integer PCM, 3 = float, 0xfffe = extensible */
  formatTag: number;
  dataBytes: number;
  durationMs: number;
}

// The fmt and data chunks sit near the start; any LIST/INFO chunk before them is small.
const HEADER_BYTES = 64 * 1024;

/** Reads a RIFF WAVE header (fmt and data chunks) without loading the samples. */
export async function readWavInfo(path: string): Promise<WavInfo> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const head = Buffer.alloc(Math.min(HEADER_BYTES, size));
    await file.read(head, 0, head.length, 0);
    return parseWavHeader(head, size);
  } finally {
    await file.close();
  }
}

export function parseWavHeader(head: Buffer, fileSize: number): WavInfo {
  if (head.length < 12 || head.toString('latin1', 0, 4) !== 'RIFF' || head.toString('latin1', 8, 12) !== 'WAVE') {
    throw new Error('not a RIFF WAVE file');
  }
  let fmt: Omit<WavInfo, 'dataBytes' | 'durationMs'> | null = null;
  for (let at = 12; at + 8 <= head.length; ) {
    const id = head.toString('latin1', at, at + 4);
    const size = head.readUInt32LE(at + 4);
    if (id === 'fmt ' && at + 24 <= head.length) {
      fmt = {
        formatTag: head.readUInt16LE(at + 8),
        channels: head.readUInt16LE(at + 10),
        sampleRate: head.readUInt32LE(at + 12),
        bitsPerSample: head.readUInt16LE(at + 22),
      };
    } else if (id === 'data') {
      if (!fmt) break;
      // A writer that could not seek back leaves the size at 0 or 0xffffffff: the rest of the file is data.
      const available = fileSize - (at + 8);
      const dataBytes = size === 0 || size === 0xffffffff ? available : Math.min(size, available);
      const bytesPerSecond = fmt.sampleRate * fmt.channels * (fmt.bitsPerSample / 8);
      return { ...fmt, dataBytes, durationMs: bytesPerSecond > 0 ? Math.round((dataBytes / bytesPerSecond) * 1000) : 0 };
    }
    at += 8 + size + (size % 2); // chunks are padded to an even length
  }
  throw new Error('WAVE file without fmt and data chunks');
}
