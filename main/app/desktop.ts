/**
 * What the desktop host adds to the bridge: OS notifications and update checks. Electron supplies a real one
 * (`main/electron/notifications.ts`, `main/electron/updater.ts`); browser mode has none, and the bridge answers
 * that the page should use its own notifications and that updates do not apply.
 */
import type { AppCommand, NotifyResult, UpdateCheckResult } from '../../preload/contract';

export interface DesktopNotification {
  title: string;
  body: string;
  sound?: boolean;
}

export interface DesktopServices {
  notify(n: DesktopNotification): NotifyResult;
  checkUpdates(): Promise<UpdateCheckResult>;
  /** App actions chosen in the application menu, for the page to run; returns the unsubscribe function. */
  onCommand(listener: (c: AppCommand) => void): () => void;
}

/** The menu -> page relay: the menu calls `send`, the `app.command` stream listens. */
export function createCommandRelay(): { send(action: string): void; onCommand: DesktopServices['onCommand'] } {
  const listeners = new Set<(c: AppCommand) => void>();
  return {
    send(action) {
      for (const l of listeners) l({ action });
    },
    onCommand(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

export const NO_DESKTOP_UPDATES: UpdateCheckResult = {
  state: 'unavailable',
  message: 'Updates come with the desktop app; browser mode does not update itself.',
  version: null,
};
