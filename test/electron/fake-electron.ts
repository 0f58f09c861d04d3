/**
 * A stand-in for the `electron` module: records what the glue registers and lets tests play the part of
 * Electron (fire app events, invoke IPC handlers as some sender frame).
 */
import { EventEmitter } from 'node:events';
import type { ElectronModule } from '../../main/electron/electron-types';

type Handler = (event: unknown, ...args: unknown[]) => unknown;

export class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((d: { url: string }) => { action: string }) | null = null;
  sent: { channel: string; message: unknown }[] = [];
  destroyed = false;
  mainFrame = { url: '', parent: null };
  reloads = 0;
  reload() {
    this.reloads++;
  }
  setWindowOpenHandler(h: (d: { url: string }) => { action: string }) {
    this.windowOpenHandler = h;
  }
  send(channel: string, message: unknown) {
    this.sent.push({ channel, message });
  }
  isDestroyed() {
    return this.destroyed;
  }
}

export function createFakeElectron(options: { lock?: boolean; userData: string }) {
  const app = new EventEmitter() as EventEmitter & Record<string, unknown>;
  const state = {
    quitCalled: false,
    sandboxEnabled: false,
    windows: [] as FakeWindow[],
    handlers: new Map<string, Handler>(),
    permissionRequest: null as null | ((wc: unknown, permission: string, cb: (ok: boolean) => void) => void),
    permissionCheck: null as null | (() => boolean),
    opened: [] as string[],
    /** What the save dialog answers next, and the options it was opened with. */
    saveDialogAnswer: { canceled: true, filePath: '' } as { canceled: boolean; filePath: string },
    saveDialogCalls: [] as Record<string, unknown>[],
  };
  Object.assign(app, {
    requestSingleInstanceLock: () => options.lock ?? true,
    quit: () => {
      state.quitCalled = true;
    },
    exit: () => {},
    enableSandbox: () => {
      state.sandboxEnabled = true;
    },
    whenReady: () => Promise.resolve(),
    getPath: (name: string) => (name === 'userData' ? options.userData : '/tmp'),
    getVersion: () => '0.0.0-test',
  });

  class FakeWindow extends EventEmitter {
    options: Record<string, unknown>;
    loaded: { file?: string; url?: string } = {};
    webContents = new FakeWebContents();
    shown = false;
    constructor(opts: Record<string, unknown>) {
      super();
      this.options = opts;
      state.windows.push(this);
    }
    show() {
      this.shown = true;
    }
    isMinimized() {
      return false;
    }
    isDestroyed() {
      return false;
    }
    restore() {}
    focus() {}
    getNormalBounds() {
      return { x: 10, y: 20, width: 1200, height: 800 };
    }
    async loadFile(file: string) {
      this.loaded.file = file;
    }
    async loadURL(url: string) {
      this.loaded.url = url;
    }
  }

  const electron = {
    app,
    BrowserWindow: FakeWindow,
    ipcMain: {
      handle: (channel: string, handler: Handler) => {
        if (state.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
        state.handlers.set(channel, handler);
      },
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: typeof state.permissionRequest) => {
          state.permissionRequest = h;
        },
        setPermissionCheckHandler: (h: typeof state.permissionCheck) => {
          state.permissionCheck = h;
        },
      },
    },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    shell: {
      openExternal: async (url: string) => {
        state.opened.push(url);
      },
    },
  } as unknown as ElectronModule;

  /** Electron's `dialog.showSaveDialog([window,] options)`: records the options, answers saveDialogAnswer. */
  const dialog = {
    showSaveDialog: async (...args: unknown[]) => {
      state.saveDialogCalls.push((args.length > 1 ? args[1] : args[0]) as Record<string, unknown>);
      return { ...state.saveDialogAnswer };
    },
  } as unknown as Pick<typeof import('electron').dialog, 'showSaveDialog'>;

  /** Calls a registered IPC handler as if a frame at `url` sent it. */
  async function invoke(
    channel: string,
    payload: unknown,
    from: { url: string; parent?: unknown; sender?: FakeWebContents },
  ) {
    const handler = state.handlers.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    const sender = from.sender ?? state.windows[0]?.webContents ?? new FakeWebContents();
    return handler({ senderFrame: { url: from.url, parent: from.parent ?? null }, sender }, payload);
  }

  return { electron, state, invoke, app, dialog };
}
