/**
 * Updates with electron-updater, never silently: it checks at start and when the trader asks (palette), asks
 * before downloading, and asks again before restarting into the new version. Where the update feed comes from
 * is electron-builder's `build.publish` in package.json (written into the app as app-update.yml when packaged).
 */
import type { UpdateCheckResult } from '../../preload/contract';

/** The slice of electron-updater's `AppUpdater` used here (a stand-in in tests). */
export interface UpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  checkForUpdates(): Promise<{ isUpdateAvailable: boolean; updateInfo: { version: string } } | null>;
  downloadUpdate(): Promise<unknown>;
  quitAndInstall(): void;
}

export interface UpdaterDeps {
  updater: UpdaterLike;
  /** False in a development build: there is no app-update.yml to read. */
  isPackaged: boolean;
  currentVersion: string;
  /** Shows a question with the buttons; resolves with the index of the one chosen. */
  ask(question: { message: string; detail: string; buttons: string[] }): Promise<number>;
}

export interface DesktopUpdater {
  /** Checks the feed; when a newer version exists, asks (without holding up the answer) to download it. */
  check(): Promise<UpdateCheckResult>;
}

export function createUpdater(deps: UpdaterDeps): DesktopUpdater {
  const { updater } = deps;
  // Nothing is downloaded or installed without asking.
  updater.autoDownload = false;
  updater.autoInstallOnAppQuit = false;
  let running: Promise<UpdateCheckResult> | null = null;

  const offer = async (version: string): Promise<void> => {
    const download = await deps.ask({
      message: `ALP Terminal ${version} is available.`,
      detail: `You have ${deps.currentVersion}. Download it now? Trading continues while it downloads.`,
      buttons: ['Download', 'Not now'],
    });
    if (download !== 0) return;
    await updater.downloadUpdate();
    const restart = await deps.ask({
      message: `ALP Terminal ${version} is ready to install.`,
      detail: 'Restart now to install it? Open orders stay on the exchange.',
      buttons: ['Restart and install', 'Later'],
    });
    if (restart === 0) updater.quitAndInstall();
  };

  const run = async (): Promise<UpdateCheckResult> => {
    if (!deps.isPackaged)
      return { state: 'unavailable', message: 'This is a development build: updates are off.', version: null };
    try {
      const r = await updater.checkForUpdates();
      if (!r?.isUpdateAvailable)
        return { state: 'up-to-date', message: `ALP Terminal ${deps.currentVersion} is up to date.`, version: null };
      const version = r.updateInfo.version;
      // The question is asked without holding up the answer: the palette shows "available" at once.
      void offer(version).catch(() => {});
      return { state: 'available', message: `Version ${version} is available.`, version };
    } catch (e) {
      return {
        state: 'error',
        message: `Could not check for updates: ${e instanceof Error ? e.message : String(e)}`,
        version: null,
      };
    }
  };

  return {
    check() {
      // One check at a time: a second request while one runs gets the same answer.
      running ??= run().finally(() => {
        running = null;
      });
      return running;
    },
  };
}
