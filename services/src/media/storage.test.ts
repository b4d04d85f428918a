import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3Server, type TestS3 } from '../../test/helpers/s3-server.ts';
import { LocalMediaStorage } from './local-storage.ts';
import { S3MediaStorage } from './s3-storage.ts';
import type { MediaStorage } from './storage.ts';

/** One contract, two stores: local disk and a real S3-compatible server (s3rver) on loopback. */
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-store-'));
let s3: TestS3;
/** Requests that reached the bucket through the counting proxy, e.g. "POST /colloquy-media/x?uploads". */
const requests: string[] = [];
let proxy: http.Server;
let proxyUrl: string;

beforeAll(async () => {
  s3 = await startS3Server();
  // A pass-through in front of the bucket, to see which S3 operations the store used.
  const target = new URL(s3.endpoint);
  proxy = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const out = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    req.pipe(out);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => proxy.close(resolve));
  await s3.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const ID = '0b5f8f2e-5a47-4c1e-9d3c-6f0e2a1b7c90';
const OTHER = '7d0c3a59-2f41-4e6b-8a8e-1c2d3e4f5a6b';

const stores: [string, () => MediaStorage][] = [
  ['local disk', () => new LocalMediaStorage(path.join(tmp, `media-${Math.random()}`), path.join(tmp, 'scratch-local'))],
  [
    'an S3 bucket under a prefix',
    () =>
      new S3MediaStorage(
        {
          endpoint: proxyUrl,
          bucket: s3.bucket,
          region: 'us-east-1',
          accessKeyId: 'S3RVER',
          secretAccessKey: 'S3RVER',
          forcePathStyle: true,
          prefix: `site-${Math.random().toString(36).slice(2, 8)}/`,
          partBytes: 5 * 1024 * 1024,
        },
        path.join(tmp, 'scratch-s3'),
      ),
  ],
];

const collect = async (stream: Readable) => {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
};
function pattern(n: number) {
  const bytes = Buffer.alloc(n);
  for (let i = 0; i < n; i++) bytes[i] = (i * 7) % 251;
  return bytes;
}

describe.each(stores)('media on %s', (_name, make) => {
  let store: MediaStorage;
  beforeAll(() => {
    store = make();
  });
  afterAll(() => store.close());

  it('stores buffers, texts and streams, and reads them whole or by range', async () => {
    const bytes = pattern(10_000);
    await store.put(store.relative(ID, 'original'), Readable.from([bytes.subarray(0, 4000), bytes.subarray(4000)]));
    await store.put(store.relative(ID, 'captions'), 'WEBVTT\n\n00:00.000 --> 00:01.000\nhello\n');
    await store.put(store.relative(ID, 'poster'), Buffer.from([0xff, 0xd8, 0xff]));
    expect(await store.size(store.relative(ID, 'original'))).toBe(10_000);
    expect((await collect(await store.read(store.relative(ID, 'original')))).equals(bytes)).toBe(true);
    expect(
      (await collect(await store.read(store.relative(ID, 'original'), { start: 100, end: 199 }))).equals(bytes.subarray(100, 200)),
    ).toBe(true);
    expect(await store.readText(store.relative(ID, 'captions'))).toContain('hello');
  });

  it('says what is missing: no size, E_MEDIA_MISSING when read', async () => {
    expect(await store.size(`${OTHER}/original`)).toBeNull();
    await expect(store.read(`${OTHER}/original`)).rejects.toMatchObject({ code: 'E_MEDIA_MISSING' });
    await expect(store.withLocalFile(`${OTHER}/original`, async () => 1)).rejects.toMatchObject({ code: 'E_MEDIA_MISSING' });
    await expect(store.copy(`${OTHER}/original`, `${OTHER}/copy`)).rejects.toMatchObject({ code: 'E_MEDIA_MISSING' });
  });

  it('refuses keys that climb out of the store', async () => {
    await expect(store.put('../outside', 'x')).rejects.toThrow(/outside the media folder/);
    await expect(store.size(`${ID}/../../etc/passwd`)).rejects.toThrow(/outside the media folder/);
    expect(() => store.relative('../x', 'original')).toThrow(/not a contribution id/);
  });

  it('lists by folder and by the start of a name', async () => {
    await store.put(`forwards/${ID}-0-1000.m4a`, 'a');
    await store.put(`forwards/${ID}-2000-3000.m4a`, 'b');
    await store.put(`forwards/${OTHER}-0-1000.m4a`, 'c');
    expect(await store.list(`forwards/${ID}-`)).toEqual([`forwards/${ID}-0-1000.m4a`, `forwards/${ID}-2000-3000.m4a`]);
    await store.deletePrefix(`forwards/${ID}-`);
    expect(await store.list('forwards/')).toEqual([`forwards/${OTHER}-0-1000.m4a`]);
  });

  it('hands tools a local file and moves their output in, leaving no scratch file', async () => {
    const key = store.relative(ID, 'original');
    const seen = await store.withLocalFile(key, async (file) => fs.readFileSync(file));
    expect(seen.equals(pattern(10_000))).toBe(true);
    // a failing tool: its download goes all the same
    await expect(store.withLocalFile(key, async () => Promise.reject(new Error('ffmpeg failed')))).rejects.toThrow('ffmpeg failed');
    await store.withScratchFile(async (tmpFile) => {
      fs.writeFileSync(tmpFile, 'RIFF....WAVE');
      await store.putFile(store.relative(ID, 'audio'), tmpFile);
      expect(fs.existsSync(tmpFile)).toBe(false);
    });
    expect(await store.readText(store.relative(ID, 'audio'))).toBe('RIFF....WAVE');
    expect(fs.readdirSync(store.scratchDir)).toEqual([]);
  });

  it('copies, and removes one contribution without touching another', async () => {
    await store.copy(store.relative(ID, 'poster'), store.relative(OTHER, 'poster'));
    expect(await store.size(store.relative(OTHER, 'poster'))).toBe(3);
    await store.remove(ID);
    expect(await store.list(`${ID}/`)).toEqual([]);
    expect(await store.size(store.relative(ID, 'original'))).toBeNull();
    expect(await store.list(`${OTHER}/`)).toEqual([store.relative(OTHER, 'poster')]);
    await store.remove(ID); // again: nothing to do, no error
  });

  it('keeps nothing of a stream that fails half way, and reports the stream’s error', async () => {
    const failing = new Readable({ read() {} });
    failing.push(pattern(6 * 1024 * 1024));
    setTimeout(() => failing.destroy(new Error('the client went away')), 50);
    await expect(store.put(`${OTHER}/original`, failing)).rejects.toThrow('the client went away');
    expect(await store.size(`${OTHER}/original`)).toBeNull();
  });
});

it('sends a large stream to the bucket as a multipart upload', async () => {
  const store = stores[1][1]();
  const bytes = pattern(11 * 1024 * 1024);
  requests.length = 0;
  await store.put(`${ID}/original`, Readable.from([bytes.subarray(0, 3e6), bytes.subarray(3e6, 9e6), bytes.subarray(9e6)]));
  expect(requests.filter((r) => r.startsWith('POST') && r.includes('?uploads'))).toHaveLength(1);
  expect(requests.filter((r) => r.startsWith('PUT') && /partNumber=\d/.test(r)).length).toBe(3); // 5 + 5 + 1 MiB
  expect((await collect(await store.read(`${ID}/original`))).equals(bytes)).toBe(true);
  expect(await store.check()).toBeUndefined();
  store.close();
});

it('names the bucket when it cannot be used', async () => {
  const store = new S3MediaStorage(
    {
      endpoint: s3.endpoint,
      bucket: 'no-such-bucket',
      region: 'us-east-1',
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      forcePathStyle: true,
      prefix: '',
    },
    path.join(tmp, 'scratch-missing'),
  );
  await expect(store.check()).rejects.toThrow(/s3:\/\/no-such-bucket\/ cannot be used \(HTTP 404\)/);
  store.close();
});
