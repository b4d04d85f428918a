/** A database connection that can LISTEN (both database backends). */
interface Listener {
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
}
import type { Logger } from './logger.ts';
import { EVENTS_CHANNEL, type AppEvent } from './events.ts';

/** One LISTEN per process, fanned out to every open event stream in it. */
export class EventHub {
  private readonly subscribers = new Set<(e: AppEvent) => void>();
  private unlisten: (() => Promise<void>) | null = null;

  static async start(db: Listener, log: Logger): Promise<EventHub> {
    const hub = new EventHub();
    hub.unlisten = await db.listen(EVENTS_CHANNEL, (payload) => {
      let event: AppEvent;
      try {
        event = JSON.parse(payload);
      } catch {
        return log.warn({ payload }, 'ignored malformed event');
      }
      // One broken stream must not keep the event from the others.
      for (const fn of hub.subscribers) {
        try {
          fn(event);
        } catch (err) {
          log.warn({ err }, 'event subscriber failed');
        }
      }
    });
    return hub;
  }

  subscribe(fn: (e: AppEvent) => void): () => void {
    this.subscribers.add(fn);
    return () => this.subscribers.delete(fn);
  }

  async stop() {
    this.subscribers.clear();
    await this.unlisten?.();
  }
}
