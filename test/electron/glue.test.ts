import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channels } from '../../preload/channels';
import { methodNames } from '../../preload/contract';
import { runElectronApp } from '../../main/electron/app';
import { fitBounds } from '../../main/electron/window-bounds';
import { createStubServices, type StubServices } from '../support/stub-services';
import type { AppNotices } from '../../main/bridge/notices';
import { acquireInstanceLock } from '../../main/web/instance-lock';
import { createFakeElectron, FakeWebContents } from './fake-electron';

const RENDERER = '/opt/alp/out/renderer/index.html';
const APP_URL = pathToFileURL(RENDERER).href;

describe('Electron glue', () => {
  let dir: string;
  let stub: StubServices;
  let fake: ReturnType<typeof createFakeElectron>;
  let notices: AppNotices | null;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'alp-glue-'));
    stub = createStubServices();
    fake = createFakeElectron({ userData: dir });
    notices = null;
    await runElectronApp(fake.electron, {
      preloadPath: '/opt/alp/out/preload/index.cjs',
      renderer: { file: RENDERER },
      startServices: async (_dir, context) => {
        notices = context.notices;
        return { dispatch: stub.dispatch, hub: stub.hub, close: async () => {} };
      },
    });
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('opens one window with Electron’s security checklist in its web preferences', () => {
    expect(fake.state.windows).toHaveLength(1);
    const prefs = fake.state.windows[0]?.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      preload: '/opt/alp/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
    });
    expect(fake.state.sandboxEnabled).toBe(true);
    expect(fake.state.windows[0]?.loaded.file).toBe(RENDERER);
  });

  it('registers exactly one handler per contract method, plus subscribe and unsubscribe', () => {
    const expected = [...methodNames.map((m) => channels.method(m)), channels.subscribe, channels.unsubscribe].sort();
    expect([...fake.state.handlers.keys()].sort()).toEqual(expected);
  });

  it('answers a call from the app page through the dispatcher', async () => {
    const result = await fake.invoke(channels.method('app.info'), {}, { url: APP_URL });
    expect(result).toMatchObject({ ok: true, value: { name: 'ALP Terminal' } });
  });

  it('refuses a foreign sender and runs nothing', async () => {
    for (const from of [
      { url: 'https://evil.example/index.html' },
      { url: pathToFileURL('/tmp/other/index.html').href },
      { url: APP_URL, parent: { url: APP_URL } }, // a subframe of the app page
    ]) {
      const result = await fake.invoke(channels.method('accounts.list'), {}, from);
      expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      const sub = await fake.invoke(channels.subscribe, { subId: 1, stream: 'accounts.changed', params: {} }, from);
      expect(sub).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(stub.calls).toHaveLength(0);
    expect(stub.running.get('accounts.changed') ?? 0).toBe(0);
    // Every refusal is in the log, with the channel and the sender.
    const log = (await readFile(join(dir, 'logs/main.log'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const refused = log.filter((e) => e.event === 'ipc.refused_sender');
    expect(refused).toHaveLength(6);
    expect(refused[0]).toMatchObject({
      level: 'warn',
      reason: 'not the app page',
      channel: channels.method('accounts.list'),
      senderUrl: 'https://evil.example/index.html',
    });
    expect(refused[4]).toMatchObject({ reason: 'a subframe' });
  });

  it('refuses a bad payload with the field and the reason, and runs nothing', async () => {
    const result = await fake.invoke(
      channels.method('trade.place'),
      { profileId: 'p1', api: 'v1', pair: 'BTC_USD', side: 'buy', type: 'LIMIT', price: '1e5', amount: '0.1' },
      { url: APP_URL },
    );
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'validation',
        field: 'price',
        message: 'trade.place: price must be a decimal number written as a string, like "0.05"',
      },
    });
    const extra = await fake.invoke(channels.method('accounts.list'), { sneaky: true }, { url: APP_URL });
    expect(extra).toMatchObject({
      ok: false,
      error: { code: 'validation', message: 'accounts.list: request has unknown field(s): sneaky' },
    });
    expect(stub.calls).toHaveLength(0);
  });

  it('refuses a malformed subscribe message with the field, and starts nothing', async () => {
    for (const [message, field] of [
      [{ subId: 'one', stream: 'market.tickers', params: { profileId: 'p1' } }, 'subId'],
      [{ subId: 1, params: { profileId: 'p1' } }, 'stream'],
      [{ subId: 1, stream: 'market.tickers', params: { profileId: 'p1' }, extra: true }, undefined],
    ] as const) {
      const result = await fake.invoke(channels.subscribe, message, { url: APP_URL });
      expect(result).toMatchObject({ ok: false, error: { code: 'validation', ...(field ? { field } : {}) } });
    }
    expect(stub.running.get('market.tickers') ?? 0).toBe(0);
  });

  it('pushes events to the subscribing page and stops the source when the page goes away', async () => {
    const page = fake.state.windows[0]?.webContents as FakeWebContents;
    const ok = await fake.invoke(
      channels.subscribe,
      { subId: 4, stream: 'market.tickers', params: { profileId: 'p1' } },
      { url: APP_URL, sender: page },
    );
    expect(ok).toEqual({ ok: true, value: null });
    stub.emit('market.tickers', [{ pair: 'BTC_USD' }]);
    expect(page.sent).toEqual([{ channel: channels.event, message: { subId: 4, payload: [{ pair: 'BTC_USD' }] } }]);
    expect(stub.running.get('market.tickers')).toBe(1);
    page.emit('destroyed');
    expect(stub.running.get('market.tickers')).toBe(0);
  });

  it('denies navigation, new windows, webviews and every permission', () => {
    const contents = new FakeWebContents();
    fake.app.emit('web-contents-created', {}, contents);
    for (const name of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      let prevented = false;
      contents.emit(name, { preventDefault: () => (prevented = true) });
      expect(prevented, name).toBe(true);
    }
    const allowed = ['https://alp.com/en/', 'https://www.alp.com/trade/BTC_USD'];
    const denied = [
      'file:///etc/passwd',
      'http://alp.com/',
      'https://alp.com.evil.example/',
      'https://evil.example/?to=https://alp.com',
      'https://sub.alp.com/',
      'https://alp.com:8443/',
      'https://user:pw@alp.com/',
      'javascript:alert(1)',
      'not a url',
    ];
    for (const url of [...allowed, ...denied]) {
      expect(contents.windowOpenHandler?.({ url }), url).toEqual({ action: 'deny' });
    }
    expect(fake.state.opened).toEqual(allowed);
    const answers: boolean[] = [];
    fake.state.permissionRequest?.({}, 'notifications', (ok) => answers.push(ok));
    expect(answers).toEqual([false]);
    expect(fake.state.permissionCheck?.()).toBe(false);
  });

  it('reloads a crashed page with a notice, and stops reloading a page that keeps crashing', () => {
    const page = fake.state.windows[0]?.webContents as FakeWebContents;
    page.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 11 });
    expect(page.reloads).toBe(1);
    expect(notices?.list()).toEqual([
      expect.objectContaining({
        kind: 'error',
        text: expect.stringContaining('stopped unexpectedly (crashed) and was reloaded'),
      }),
    ]);
    page.emit('render-process-gone', {}, { reason: 'oom', exitCode: 0 });
    page.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 11 });
    page.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 11 });
    expect(page.reloads).toBe(3);
    expect(notices?.list().at(-1)?.text).toContain('it was not reloaded this time');
  });

  it('remembers the window bounds on close', async () => {
    fake.state.windows[0]?.emit('close');
    await expect
      .poll(async () => readFile(join(dir, 'window.json'), 'utf8').catch(() => ''))
      .toBe(JSON.stringify({ x: 10, y: 20, width: 1200, height: 800 }));
  });
});

