import { pathToFileURL } from 'node:url';
import type { Dispatch } from '../bridge/dispatch';
import type { DesktopServices } from '../app/desktop';
import { AppNotices } from '../bridge/notices';
import type { SubscriptionHub } from '../bridge/subscriptions';
import { openAppLog } from '../log';
import type { Logger } from '../log/logger';
import { acquireInstanceLock, alreadyRunningMessage } from '../web/instance-lock';
import { createDesktopIntegration, type DesktopIntegrationDeps } from './desktop-integration';
import type { ElectronModule } from './electron-types';
import { registerIpc } from './ipc';
import { denyAllPermissions, lockDownContents } from './security';
import { fitBounds, loadBounds, saveBounds } from './window-bounds';
import { mainWindowOptions } from './window-options';

export interface RunningServices {
  dispatch: Dispatch;
  hub: SubscriptionHub;
  close(): Promise<void>;
}

export interface ElectronAppOptions {
  preloadPath: string;
  /** The built renderer's index.html, or the dev server's URL under `electron-vite dev`. */
  renderer: { file: string } | { url: string };
  /** The services get the app's log and notices, so crashes and refusals reach both. */
  startServices: (
    userDataDir: string,
    context: { log: Logger; notices: AppNotices; desktop?: DesktopServices },
  ) => Promise<RunningServices>;
  /** Notifications, application menu and updates; absent, the app runs without them. */
  integration?: DesktopIntegrationDeps;
  /** Defaults to the rotating log in the user-data folder. */
  openLog?: (userDataDir: string) => Logger;
}

/** A page that keeps crashing is reloaded at most this often per minute, so a crash on load cannot spin forever. */
const MAX_RELOADS_PER_MINUTE = 3;

export function crashNotice(reason: string, reloaded: boolean): string {
  return reloaded
    ? `The app's window stopped unexpectedly (${reason}) and was reloaded. Check your open orders: an order sent just before may have gone through.`
    : `The app's window stopped unexpectedly (${reason}) again; it was not reloaded this time. Restart the app.`;
}

/**
 * The whole Electron side: single instance, sandbox, locked-down web contents, denied permissions, IPC from
 * the contract with sender checks, one window whose bounds are remembered. Returns null in a second instance.
 */
export async function runElectronApp(
  electron: ElectronModule,
  options: ElectronAppOptions,
): Promise<Electron.BrowserWindow | null> {
  const { app, BrowserWindow, ipcMain, session, screen, shell } = electron;
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  const userData = app.getPath('userData');
  // The same lock file browser mode takes: a browser-mode app on this folder keeps Electron out, and vice versa.
  const locked = acquireInstanceLock(userData);
  if (!locked.acquired) {
    console.log(alreadyRunningMessage(locked.holder, userData));
    app.quit();
    return null;
  }
  const log = (options.openLog ?? openAppLog)(userData);
  const notices = new AppNotices();
  app.enableSandbox();
  app.on('web-contents-created', (_event, contents) =>
    lockDownContents(
      contents,
      (url) => void shell.openExternal(url),
      (url) => log.warn('electron.window_open_denied', 'not on the allow-list', { url: url.slice(0, 300) }),
    ),
  );

  await app.whenReady();
  denyAllPermissions(session.defaultSession);
  const desktop = options.integration
    ? createDesktopIntegration(options.integration, {
        name: app.getName(),
        version: app.getVersion(),
        isPackaged: app.isPackaged,
        isMac: process.platform === 'darwin',
        openExternal: (url) => void shell.openExternal(url),
      })
    : null;
  const services = await options.startServices(userData, {
    log,
    notices,
    ...(desktop ? { desktop: desktop.services } : {}),
  });
  const appUrl = 'file' in options.renderer ? pathToFileURL(options.renderer.file).href : options.renderer.url;
  registerIpc(ipcMain, services.dispatch, services.hub, appUrl, log);

  const displays = screen.getAllDisplays().map((d) => d.workArea);
  const window = new BrowserWindow(
    mainWindowOptions(
      options.preloadPath,
      fitBounds(await loadBounds(userData), displays),
      // Developer tools only under `electron-vite dev`, never in a packaged build.
      'url' in options.renderer,
    ),
  );
  window.once('ready-to-show', () => window.show());
  // A crashed page is reloaded and told why (the notice waits in main until the new page subscribes).
  const reloads: number[] = [];
  window.webContents.on('render-process-gone', (_event, details) => {
    log.error('electron.render_process_gone', details.reason, { exitCode: details.exitCode });
    if (window.isDestroyed()) return;
    const now = Date.now();
    while (reloads.length > 0 && (reloads[0] as number) < now - 60_000) reloads.shift();
    const reload = reloads.length < MAX_RELOADS_PER_MINUTE;
    notices.push('error', crashNotice(details.reason, reload));
    if (!reload) return;
    reloads.push(now);
    window.webContents.reload();
  });
  window.on('close', () => {
    if (!window.isMinimized()) void saveBounds(userData, window.getNormalBounds());
  });
  app.on('second-instance', () => {
    if (window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    services.hub.stopAll();
    // The folder is free once the services (the paper exchange's files) are closed, or when the process ends.
    void services.close().finally(() => locked.lock.release());
  });
  process.once('exit', () => locked.lock.release());

  if ('file' in options.renderer) await window.loadFile(options.renderer.file);
  else await window.loadURL(options.renderer.url);
  desktop?.start();
  return window;
}
