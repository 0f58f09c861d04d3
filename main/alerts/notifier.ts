/**
 * The notification path for things that need the trader (an algo stalled, done or failed; an alert fired).
 * Main emits them on the `app.notifications` stream; the renderer shows each one and, where the page may, an OS
 * notification (the page's Notification API). An Electron-native path (`app.notify`) can implement the same
 * interface without the engines knowing.
 */
import type { AppNotification } from '../../preload/domain';

export interface Notifier {
  notify(title: string, body: string, sound?: boolean, profileId?: string): void;
}

export class NotificationHub implements Notifier {
  private seq = 0;
  private readonly listeners = new Set<(n: AppNotification) => void>();
  /** The most recent ones, for tests and for a page that subscribes late. */
  readonly recent: AppNotification[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  notify(title: string, body: string, sound = false, profileId?: string): void {
    const n: AppNotification = { id: ++this.seq, title, body, sound, time: this.now(), profileId: profileId ?? null };
    this.recent.push(n);
    if (this.recent.length > 50) this.recent.shift();
    for (const l of [...this.listeners]) {
      try {
        l(n);
      } catch {
        // one listener's failure must not keep the others from hearing it
      }
    }
  }

  subscribe(listener: (n: AppNotification) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
