/**
 * One contribution upload with its progress, its error and a way to cancel it: the upload form on
 * the conference page and the recorder's details panel both send through this.
 */
import { conferences, errorMessage, type SendProgress } from '../api';
import type { Contribution, Id } from '@colloquy/contract';
import type { UploadInput } from '../api';

export class ContributionUpload {
  progress = $state<SendProgress | null>(null);
  error = $state<string | null>(null);
  #controller: AbortController | null = null;

  get uploading() {
    return this.progress !== null;
  }

  /** The contribution once uploaded; null when the upload failed or was cancelled (`error` says which). */
  async send(conferenceId: Id, input: UploadInput): Promise<Contribution | null> {
    this.error = null;
    this.#controller = new AbortController();
    this.progress = { loaded: 0, total: input.file.size, fraction: 0 };
    try {
      return await conferences.upload(conferenceId, input, { onProgress: (p) => (this.progress = p), signal: this.#controller.signal });
    } catch (err) {
      this.error = (err as Error).name === 'AbortError' ? 'Upload cancelled.' : errorMessage(err);
      return null;
    } finally {
      this.progress = null;
      this.#controller = null;
    }
  }

  cancel() {
    this.#controller?.abort();
  }
}

/** Links typed one per line (or separated by spaces). */
export const linksFrom = (text: string) => text.split(/\s+/).filter(Boolean);
