/**
 * What an upload is, decided from its first bytes only: the file name and the browser's claimed
 * type are never trusted. This is a cheap gate before ffprobe, which has the final word.
 */
export interface SniffResult {
  mime: string;
  /** Short container name: mp4, mov, m4a, 3gp, webm, matroska, wav, avi, ogg, flac, mp3, aac, … */
  container: string;
  /** What the container usually holds; 'either' when it is commonly used for both. */
  kind: 'video' | 'audio' | 'either';
}

/** How many leading bytes sniffMedia looks at: pass at least this much when the file is larger. */
export const SNIFF_BYTES = 4096;

export function sniffMedia(head: Buffer): SniffResult | null {
  if (head.length < 4) return null;
  return (
    sniffIsoBmff(head) ??
    sniffEbml(head) ??
    sniffRiff(head) ??
    sniffOgg(head) ??
    sniffSimpleSignatures(head) ??
    sniffMpegTs(head) ??
    sniffMpegAudio(head, 0)
  );
}

const result = (mime: string, container: string, kind: SniffResult['kind']): SniffResult => ({ mime, container, kind });

const ascii = (buf: Buffer, start: number, end: number) => buf.toString('latin1', start, end);

const startsWith = (buf: Buffer, bytes: number[] | string, at = 0) => {
  const want = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes);
  return buf.length >= at + want.length && buf.subarray(at, at + want.length).equals(want);
};

// ---- ISO base media (mp4, mov, m4a, 3gp) ----

// HEIF/AVIF images use the same box structure: they are pictures, not media.
const IMAGE_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1', 'avif', 'avis', 'crx ']);
// Old QuickTime files may lack ftyp and start straight with one of these atoms.
const QUICKTIME_FIRST_ATOMS = new Set(['moov', 'mdat', 'wide', 'free', 'skip', 'pnot']);

function sniffIsoBmff(head: Buffer): SniffResult | null {
  if (head.length < 12) return null;
  const boxType = ascii(head, 4, 8);
  if (boxType !== 'ftyp') {
    // A box size always starts with a zero byte in these files; text never does.
    if (head[0] === 0 && QUICKTIME_FIRST_ATOMS.has(boxType)) return result('video/quicktime', 'mov', 'either');
    return null;
  }
  const major = ascii(head, 8, 12);
  if (!/^[\x20-\x7e]{4}$/.test(major)) return null;
  const boxSize = head.readUInt32BE(0);
  const brands = [major];
  for (let at = 16; at + 4 <= Math.min(boxSize, head.length); at += 4) brands.push(ascii(head, at, at + 4));

  if (IMAGE_BRANDS.has(major)) return null;
  if (major === 'qt  ') return result('video/quicktime', 'mov', 'either');
  if (/^(M4A|M4B|M4P|F4A|F4B)/.test(major)) return result('audio/mp4', 'm4a', 'audio');
  if (major.startsWith('3g2')) return result('video/3gpp2', '3g2', 'either');
  if (major.startsWith('3g')) return result('video/3gpp', '3gp', 'either');
  // Some writers put a generic major brand and the specific one among the compatible brands.
  if (brands.includes('qt  ') && !brands.some((b) => b.startsWith('iso') || b.startsWith('mp4'))) {
    return result('video/quicktime', 'mov', 'either');
  }
  return result('video/mp4', 'mp4', 'either');
}

// ---- EBML (webm, matroska) ----

const EBML_MAGIC = [0x1a, 0x45, 0xdf, 0xa3];
const EBML_DOCTYPE_ID = 0x4282;

/** Reads an EBML variable-length integer. `keepMarker` for element IDs, which keep their length bit. */
function readVint(buf: Buffer, at: number, keepMarker: boolean): { value: number; length: number } | null {
  const first = buf[at];
  if (first === undefined || first === 0) return null;
  const length = Math.clz32(first) - 23; // leading zero bits in the byte, plus one
  if (length > 8 || at + length > buf.length) return null;
  let value = keepMarker ? first : first & (0xff >> length);
  for (let i = 1; i < length; i++) value = value * 256 + buf[at + i];
  return { value, length };
}

