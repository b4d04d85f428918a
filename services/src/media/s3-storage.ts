import fs from 'node:fs';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
  type S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { type ByteRange, MediaStorage, assertKey, mediaMissing } from './storage.ts';

export interface S3Settings {
  endpoint?: string;
  bucket: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
  /** Prepended to every key ('' or ending in '/'), so one bucket can hold several installations. */
  prefix: string;
  /** Parts of a multipart upload (the SDK's minimum is 5 MiB). */
  partBytes?: number;
}

/** Deletes at once; one DeleteObject each works on every S3-compatible server (not all have DeleteObjects). */
const DELETE_CONCURRENCY = 8;
const DEFAULT_PART_BYTES = 8 * 1024 * 1024;

/**
 * Media in an S3-compatible bucket (AWS S3, MinIO, Ceph RGW, Garage, R2) through the official SDK.
 * Streams go up as multipart uploads (lib-storage), so an upload never sits whole in memory or on
 * the API's disk; a failed upload is aborted, leaving no object.
 */
export class S3MediaStorage extends MediaStorage {
  readonly kind = 's3' as const;
  private readonly client: S3Client;

  constructor(
    private readonly settings: S3Settings,
    scratchDir: string,
  ) {
    super(scratchDir);
    this.client = new S3Client({
      endpoint: settings.endpoint,
      region: settings.region,
      forcePathStyle: settings.forcePathStyle,
      credentials:
        settings.accessKeyId && settings.secretAccessKey
          ? { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey }
          : undefined, // the SDK's default chain: environment, profile, instance role
      // Checksums only where S3 requires them: S3-compatible servers do not all accept the
      // SDK's newer streaming checksums (aws-chunked trailers).
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  get location() {
    return `s3://${this.settings.bucket}/${this.settings.prefix}`;
  }

  private objectKey(key: string) {
    return `${this.settings.prefix}${assertKey(key)}`;
  }

  private get bucket() {
    return this.settings.bucket;
  }

  async put(key: string, body: Readable | Buffer | string): Promise<void> {
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: this.objectKey(key), Body: body },
      partSize: this.settings.partBytes ?? DEFAULT_PART_BYTES,
      queueSize: 2,
    });
    try {
      await upload.done();
    } catch (err) {
      // A body that failed (a refused or cut-off upload) is the reason, not the abort that followed.
      const streamError = typeof body === 'object' && 'errored' in body ? body.errored : null;
      throw streamError ?? err;
    }
  }

  async putFile(key: string, file: string): Promise<void> {
    await this.put(key, fs.createReadStream(file));
    await fs.promises.rm(file, { force: true });
  }

  async size(key: string): Promise<number | null> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      return head.ContentLength ?? 0;
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    try {
      const got = await this.client.send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: this.objectKey(key),
          Range: range ? `bytes=${range.start}-${range.end}` : undefined,
        }),
      );
      return got.Body as Readable;
    } catch (err) {
      if (isMissing(err)) throw mediaMissing();
      throw err;
    }
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.objectKey(prefix), ContinuationToken: token }),
      );
      for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key.slice(this.settings.prefix.length));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys.sort();
  }

  async delete(keys: string[]): Promise<void> {
    const queue = [...keys];
    const worker = async () => {
      for (let key = queue.shift(); key !== undefined; key = queue.shift())
        await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
    };
    await Promise.all(Array.from({ length: Math.min(DELETE_CONCURRENCY, keys.length) }, worker));
  }

  async copy(from: string, to: string): Promise<void> {
    const source = `${this.bucket}/${this.objectKey(from)}`.split('/').map(encodeURIComponent).join('/');
    try {
      await this.client.send(new CopyObjectCommand({ Bucket: this.bucket, Key: this.objectKey(to), CopySource: source }));
    } catch (err) {
      if (isMissing(err)) throw mediaMissing();
      throw err;
    }
  }

  async withLocalFile<T>(key: string, fn: (file: string) => Promise<T>): Promise<T> {
    return this.withScratchFile(async (file) => {
      await pipeline(await this.read(key), fs.createWriteStream(file, { flags: 'wx' }));
      return fn(file);
    });
  }

  async check(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (err) {
      const status = (err as S3ServiceException).$metadata?.httpStatusCode;
      const why = status ? `HTTP ${status}` : (err as Error).message;
      throw new Error(`the media bucket ${this.location} cannot be used (${why}): check S3_ENDPOINT, S3_BUCKET and the credentials`);
    }
  }

  /** Closes the SDK's connections. */
  override close() {
    this.client.destroy();
  }
}

function isMissing(err: unknown): boolean {
  const e = err as S3ServiceException;
  return e?.name === 'NotFound' || e?.name === 'NoSuchKey' || e?.$metadata?.httpStatusCode === 404;
}
