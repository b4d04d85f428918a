/**
 * The number of unread notifications, shown by the header's bell and changed by the
 * notifications page. One per tab: the app renders only in the browser (ssr = false), so a module
 * instance is never shared between people.
 */
import { notifications } from '../api';

class UnreadCount {
  count = $state(0);

  async refresh() {
    try {
      this.count = (await notifications.list({ unread: true, limit: 1 })).unread;
    } catch {
      // the bell is not worth an error message; the next event or page load tries again
    }
  }
}

export const unread = new UnreadCount();
