import { pathToFileURL } from 'node:url';
import type { Dispatch } from '../bridge/dispatch';
import type { DesktopServices } from '../app/desktop';
import type { SubscriptionHub } from '../bridge/subscriptions';
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
  startServices: (userDataDir: string, desktop?: DesktopServices) => Promise<RunningServices>;
  /** Notifications, application menu and updates; absent, the app runs without them. */
  integration?: DesktopIntegrationDeps;
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
  app.enableSandbox();
  app.on('web-contents-created', (_event, contents) =>
    lockDownContents(contents, (url) => void shell.openExternal(url)),
  );

  await app.whenReady();
  denyAllPermissions(session.defaultSession);
  const userData = app.getPath('userData');
  const desktop = options.integration
    ? createDesktopIntegration(options.integration, {
        name: app.getName(),
        version: app.getVersion(),
        isPackaged: app.isPackaged,
        isMac: process.platform === 'darwin',
        openExternal: (url) => void shell.openExternal(url),
      })
    : null;
  const services = await options.startServices(userData, desktop?.services);
  const appUrl = 'file' in options.renderer ? pathToFileURL(options.renderer.file).href : options.renderer.url;
  registerIpc(ipcMain, services.dispatch, services.hub, appUrl);

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
    void services.close();
  });

  if ('file' in options.renderer) await window.loadFile(options.renderer.file);
  else await window.loadURL(options.renderer.url);
  desktop?.start();
  return window;
}
