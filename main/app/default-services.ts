import { join } from 'node:path';
import { createAccountSources } from '../account-feed';
import { createProfileManager } from '../accounts';
import { createAlpClient } from '../api';
import type { OpenSocket } from '../api/ws/socket';
import { wsOpener } from '../web/ws-opener';
import { createKeytarKeystore } from '../keys';
import type { Keystore } from '../keys/types';
import { createMarketSources } from '../market';
import { startPaperExchange } from '../paper';
import { type AppServices, type AppServicesOptions, startAppServices } from './services';

export interface DefaultServicesOptions extends AppServicesOptions {
  /** The embedded paper exchange: on by default, with a living market and state kept in the user-data folder. */
  paper?: { simulate?: boolean; seed?: number; statePath?: string | null } | false;
  /** Defaults to the OS keychain through keytar. */
  keystore?: Keystore;
  /** WebSockets for streaming; defaults to the `ws` package (a runtime dependency); null: poll only. */
  openSocket?: OpenSocket | null;
}

/** The production wiring of every service, shared by the Electron app and browser mode. */
export function startDefaultServices(options: DefaultServicesOptions): Promise<AppServices> {
  const paper = options.paper ?? {};
  return startAppServices(options, {
    keystore: options.keystore ?? createKeytarKeystore(),
    startPaper:
      paper === false
        ? null
        : () =>
            startPaperExchange({
              port: 0,
              simulate: paper.simulate ?? true,
              seed: paper.seed ?? Date.now() % 100_000,
              ...(paper.statePath === null
                ? {}
                : { statePath: paper.statePath ?? join(options.userDataDir, 'paper-exchange.json') }),
            }),
    createProfileManager,
    createClient: createAlpClient,
    createMarketSources,
    createAccountSources,
    openSocket: options.openSocket === undefined ? wsOpener : options.openSocket,
  });
}
