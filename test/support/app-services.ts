/**
 * The app's real services as browser mode wires them, for tests and benchmarks: an in-memory keychain instead of
 * the OS one, nothing but `userDataDir` on disk.
 */
import { createAccountSources } from '../../main/account-feed';
import { createProfileManager } from '../../main/accounts';
import { createAlpClient } from '../../main/api';
import { type DefaultServicesOptions, startDefaultServices } from '../../main/app/default-services';
import { type AppServices, startAppServices } from '../../main/app/services';
import { createMemoryKeystore } from '../../main/keys';
import { createMarketSources } from '../../main/market';
import type { PaperExchangeHandle } from '../../main/paper';
import { wsOpener } from '../../main/web/ws-opener';

/** The default wiring (default-services.ts) with its own quiet embedded paper exchange. */
export function startTestServices(
  userDataDir: string,
  paper: DefaultServicesOptions['paper'] = { simulate: false, seed: 1 },
): Promise<AppServices> {
  return startDefaultServices({
    userDataDir,
    mode: 'web',
    version: '0',
    platform: 'test',
    keystore: createMemoryKeystore(),
    paper,
  });
}

/**
 * The services on a paper exchange the caller started (and closes: the services leave it open), streaming over
 * the `ws` package as `npm run web` does. `url` is where the app reaches it (a proxy in front of it, say).
 */
export function startServicesOnPaper(
  paper: PaperExchangeHandle,
  userDataDir: string,
  version: string,
  url: string = paper.url,
): Promise<AppServices> {
  return startAppServices(
    { userDataDir, mode: 'web', version, platform: process.platform },
    {
      keystore: createMemoryKeystore(),
      startPaper: async () => ({ url, ensureAccount: (s) => paper.ensureAccount(s), close: async () => {} }),
      createProfileManager,
      createClient: createAlpClient,
      createMarketSources,
      createAccountSources,
      openSocket: wsOpener,
    },
  );
}
