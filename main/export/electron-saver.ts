/**
 * The Electron save dialog for exports: the trader picks the file in the OS dialog (attached to the app window),
 * and the main process writes it (temp file + rename, so a failed write leaves no half file). The dialog module
 * and the window are passed in, so tests use a stand-in.
 */
import type Electron from 'electron';
import { writeFileAtomic } from '../lib/atomic-file';
import type { FileSaver } from './export-service';

export type SaveDialog = Pick<typeof Electron.dialog, 'showSaveDialog'>;

export function createElectronFileSaver(
  dialog: SaveDialog,
  window: () => Electron.BrowserWindow | null,
  defaultFolder: () => string,
): FileSaver {
  return async (name, contents) => {
    const options: Electron.SaveDialogOptions = {
      title: 'Export CSV',
      defaultPath: `${defaultFolder()}/${name}`,
      filters: [{ name: 'CSV (UTF-8)', extensions: ['csv'] }],
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    };
    const win = window();
    const picked = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
    if (picked.canceled || !picked.filePath) return null;
    await writeFileAtomic(picked.filePath, contents);
    return picked.filePath;
  };
}
