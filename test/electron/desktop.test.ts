/** Desktop integration (notifications, menu, updates) driven with stand-ins: Electron is never launched. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppCommand } from '../../preload/contract';
import type { DesktopServices } from '../../main/app/desktop';
import { runElectronApp } from '../../main/electron/app';
import { createDesktopIntegration, type DesktopIntegrationDeps } from '../../main/electron/desktop-integration';
import type { UpdaterLike } from '../../main/electron/updater';
import { createStubServices } from '../support/stub-services';
import { createFakeElectron } from './fake-electron';

class FakeNotification {
  static supported = true;
  static shown: { title: string; body: string; silent: boolean }[] = [];
  static isSupported() {
    return FakeNotification.supported;
  }
  constructor(private readonly options: { title: string; body: string; silent: boolean }) {}
  on() {
    return this;
  }
  show() {
    FakeNotification.shown.push(this.options);
  }
}

function fakeUpdater(available: string | null) {
  const calls: string[] = [];
  const updater: UpdaterLike = {
    autoDownload: true,
    autoInstallOnAppQuit: true,
    async checkForUpdates() {
      calls.push('check');
      return { isUpdateAvailable: available !== null, updateInfo: { version: available ?? '0.1.0' } };
    },
    async downloadUpdate() {
      calls.push('download');
      return [];
    },
    quitAndInstall() {
      calls.push('install');
    },
  };
  return { updater, calls };
}

function integration(over: Partial<DesktopIntegrationDeps> = {}, answers: number[] = []) {
  const menus: MenuItemConstructorOptions[][] = [];
  const questions: string[] = [];
  const deps: DesktopIntegrationDeps = {
    Notification: FakeNotification,
    setMenu: (t) => menus.push(t),
    ask: async (q) => {
      questions.push(q.message);
      return answers.shift() ?? 1;
    },
    updater: null,
    ...over,
  };
  return { deps, menus, questions };
}

const APP = { name: 'ALP Terminal', version: '0.1.0', isPackaged: true, isMac: false, openExternal: () => {} };

function findItem(items: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions | undefined {
  for (const i of items) {
    if (i.label === label) return i;
    const sub = Array.isArray(i.submenu) ? findItem(i.submenu, label) : undefined;
    if (sub) return sub;
  }
  return undefined;
}

describe('desktop integration', () => {
  afterEach(() => {
    FakeNotification.shown = [];
    FakeNotification.supported = true;
  });

  it('shows OS notifications, silent unless a sound is asked for, and says when it cannot', () => {
    const { services } = createDesktopIntegration(integration().deps, APP);
    expect(services.notify({ title: 'Filled', body: 'Bought 0.01 BTC' })).toEqual({ shown: true });
    expect(services.notify({ title: 'Alert', body: 'BTC above 60 000', sound: true })).toEqual({ shown: true });
    expect(FakeNotification.shown).toEqual([
      { title: 'Filled', body: 'Bought 0.01 BTC', silent: true },
      { title: 'Alert', body: 'BTC above 60 000', silent: false },
    ]);
    FakeNotification.supported = false;
    expect(services.notify({ title: 'x', body: 'y' })).toEqual({ shown: false });
  });

  it('builds a menu with Edit, View, Window and Help roles whose app items reach the page as commands', () => {
    const { deps, menus } = integration();
    const desk = createDesktopIntegration(deps, APP);
    const got: AppCommand[] = [];
    const stop = desk.services.onCommand((c) => got.push(c));
    desk.start();
    const menu = menus[0] ?? [];
    const roles = menu.map((m) => m.role).filter(Boolean);
    expect(roles).toEqual(expect.arrayContaining(['editMenu', 'windowMenu', 'help']));
    expect(menu.some((m) => m.label === 'View')).toBe(true);
    const palette = findItem(menu, 'Command palette…');
    palette?.click?.({} as never, undefined, {} as never);
    expect(got).toEqual([{ action: 'palette.open' }]);
    stop();
    palette?.click?.({} as never, undefined, {} as never);
    expect(got).toHaveLength(1);
  });

  it('checks for updates without downloading, and downloads only after the trader says so', async () => {
    const { updater, calls } = fakeUpdater('0.2.0');
    const { deps, questions } = integration({ updater }, [0, 1]);
    const { services } = createDesktopIntegration(deps, APP);
    expect(updater.autoDownload).toBe(false);
    expect(updater.autoInstallOnAppQuit).toBe(false);
    const r = await services.checkUpdates();
    expect(r).toEqual({ state: 'available', message: 'Version 0.2.0 is available.', version: '0.2.0' });
    await expect.poll(() => questions.length).toBe(2);
    expect(questions).toEqual(['ALP Terminal 0.2.0 is available.', 'ALP Terminal 0.2.0 is ready to install.']);
    expect(calls).toEqual(['check', 'download']); // "Later": no restart into the new version
  });

  it('declining the download downloads nothing; up to date and development builds say so', async () => {
    const declined = fakeUpdater('0.2.0');
    const d = integration({ updater: declined.updater }, [1]);
    await createDesktopIntegration(d.deps, APP).services.checkUpdates();
    await expect.poll(() => d.questions.length).toBe(1);
    expect(declined.calls).toEqual(['check']);

    const current = fakeUpdater(null);
    const upToDate = await createDesktopIntegration(
      integration({ updater: current.updater }).deps,
      APP,
    ).services.checkUpdates();
    expect(upToDate.state).toBe('up-to-date');

    const dev = fakeUpdater('0.2.0');
    const devResult = await createDesktopIntegration(integration({ updater: dev.updater }).deps, {
      ...APP,
      isPackaged: false,
    }).services.checkUpdates();
    expect(devResult.state).toBe('unavailable');
    expect(dev.calls).toEqual([]);
  });

  it('runElectronApp hands the desktop services to the app services, installs the menu and checks at start', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'alp-desktop-'));
    try {
      const fake = createFakeElectron({ userData: dir });
      Object.assign(fake.app, { getName: () => 'ALP Terminal', isPackaged: true });
      const { updater, calls } = fakeUpdater(null);
      const { deps, menus } = integration({ updater });
      const stub = createStubServices();
      let handed: DesktopServices | undefined;
      await runElectronApp(fake.electron, {
        preloadPath: '/opt/alp/out/preload/index.cjs',
        renderer: { file: '/opt/alp/out/renderer/index.html' },
        integration: deps,
        startServices: async (_dir, context) => {
          handed = context.desktop;
          return { dispatch: stub.dispatch, hub: stub.hub, close: async () => {} };
        },
      });
      expect(handed).toBeDefined();
      expect(handed?.notify({ title: 'Filled', body: 'x' })).toEqual({ shown: true });
      expect(menus).toHaveLength(1);
      await expect.poll(() => calls).toEqual(['check']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
