import type { AppInfo, VenueInfo } from '../../preload/contract';
import type { ProfileManager, ProfileManagerDeps } from '../accounts/types';
import type { AlpClient, AlpClientDeps } from '../api/types';
import { type Dispatch, createDispatch } from '../bridge/dispatch';
import { createHandlers } from '../bridge/handlers';
import type { AccountStreamName, MarketStreamName, SourcesFor, StreamSources } from '../bridge/streams';
import { SubscriptionHub } from '../bridge/subscriptions';
import type { Keystore } from '../keys/types';
import type { DesktopServices } from './desktop';
import { createSettingsStore } from '../settings/settings-store';

export const LIVE_BASE_URL = 'https://alp.com';

export interface PaperHandleLike {
  url: string;
  ensureAccount(seed: { key: string; secret: string; balances: Record<string, string>; name?: string }): number;
  close(): Promise<void>;
}

/** What a feed needs: the client of a profile (each profile has its own limiter and nonces). */
export interface FeedDeps {
  clientFor: (profileId: string) => AlpClient;
}

/** The real implementations in production; tests pass the same ones wired to local servers and folders. */
export interface ServiceFactories {
  keystore: Keystore;
  startPaper: (() => Promise<PaperHandleLike>) | null;
  createProfileManager: (deps: ProfileManagerDeps) => Promise<ProfileManager>;
  createClient: (deps: AlpClientDeps) => AlpClient;
  createMarketSources: (deps: FeedDeps) => SourcesFor<MarketStreamName> & { dispose?: () => void };
  createAccountSources: (
    deps: FeedDeps,
  ) => SourcesFor<AccountStreamName> & { dispose?: () => void; nudge?: (profileId: string) => void };
}

export interface AppServicesOptions {
  userDataDir: string;
  mode: AppInfo['mode'];
  version: string;
  platform: string;
  now?: () => number;
  /** OS notifications and updates (Electron); absent in browser mode. */
  desktop?: DesktopServices;
}

export interface AppServices {
  dispatch: Dispatch;
  hub: SubscriptionHub;
  profiles: ProfileManager;
  paperUrl: string | null;
  close(): Promise<void>;
}

/**
 * The composition root shared by Electron and browser mode: starts the embedded paper exchange, the profile
 * manager, settings and feeds, and exposes them through one dispatcher and one subscription hub.
 */
export async function startAppServices(options: AppServicesOptions, factories: ServiceFactories): Promise<AppServices> {
  const now = options.now ?? Date.now;
  const paper = factories.startPaper ? await factories.startPaper() : null;
  const profiles = await factories.createProfileManager({
    dir: options.userDataDir,
    keystore: factories.keystore,
    paper,
    createClient: factories.createClient,
    now,
    liveBaseUrl: LIVE_BASE_URL,
  });
  const settings = await createSettingsStore(options.userDataDir, now);
  const venues: VenueInfo[] = [
    { kind: 'alp', name: 'ALP.COM', defaultBaseUrl: LIVE_BASE_URL },
    ...(paper ? [{ kind: 'paper' as const, name: 'Paper exchange (local)', defaultBaseUrl: paper.url }] : []),
  ];
  const info: AppInfo = {
    name: 'ALP Terminal',
    version: options.version,
    mode: options.mode,
    platform: options.platform,
    venues,
  };

  const feedDeps: FeedDeps = { clientFor: (id) => profiles.client(id) };
  const market = factories.createMarketSources(feedDeps);
  const account = factories.createAccountSources(feedDeps);
  const sources: StreamSources = {
    'market.tickers': market['market.tickers'],
    'market.book': market['market.book'],
    'market.trades': market['market.trades'],
    'market.candles': market['market.candles'],
    'app.status': market['app.status'],
    'account.orders': account['account.orders'],
    'account.balances': account['account.balances'],
    'account.fills': account['account.fills'],
    'accounts.changed': (_params, emit) => {
      emit(profiles.state());
      return profiles.onChange(emit);
    },
    'app.command': (_params, emit) => options.desktop?.onCommand(emit) ?? (() => {}),
  };
  const hub = new SubscriptionHub(sources);
  const dispatch = createDispatch(
    createHandlers({
      info,
      profiles,
      settings,
      afterAccountChange: (id) => account.nudge?.(id),
      ...(options.desktop ? { desktop: options.desktop } : {}),
    }),
  );

  return {
    dispatch,
    hub,
    profiles,
    paperUrl: paper?.url ?? null,
    async close() {
      hub.stopAll();
      market.dispose?.();
      account.dispose?.();
      await profiles.dispose();
      await paper?.close();
    },
  };
}
