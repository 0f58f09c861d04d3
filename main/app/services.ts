import type { AppInfo, VenueInfo } from '../../preload/contract';
import type { PlaceOrderResult } from '../../preload/domain';
import type { SettleHint } from '../account-feed/settle';
import { PrivateStatusBoard } from '../account-feed/private-status';
import type { ProfileManager, ProfileManagerDeps } from '../accounts/types';
import type { AlpClient, AlpClientDeps } from '../api/types';
import { type Dispatch, createDispatch } from '../bridge/dispatch';
import { createHandlers } from '../bridge/handlers';
import type { AccountStreamName, MarketStreamName, SourcesFor, StreamSources } from '../bridge/streams';
import { AppNotices } from '../bridge/notices';
import { SubscriptionHub } from '../bridge/subscriptions';
import { StreamRegistry } from '../api/ws/registry';
import type { OpenSocket } from '../api/ws/socket';
import { realSetTimer } from '../market/timers';
import type { Keystore } from '../keys/types';
import type { FileSaver } from '../export/export-service';
import { type Logger, silentLogger } from '../log/logger';
import type { DesktopServices } from './desktop';
import { createSettingsStore } from '../settings/settings-store';
import { startAlgoServices } from './algo-services';

export const LIVE_BASE_URL = 'https://alp.com';

/**
 * Which order creations the embedded paper exchange refuses once their `valid_till` has passed (AlpClientDeps
 * `honoursValidTill`): both do, v3 POST /api/v3/orders (body `valid_till`) and v1 POST /api/v1/order (signed form
 * param `valid_till`), so a lost answer whose lookups find nothing is a verified `not_created`.
 */
export const PAPER_HONOURS_VALID_TILL = { v1: true, v3: true } as const;

/** Set when the paper exchange could not read its own state at start, moved the files aside and started fresh. */
export interface PaperRecovery {
  reason: string;
  movedTo: string[];
}

export interface PaperHandleLike {
  url: string;
  ensureAccount(seed: { key: string; secret: string; balances: Record<string, string>; name?: string }): number;
  close(): Promise<void>;
  /** Optional until every paper exchange reports it; null or absent when the state was read as it was. */
  recovery?: PaperRecovery | null;
}

/** What a feed needs: the client of a profile (each profile has its own limiter and nonces). */
export interface FeedDeps {
  clientFor: (profileId: string) => AlpClient;
  /** The app's WebSockets (one per venue, one per profile); null or absent: every feed polls. */
  streams?: StreamRegistry | null;
  /** The private feed's state per profile: written by the account feed, pushed in app.status. */
  privateStatus?: PrivateStatusBoard;
}

/** The real implementations in production; tests pass the same ones wired to local servers and folders. */
export interface ServiceFactories {
  keystore: Keystore;
  startPaper: (() => Promise<PaperHandleLike>) | null;
  createProfileManager: (deps: ProfileManagerDeps) => Promise<ProfileManager>;
  createClient: (deps: AlpClientDeps) => AlpClient;
  createMarketSources: (deps: FeedDeps) => SourcesFor<MarketStreamName> & { dispose?: () => void };
  createAccountSources: (deps: FeedDeps) => SourcesFor<AccountStreamName> & {
    dispose?: () => void;
    nudge?: (profileId: string) => void;
    /** The real outcome of a just-placed order (stream or one read-back); see account-feed. */
    settle?: (profileId: string, result: PlaceOrderResult, hint: SettleHint) => Promise<PlaceOrderResult>;
  };
  /** Opens WebSockets for streaming; null or absent: every feed polls (today's behaviour). */
  openSocket?: OpenSocket | null;
}

export interface AppServicesOptions {
  userDataDir: string;
  mode: AppInfo['mode'];
  version: string;
  platform: string;
  now?: () => number;
  /** Electron's save dialog + file write for CSV exports; browser mode downloads instead. */
  saveFile?: FileSaver;
  /** The main-process log (refusals, unexpected errors); silent when not given. */
  log?: Logger;
  /** The app notices of this run; created here when not given (Electron passes its own to add crash notices). */
  notices?: AppNotices;
  /** OS notifications and updates (Electron); absent in browser mode. */
  desktop?: DesktopServices;
}

