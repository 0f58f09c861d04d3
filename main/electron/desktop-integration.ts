/**
 * Puts the desktop pieces together for the bridge: OS notifications, the update check, and the menu -> page
 * command relay. Everything Electron-specific comes in through `DesktopIntegrationDeps`, so the glue test
 * drives it with a stand-in.
 */
import type { MenuItemConstructorOptions } from 'electron';
import { createCommandRelay, type DesktopServices } from '../app/desktop';
import { buildMenuTemplate } from './menu';
import { createOsNotifier, type NotificationClass } from './notifications';
import { createUpdater, type DesktopUpdater, type UpdaterLike } from './updater';

export interface DesktopIntegrationDeps {
  Notification: NotificationClass;
  /** Installs the application menu (Electron: `Menu.setApplicationMenu(Menu.buildFromTemplate(t))`). */
  setMenu(template: MenuItemConstructorOptions[]): void;
  /** A question in a native dialog; resolves with the index of the button chosen. */
  ask(question: { message: string; detail: string; buttons: string[] }): Promise<number>;
  /** electron-updater's `autoUpdater`; null where it could not be loaded. */
  updater: UpdaterLike | null;
}

export interface DesktopIntegration {
  services: DesktopServices;
  /** Installs the menu and runs the check at start; call once the window exists. */
  start(): void;
}

export function createDesktopIntegration(
  deps: DesktopIntegrationDeps,
  app: { name: string; version: string; isPackaged: boolean; isMac: boolean; openExternal(url: string): void },
): DesktopIntegration {
  const relay = createCommandRelay();
  const notify = createOsNotifier(deps.Notification);
  const updater: DesktopUpdater | null = deps.updater
    ? createUpdater({ updater: deps.updater, isPackaged: app.isPackaged, currentVersion: app.version, ask: deps.ask })
    : null;
  const checkUpdates: DesktopServices['checkUpdates'] = async () =>
    updater
      ? updater.check()
      : { state: 'unavailable', message: 'The updater is not part of this build.', version: null };
  return {
    services: { notify, checkUpdates, onCommand: relay.onCommand },
    start() {
      deps.setMenu(
        buildMenuTemplate({
          appName: app.name,
          isMac: app.isMac,
          command: relay.send,
          checkUpdates: () => void checkUpdates(),
          openExternal: app.openExternal,
        }),
      );
      void checkUpdates();
    },
  };
}