function sniffEbml(head: Buffer): SniffResult | null {
  if (!startsWith(head, EBML_MAGIC)) return null;
  const headerSize = readVint(head, 4, false);
  if (!headerSize) return null;
  const start = 4 + headerSize.length;
  const end = Math.min(head.length, start + headerSize.value);
  let docType: string | null = null;
  for (let at = start; at < end; ) {
    const id = readVint(head, at, true);
    if (!id) break;
    const size = readVint(head, at + id.length, false);
    if (!size) break;
    const dataAt = at + id.length + size.length;
    if (id.value === EBML_DOCTYPE_ID) {
      docType = ascii(head, dataAt, Math.min(end, dataAt + size.value)).replace(/\0+$/, '');
      break;
    }
    at = dataAt + size.value;
  }
  if (docType === 'webm') return result('video/webm', 'webm', 'either');
  // Matroska is the default DocType when the header does not say.
  if (docType === null || docType === 'matroska') return result('video/x-matroska', 'matroska', 'either');
  return null;
}

// ---- RIFF / AIFF (wav, avi, aiff) ----

function sniffRiff(head: Buffer): SniffResult | null {
  if (head.length < 12) return null;
  const outer = ascii(head, 0, 4);
  const form = ascii(head, 8, 12);
  if (outer === 'RIFF' || outer === 'RF64' || outer === 'BW64') {
    if (form === 'WAVE') return result('audio/wav', 'wav', 'audio');
    if (form === 'AVI ' && outer === 'RIFF') return result('video/x-msvideo', 'avi', 'video');
  }
  if (outer === 'FORM' && (form === 'AIFF' || form === 'AIFC')) return result('audio/aiff', 'aiff', 'audio');
  return null;
}

// ---- Ogg: the first packet names the codec ----

function sniffOgg(head: Buffer): SniffResult | null {
  if (!startsWith(head, 'OggS') || head.length < 27) return null;
  const segments = head[26];
  const packet = head.subarray(27 + segments);
  const audioCodecs = ['\x01vorbis', 'OpusHead', 'Speex   ', '\x7fFLAC'];
  if (audioCodecs.some((magic) => startsWith(packet, magic))) return result('audio/ogg', 'ogg', 'audio');
  if (startsWith(packet, '\x80theora')) return result('video/ogg', 'ogg', 'video');
  return result('application/ogg', 'ogg', 'either');
}

// ---- fixed signatures at offset 0 ----

const ASF_GUID = [0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11, 0xa6, 0xd9, 0x00, 0xaa, 0x00, 0x62, 0xce, 0x6c];

function sniffSimpleSignatures(head: Buffer): SniffResult | null {
  if (startsWith(head, 'fLaC')) return result('audio/flac', 'flac', 'audio');
  if (startsWith(head, 'ID3')) return sniffAfterId3(head);
  if (startsWith(head, ASF_GUID)) return result('video/x-ms-asf', 'asf', 'either');
  if (startsWith(head, [0x46, 0x4c, 0x56, 0x01])) return result('video/x-flv', 'flv', 'either');
  if (startsWith(head, [0x00, 0x00, 0x01, 0xba])) return result('video/mpeg', 'mpeg', 'video');
  if (startsWith(head, '#!AMR')) return result('audio/amr', 'amr', 'audio');
  return null;
}

/** An ID3v2 tag prefixes mp3 (and sometimes flac or aac): look at what follows it. */
function sniffAfterId3(head: Buffer): SniffResult | null {
  if (head.length < 10) return null;
  const sizeBytes = head.subarray(6, 10);
  if (sizeBytes.some((b) => b > 0x7f)) return null; // sizes are "syncsafe": 7 bits per byte
  const size = ((sizeBytes[0] << 21) | (sizeBytes[1] << 14) | (sizeBytes[2] << 7) | sizeBytes[3]) >>> 0;
  const hasFooter = (head[5] & 0x10) !== 0;
  let after = 10 + size + (hasFooter ? 10 : 0);
  // A big tag (cover art) hides the audio from us; an ID3v2 tag almost always means mp3.
  if (after + 4 > head.length) return result('audio/mpeg', 'mp3', 'audio');
  while (after < head.length && head[after] === 0) after++; // padding some taggers add after the tag
  if (startsWith(head, 'fLaC', after)) return result('audio/flac', 'flac', 'audio');
  return sniffMpegAudio(head, after, true) ?? result('audio/mpeg', 'mp3', 'audio');
}

// ---- MPEG transport stream: a sync byte every 188 (or 192) bytes ----

