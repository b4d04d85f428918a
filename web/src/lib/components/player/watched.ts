/**
 * What the reader actually played, as [startMs, endMs] ranges for POST /api/contributions/:id/views.
 * Fed with the media's time on every timeupdate while playing; a jump (seek) or a pause ends the
 * range, so skipping over a part never counts it as watched.
 */
export class WatchedRanges {
  #pending: [number, number][] = [];
  #open: [number, number] | null = null;

  /**
   * `ms` is the media time now. A step forward of at most `maxStepMs` (timeupdate comes every
   * ~250 ms; at 2× that is 500 ms of media, plus slack for a busy page) continues the range;
   * anything else starts a new one.
   */
  played(ms: number, maxStepMs = 1500) {
    const at = Math.max(0, Math.round(ms));
    if (this.#open && at >= this.#open[1] && at - this.#open[1] <= maxStepMs) {
      this.#open[1] = at;
      return;
    }
    this.stop();
    this.#open = [at, at];
  }

  /** Playback stopped (pause, seek, end): the open range is finished. */
  stop() {
    if (this.#open && this.#open[1] > this.#open[0]) this.#pending.push(this.#open);
    this.#open = null;
  }

  /**
   * The ranges not reported yet, including what was played of the open one (which goes on from
   * where it was cut, so nothing is sent twice). Empty when there is nothing new.
   */
  take(): [number, number][] {
    const out = [...this.#pending];
    this.#pending = [];
    if (this.#open && this.#open[1] > this.#open[0]) {
      out.push([this.#open[0], this.#open[1]]);
      this.#open = [this.#open[1], this.#open[1]];
    }
    return out;
  }

  /** Put ranges back after a failed report, to send with the next one. */
  restore(ranges: [number, number][]) {
    this.#pending.unshift(...ranges);
  }
}
