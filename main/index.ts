/**
 * Electron entry: everything lives in runElectronApp (tested with a stand-in electron module) and the
 * composition root; this file only supplies the real electron module and the built paths.
 */
import { join } from 'node:path';
import electron from 'electron';
import electronUpdater from 'electron-updater';
import { startDefaultServices } from './app/default-services';
import { runElectronApp } from './electron/app';
import { createElectronFileSaver } from './export/electron-saver';

const here = import.meta.dirname;
const devUrl = process.env.ELECTRON_RENDERER_URL;

void runElectronApp(electron, {
  preloadPath: join(here, '../preload/index.cjs'),
  renderer: devUrl ? { url: devUrl } : { file: join(here, '../renderer/index.html') },
  integration: {
    Notification: electron.Notification,
    setMenu: (template) => electron.Menu.setApplicationMenu(electron.Menu.buildFromTemplate(template)),
    ask: async (q) =>
      (
        await electron.dialog.showMessageBox({
          type: 'question',
          message: q.message,
          detail: q.detail,
          buttons: q.buttons,
          defaultId: 0,
          cancelId: q.buttons.length - 1,
        })
      ).response,
    updater: electronUpdater.autoUpdater,
  },
  startServices: (userDataDir, { log, notices, desktop }) =>
    startDefaultServices({
      userDataDir,
      ...(desktop ? { desktop } : {}),
      mode: 'electron',
      version: electron.app.getVersion(),
      platform: process.platform,
      saveFile: createElectronFileSaver(
        electron.dialog,
        () => electron.BrowserWindow.getFocusedWindow(),
        () => electron.app.getPath('downloads'),
      ),
      log,
      notices,
    }),
}).catch((error: unknown) => {
  console.error('ALP Terminal failed to start:', error instanceof Error ? error.message : error);
  electron.app.exit(1);
});