function sniffMpegTs(head: Buffer): SniffResult | null {
  for (const [first, packet] of [
    [0, 188],
    [4, 192],
  ]) {
    if (head.length < first + 2 * packet + 1) continue;
    if ([0, 1, 2].every((n) => head[first + n * packet] === 0x47)) return result('video/mp2t', 'mpegts', 'either');
  }
  return null;
}

// ---- MPEG audio (mp3) and ADTS (aac): frame headers, confirmed by the next frame ----

const MP3_BITRATES_KBPS: Record<string, number[]> = {
  v1l1: [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
  v1l2: [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
  v1l3: [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  v2l1: [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
  v2l2: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};
const MP3_SAMPLE_RATES: Record<number, number[]> = { 3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000] };

/** Length in bytes of the MPEG audio frame whose header is at `at`, or null if it is not one. */
function mp3FrameLength(buf: Buffer, at: number): number | null {
  if (at + 4 > buf.length || buf[at] !== 0xff || (buf[at + 1] & 0xe0) !== 0xe0) return null;
  const version = (buf[at + 1] >> 3) & 3; // 3 = MPEG-1, 2 = MPEG-2, 0 = MPEG-2.5, 1 reserved
  const layer = 4 - ((buf[at + 1] >> 1) & 3); // bits 01 = layer III ... 11 = layer I; 00 reserved
  const bitrateIndex = buf[at + 2] >> 4;
  const rateIndex = (buf[at + 2] >> 2) & 3;
  // Free-format (index 0) frames have no computable length; they are vanishingly rare.
  if (version === 1 || layer === 4 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) return null;
  const table = version === 3 ? `v1l${layer}` : layer === 1 ? 'v2l1' : 'v2l2';
  const bitrate = MP3_BITRATES_KBPS[table][bitrateIndex] * 1000;
  const sampleRate = MP3_SAMPLE_RATES[version][rateIndex];
  const padding = (buf[at + 2] >> 1) & 1;
  if (layer === 1) return (Math.floor((12 * bitrate) / sampleRate) + padding) * 4;
  const samplesPerByte = layer === 3 && version !== 3 ? 72 : 144;
  return Math.floor((samplesPerByte * bitrate) / sampleRate) + padding;
}

/** Length of the ADTS (AAC) frame at `at`, or null. */
function adtsFrameLength(buf: Buffer, at: number): number | null {
  if (at + 7 > buf.length || buf[at] !== 0xff || (buf[at + 1] & 0xf6) !== 0xf0) return null;
  if (((buf[at + 2] >> 2) & 0xf) > 12) return null; // sampling frequency index
  const length = ((buf[at + 3] & 0x03) << 11) | (buf[at + 4] << 3) | (buf[at + 5] >> 5);
  return length >= 7 ? length : null;
}

/**
 * A frame header at `at`, followed by another header right where the frame ends (random bytes
 * pass the first test about once in a few thousand, the pair almost never). When the buffer ends
 * before the next frame, `trustOneFrame` (after an ID3 tag) accepts a single frame.
 */
function sniffMpegAudio(head: Buffer, at: number, trustOneFrame = false): SniffResult | null {
  const kinds = [
    { frameLength: adtsFrameLength, found: result('audio/aac', 'aac', 'audio') },
    { frameLength: mp3FrameLength, found: result('audio/mpeg', 'mp3', 'audio') },
  ];
  for (const { frameLength, found } of kinds) {
    const first = frameLength(head, at);
    if (first === null) continue;
    const next = at + first;
    if (next + 4 > head.length) {
      if (trustOneFrame) return found;
      continue;
    }
    if (frameLength(head, next) !== null) return found;
  }
  return null;
}

// ---- caption files ----

const SRT_TIMING = /^\s*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}\s*-->\s*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}/;

/** WebVTT by its required header; SRT by its first cue: a number line, then a timing line. */
export function sniffCaptions(text: string): 'vtt' | 'srt' | null {
  const body = text.replace(/^\uFEFF/, '');
  if (/^WEBVTT(?=$|[ \t\r\n])/.test(body)) return 'vtt';
  const lines = body.replace(/^(?:[ \t]*\r?\n)+/, '').split(/\r?\n/, 3);
  if (lines.length >= 2 && /^\s*\d+\s*$/.test(lines[0]) && SRT_TIMING.test(lines[1])) return 'srt';
  return null;
}
