/**
 * What the desktop host adds to the bridge: OS notifications and update checks. Electron supplies a real one
 * (`main/electron/notifications.ts`, `main/electron/updater.ts`); browser mode has none, and the bridge answers
 * that the page should use its own notifications and that updates do not apply.
 */
import type { NotifyResult, UpdateCheckResult } from '../../preload/contract';

export interface DesktopNotification {
  title: string;
  body: string;
  sound?: boolean;
}

export interface DesktopServices {
  notify(n: DesktopNotification): NotifyResult;
  checkUpdates(): Promise<UpdateCheckResult>;
}

export const NO_DESKTOP_UPDATES: UpdateCheckResult = {
  state: 'unavailable',
  message: 'Updates come with the desktop app; browser mode does not update itself.',
  version: null,
};
