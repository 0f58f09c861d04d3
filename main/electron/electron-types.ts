/**
 * The slice of Electron's API the glue uses. Real Electron satisfies it; unit tests pass a stand-in, so the
 * security options, IPC registration and sender checks are tested without launching Electron.
 */
import type Electron from 'electron';

export type ElectronModule = Pick<
  typeof Electron,
  'app' | 'BrowserWindow' | 'ipcMain' | 'session' | 'screen' | 'shell'
>;
export type BrowserWindowOptions = Electron.BrowserWindowConstructorOptions;
export type WebPreferences = Electron.WebPreferences;
export type IpcMainInvokeEvent = Electron.IpcMainInvokeEvent;
export type WebContents = Electron.WebContents;
export type Session = Electron.Session;
