/**
 * End-to-end harness: a quiet paper exchange with seeded accounts, the real app services (in a temp user-data
 * folder, with an in-memory keystore so runs are isolated), the browser-mode host serving the BUILT renderer
 * (run `npx electron-vite build` first; `npm test` does), and Debian's Chromium driven by playwright-core.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { AlpClient } from '../../main/api/types';
import type { AppServices } from '../../main/app/services';
import { type PaperExchangeInternals, startPaperExchange } from '../../main/paper';
import { startWebHost, type WebHost } from '../../main/web/host';
import { startServicesOnPaper } from '../support/app-services';
import { launchChromium } from '../support/chromium';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { traderClient } from '../support/paper-traders';

export const ROOT = resolve(import.meta.dirname, '../..');
export const ARTIFACTS = join(ROOT, 'test-artifacts');

/** A second trader account on the paper exchange, to add through the UI as profile 2. */
export const SECOND_ACCOUNT = {
  name: 'e2e-second',
  key: 'e2e-second-key-0123456789',
  secret: 'e2e-second-secret-do-not-show',
  balances: { USD: '5000', USDT: '5000', BTC: '0.5', ETH: '3' },
};
/** A market maker whose resting orders the tests cross. */
export const MAKER_ACCOUNT = {
  name: 'e2e-maker',
  key: 'e2e-maker-key-0123456789',
  secret: 'e2e-maker-secret',
  balances: { USD: '10000000', USDT: '10000000', BTC: '1000', ETH: '10000' },
};

export interface E2E {
  page: Page;
  browser: Browser;
  host: WebHost;
  /** The paper exchange with its internals (the core), for seeding what the UI cannot (e.g. past trades). */
  paper: PaperExchangeInternals;
  services: AppServices;
  /** With `proxy: true`: the TCP proxy every app connection to the paper exchange goes through (REST and
   * WebSocket), to take the exchange out of reach and back; null otherwise. */
  proxy: TcpProxy | null;
  /** A signed client of the maker account, for placing the orders the UI's orders cross. */
  maker: AlpClient;
  userDataDir: string;
  /** Saves test-artifacts/<name>.png (whole page, or one element) and returns its path. */
  screenshot(name: string, selector?: string): Promise<string>;
  /** Opens the app again in a new page (e.g. to check what survives a reload). */
  reload(): Promise<void>;
  close(): Promise<void>;
}

export interface E2EOptions {
  simulate?: boolean;
  seed?: number;
  viewport?: { width: number; height: number };
  /** Put a TCP proxy between the app and the paper exchange (see `E2E.proxy`). */
  proxy?: boolean;
}

export async function startE2E(options: E2EOptions = {}): Promise<E2E> {
  if (!existsSync(join(ROOT, 'out/renderer/index.html')))
    throw new Error('The renderer is not built: run `npx electron-vite build` (npm test does) before e2e tests.');
  await mkdir(ARTIFACTS, { recursive: true });
  const userDataDir = await mkdtemp(join(tmpdir(), 'alp-e2e-'));
  const paper = await startPaperExchange({
    port: 0,
    simulate: options.simulate ?? false,
    seed: options.seed ?? 7,
    accounts: [SECOND_ACCOUNT, MAKER_ACCOUNT],
  });
  const proxy = options.proxy ? await startTcpProxy(paper.url) : null;
  // The services share the harness's paper exchange (through the proxy when there is one); the harness closes it.
  const services = await startServicesOnPaper(paper, userDataDir, '0.0.0-e2e', proxy?.url ?? paper.url);
  const host = await startWebHost({
    dispatch: services.dispatch,
    hub: services.hub,
    rendererDir: join(ROOT, 'out/renderer'),
  });
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1600, height: 1000 } });
  let page = await context.newPage();
  await page.goto(host.url);
  const maker = traderClient(paper.url, MAKER_ACCOUNT);

  const e2e: E2E = {
    get page() {
      return page;
    },
    browser,
    host,
    paper,
    services,
    proxy,
    maker,
    userDataDir,
    async screenshot(name, selector) {
      const path = join(ARTIFACTS, `${name}.png`);
      if (selector) await page.locator(selector).first().screenshot({ path });
      else await page.screenshot({ path });
      return path;
    },
    async reload() {
      await page.close();
      page = await context.newPage();
      await page.goto(host.url);
    },
    async close() {
      await browser.close().catch(() => {});
      await host.close();
      await services.close();
      await proxy?.close();
      await paper.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
  return e2e;
}
