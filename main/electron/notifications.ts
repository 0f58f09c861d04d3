/**
 * Desktop notifications from the main process (fills, alerts; H8's algos use the same bridge method). The page
 * asks over the bridge with `app.notify`; the sound is the OS's own notification sound, so nothing is bundled.
 */
import type { NotifyResult } from '../../preload/contract';
import type { DesktopNotification } from '../app/desktop';

/** The slice of Electron's `Notification` class used here (a stand-in in tests). */
export interface NotificationClass {
  isSupported(): boolean;
  new (options: {
    title: string;
    body: string;
    silent: boolean;
  }): {
    show(): void;
    on(event: 'failed', listener: (...args: unknown[]) => void): unknown;
  };
}

export function createOsNotifier(Notification: NotificationClass): (n: DesktopNotification) => NotifyResult {
  return (n) => {
    if (!Notification.isSupported()) return { shown: false };
    const note = new Notification({ title: n.title, body: n.body, silent: n.sound !== true });
    // A failure to show is not the trader's problem to handle; the in-app notice already showed the same text.
    note.on('failed', () => {});
    note.show();
    return { shown: true };
  };
}
