import type { Config } from '../config.ts';
import { LocalMediaStorage } from './local-storage.ts';
import { S3MediaStorage } from './s3-storage.ts';
import type { MediaStorage } from './storage.ts';

/** The store MEDIA_STORE names: local disk by default, a bucket with MEDIA_STORE=s3. */
export function openMediaStorage(config: Pick<Config, 'mediaDir' | 'scratchDir' | 'media'>): MediaStorage {
  return config.media.store === 's3'
    ? new S3MediaStorage(config.media.s3, config.scratchDir)
    : new LocalMediaStorage(config.mediaDir, config.scratchDir);
}