export interface AppServices {
  dispatch: Dispatch;
  hub: SubscriptionHub;
  profiles: ProfileManager;
  paperUrl: string | null;
  notices: AppNotices;
  close(): Promise<void>;
}

/** What the trader reads when the paper exchange had to reset its state. */
export function paperRecoveryNotice(recovery: PaperRecovery): string {
  const where = recovery.movedTo.length > 0 ? recovery.movedTo.join(', ') : '(no files were kept)';
  return `Paper state could not be read and was reset; the old files are at ${where}. (${recovery.reason})`;
}

/**
 * The composition root shared by Electron and browser mode: starts the embedded paper exchange, the profile
 * manager, settings and feeds, and exposes them through one dispatcher and one subscription hub.
 */
export async function startAppServices(options: AppServicesOptions, factories: ServiceFactories): Promise<AppServices> {
  const now = options.now ?? Date.now;
  const log = options.log ?? silentLogger;
  const notices = options.notices ?? new AppNotices(now);
  const paper = factories.startPaper ? await factories.startPaper() : null;
  if (paper?.recovery) {
    log.warn('paper.state_reset', paper.recovery.reason, { movedTo: paper.recovery.movedTo.join(', ') });
    notices.push('error', paperRecoveryNotice(paper.recovery));
  }
  const paperOrigin = paper ? new URL(paper.url).origin : null;
  const profiles = await factories.createProfileManager({
    dir: options.userDataDir,
    keystore: factories.keystore,
    paper,
    // Clients of the embedded paper exchange know what it honours of order deadlines.
    createClient: (deps) =>
      factories.createClient(
        paperOrigin !== null && new URL(deps.baseUrl).origin === paperOrigin
          ? { ...deps, honoursValidTill: PAPER_HONOURS_VALID_TILL }
          : deps,
      ),
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

  const streams = factories.openSocket
    ? new StreamRegistry({ openSocket: factories.openSocket, setTimer: realSetTimer, lingerMs: 5_000 })
    : null;
  const privateStatus = new PrivateStatusBoard();
  const feedDeps: FeedDeps = { clientFor: (id) => profiles.client(id), streams, privateStatus };
  const market = factories.createMarketSources(feedDeps);
  const account = factories.createAccountSources(feedDeps);
  const algoLate = startAlgoServices(options.userDataDir, now, profiles, () => hub);
  const sources: StreamSources = {
    ...algoLate.sources,
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
    'app.notices': (_params, emit) => notices.follow(emit),
    'app.command': (_params, emit) => options.desktop?.onCommand(emit) ?? (() => {}),
  };
  // A call or stream for a profile that does not exist is refused before anything starts.
  const guards = { profileExists: (id: string) => profiles.state().profiles.some((p) => p.id === id), log };
  const hub = new SubscriptionHub(sources, guards);
  const dispatch = createDispatch(
    createHandlers({
      info,
      profiles,
      settings,
      afterAccountChange: (id) => account.nudge?.(id),
      afterProfileChange: (id) => hub.profileChanged(id),
      ...(account.settle ? { settleOrder: account.settle } : {}),
      ...(options.desktop ? { desktop: options.desktop } : {}),
      algos: await algoLate.start(),
      ...(options.saveFile ? { saveFile: options.saveFile } : {}),
    }),
    guards,
  );

  return {
    dispatch,
    hub,
    profiles,
    paperUrl: paper?.url ?? null,
    notices,
    async close() {
      await algoLate.stop();
      hub.stopAll();
      market.dispose?.();
      account.dispose?.();
      privateStatus.dispose();
      streams?.dispose();
      await profiles.dispose();
      await paper?.close();
    },
  };
}
