import type { BrowserWindowOptions, WebPreferences } from './electron-types';
import type { WindowBounds } from './window-bounds';

/** Electron's security checklist, as web preferences: nothing from Node reaches the page. */
export function secureWebPreferences(preloadPath: string, devTools = false): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    devTools,
  };
}

export function mainWindowOptions(preloadPath: string, bounds: WindowBounds, devTools = false): BrowserWindowOptions {
  return {
    ...bounds,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'ALP Terminal',
    backgroundColor: '#0d1117',
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(preloadPath, devTools),
  };
}