describe('single instance', () => {
  it('a second instance quits without opening a window', async () => {
    const fake = createFakeElectron({ userData: '/tmp', lock: false });
    const window = await runElectronApp(fake.electron, {
      preloadPath: 'x',
      renderer: { file: RENDERER },
      startServices: async () => {
        throw new Error('must not start services');
      },
    });
    expect(window).toBeNull();
    expect(fake.state.quitCalled).toBe(true);
    expect(fake.state.windows).toHaveLength(0);
  });

  it('stays out of a user-data folder a browser-mode app already holds', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'alp-glue-lock-'));
    try {
      const held = acquireInstanceLock(dir, { pid: process.ppid });
      if (!held.acquired) throw new Error('lock expected');
      held.lock.setUrl('http://127.0.0.1:4000/#token=t');
      const fake = createFakeElectron({ userData: dir });
      const window = await runElectronApp(fake.electron, {
        preloadPath: 'x',
        renderer: { file: RENDERER },
        startServices: async () => {
          throw new Error('must not start services');
        },
      });
      expect(window).toBeNull();
      expect(fake.state.quitCalled).toBe(true);
      held.lock.release();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('window bounds', () => {
  const displays = [{ x: 0, y: 0, width: 1920, height: 1080 }];
  it('keeps saved bounds that are on a display', () => {
    expect(fitBounds({ x: 100, y: 100, width: 1200, height: 800 }, displays)).toEqual({
      x: 100,
      y: 100,
      width: 1200,
      height: 800,
    });
  });
  it('drops the position of bounds on a display that is gone, keeping the size', () => {
    expect(fitBounds({ x: 3000, y: 100, width: 1200, height: 800 }, displays)).toEqual({ width: 1200, height: 800 });
  });
  it('uses defaults when nothing was saved', () => {
    expect(fitBounds(null, displays)).toEqual({ width: 1440, height: 900 });
  });
});
