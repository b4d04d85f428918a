/**
 * One recording of a live camera/microphone stream with MediaRecorder, for the interview steps:
 * start it, stop it (or let the caller's timer stop it), get the take. The stream stays on: the
 * candidate keeps seeing themselves between questions, and nothing asks for permission again.
 */
import { pickRecordingType, recordingFileName, type Take } from '../components/record/media';

export interface RunningTake {
  /** Stops the recording; `done` resolves with the take shortly after. */
  stop: () => void;
  /** Cancels the recording: `done` rejects, nothing is kept (leaving the page mid-recording). */
  cancel: () => void;
  done: Promise<Take>;
  /** performance.now() when recording began. */
  startedAt: number;
}

export function recordTake(stream: MediaStream): RunningTake {
  const withVideo = stream.getVideoTracks().length > 0;
  const type = pickRecordingType(withVideo, (t) => MediaRecorder.isTypeSupported(t));
  const recorder = new MediaRecorder(stream, { mimeType: type || undefined, audioBitsPerSecond: 128_000 });
  const chunks: Blob[] = [];
  const startedAt = performance.now();
  let stoppedAt = 0;
  let cancelled = false;

  const done = new Promise<Take>((resolve, reject) => {
    recorder.ondataavailable = (e) => {
      if (e.data.size > 0) chunks.push(e.data);
    };
    recorder.onerror = () => reject(new Error('The recording failed. Check your camera and microphone, then try again.'));
    recorder.onstop = () => {
      if (cancelled) return reject(new DOMException('The recording was cancelled.', 'AbortError'));
      const mime = (recorder.mimeType || type || (withVideo ? 'video/webm' : 'audio/webm')).split(';')[0];
      const blob = new Blob(chunks, { type: mime });
      if (blob.size === 0) return reject(new Error('Nothing was recorded. Check your camera and microphone, then try again.'));
      resolve({
        blob,
        durationMs: Math.round((stoppedAt || performance.now()) - startedAt),
        type: mime,
        fileName: recordingFileName(mime, 'answer'),
        hasVideo: withVideo,
      });
    };
  });
  // A slice every second: a long answer is not one huge buffer at the end.
  recorder.start(1000);

  const stop = () => {
    if (recorder.state === 'inactive') return;
    stoppedAt = performance.now();
    recorder.stop();
  };
  return {
    stop,
    cancel: () => {
      cancelled = true;
      done.catch(() => undefined); // nobody waits for a cancelled take
      stop();
    },
    done,
    startedAt,
  };
}
