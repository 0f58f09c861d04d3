/**
 * The private account feed of the main process: open orders, balances and new fills of a profile, polled
 * frugally within the account's private rate limit (shared with the trader's own orders), emitting only
 * changes, backing off on errors, and polling at once when `nudge(profileId)` says the trader just acted.
 * The subscription hub shares one source per (stream, profile), so each runs at most one poller per profile.
 */
import type { FeedDeps } from '../app/services';
import type { AccountStreamName, SourcesFor } from '../bridge/streams';
import { type BackoffPolicy, DEFAULT_BACKOFF } from '../market/backoff';
import { realSetTimer, type SetTimer } from '../market/timers';
import type { Balance, Order, OwnTrade, PlaceOrderResult } from '../../preload/domain';
import type { AlpClient } from '../api/types';
import { FillTracker } from './fill-tracker';
import { PrivateFeed, RECONCILE_MS, streamBalances, streamFills, streamOpenOrders } from './private-feed';
import { SETTLE_MS, type SettleHint, settleOrder } from './settle';
import { balancesFingerprint, ordersFingerprint } from './fingerprint';
import { type AccountIntervals, DEFAULT_ACCOUNT_INTERVALS, DEFAULT_ACCOUNT_OFFSETS } from './intervals';
import { type NudgeablePoller, startNudgeablePoller } from './nudgeable-poller';

export type { AccountIntervals } from './intervals';
export type { SettleHint } from './settle';

export interface AccountFeedOptions extends FeedDeps {
  now?: () => number;
  setTimer?: SetTimer;
  intervals?: Partial<AccountIntervals>;
  /** First-poll delays per stream (staggered so the three streams do not bunch). */
  offsets?: Partial<AccountIntervals>;
  backoff?: Partial<BackoffPolicy>;
  /** REST reconciliation while streaming (default about a minute). */
  reconcileMs?: number;
  /** How long a just-placed order waits for its pushed state before reading it back. */
  settleMs?: number;
}

export type AccountSources = SourcesFor<AccountStreamName> & {
  /** Poll the profile's running streams now (call after the trader places or cancels an order). */
  nudge(profileId: string): void;
  /** A just-placed order's real outcome: from the private stream when live, else one read-back. */
  settle(profileId: string, result: PlaceOrderResult, hint: SettleHint): Promise<PlaceOrderResult>;
  dispose(): void;
};

/** A subscriber's failure is not the feed's failure: it must not count as a failed poll. */
function deliver<T>(emit: (value: T) => void, value: T): void {
  try {
    emit(value);
  } catch {
    // the hub isolates subscribers
  }
}

export function createAccountSources(deps: AccountFeedOptions): AccountSources {
  const now = deps.now ?? Date.now;
  const setTimer = deps.setTimer ?? realSetTimer;
  const intervals: AccountIntervals = { ...DEFAULT_ACCOUNT_INTERVALS, ...deps.intervals };
  const offsets: AccountIntervals = { ...DEFAULT_ACCOUNT_OFFSETS, ...deps.offsets };
  const backoff: BackoffPolicy = { ...DEFAULT_BACKOFF, ...deps.backoff };
  const byProfile = new Map<string, Set<NudgeablePoller>>();

  function start(
    profileId: string,
    stream: keyof AccountIntervals,
    run: (awaited: boolean, current: () => boolean) => Promise<void>,
  ): () => void {
    const poller = startNudgeablePoller({
      intervalMs: intervals[stream],
      firstDelayMs: offsets[stream],
      run,
      setTimer,
      now,
      backoff,
    });
    let set = byProfile.get(profileId);
    if (!set) {
      set = new Set();
      byProfile.set(profileId, set);
    }
    set.add(poller);
    return () => {
      poller.stop();
      const s = byProfile.get(profileId);
      s?.delete(poller);
      if (s?.size === 0) byProfile.delete(profileId);
    };
  }

  /**
   * Emits only when the fingerprint changed since the subscription's last emit. One per subscription, shared by
   * its stream and by the poller that stands in while the socket is down, so each compares with what the screen
   * really shows (two separate memories let a poll's stale list stay on screen once the stream took over).
   */
  function changes<T>(print: (v: T) => string, emit: (v: T) => void): (v: T) => void {
    let last: string | null = null;
    return (value: T) => {
      const p = print(value);
      if (p === last) return;
      last = p;
      deliver(emit, value);
    };
  }

  /** One poll: read, then emit unless the poller was stopped while the read was in flight. */
  function pollOnce<T>(
    profileId: string,
    fetch: (urgent: boolean) => Promise<T>,
    emit: (v: T) => void,
  ): (awaited: boolean, current: () => boolean) => Promise<void> {
    return async (awaited, current) => {
      const value = await stamped(profileId, () => fetch(awaited));
      if (current()) emit(value);
    };
  }

  /** One private read, told to the status board: a success vouches for the account data, a failure does not. */
  async function stamped<T>(profileId: string, read: () => Promise<T>): Promise<T> {
    try {
      const value = await read();
      deps.privateStatus?.markData(profileId, now());
      return value;
    } catch (e) {
      deps.privateStatus?.markFailure(profileId);
      throw e;
    }
  }

  const feeds = new Map<string, PrivateFeed>();
  /** The profile's private stream, or null when its dialect or the app does not stream (then it polls). */
  function feedOf(profileId: string): PrivateFeed | null {
    if (!deps.streams) return null;
    let client: AlpClient;
    try {
      client = deps.clientFor(profileId);
    } catch {
      return null;
    }
    const conn = deps.streams.privateFor(profileId, client);
    deps.privateStatus?.follow(profileId, conn);
    if (!conn) return null;
    const known = feeds.get(profileId);
    if (known && known.conn === conn) return known;
    known?.dispose();
    const feed = new PrivateFeed(conn, now);
    feeds.set(profileId, feed);
    return feed;
  }

  function streamArgs<T>(profileId: string, feed: PrivateFeed, emit: (v: T) => void, startPolling: () => () => void) {
    return {
      feed,
      client: () => deps.clientFor(profileId),
      emit,
      setTimer,
      now,
      reconcileMs: deps.reconcileMs ?? RECONCILE_MS,
      startPolling,
    };
  }

  const pollOrders = (profileId: string, emit: (v: Order[]) => void) =>
    start(
      profileId,
      'orders',
      pollOnce(profileId, (urgent) => deps.clientFor(profileId).ordersV3({ openOnly: true, urgent }), emit),
    );
  const pollBalances = (profileId: string, emit: (v: Balance[]) => void) =>
    start(
      profileId,
      'balances',
      pollOnce(profileId, (urgent) => deps.clientFor(profileId).wallets({ urgent }), emit),
    );
  const pollFills = (profileId: string, tracker: FillTracker, emit: (v: OwnTrade[]) => void) =>
    start(profileId, 'fills', async (_awaited, current) => {
      const trades = await stamped(profileId, () => deps.clientFor(profileId).accountTrades());
      if (!current()) return;
      const fresh = tracker.update(trades);
      if (fresh.length > 0) deliver(emit, fresh);
    });

  return {
    'account.orders': ({ profileId }, emit) => {
      const shown = changes(ordersFingerprint, emit);
      const feed = feedOf(profileId);
      if (!feed) return pollOrders(profileId, shown);
      return streamOpenOrders(streamArgs(profileId, feed, shown, () => pollOrders(profileId, shown)));
    },
    'account.balances': ({ profileId }, emit) => {
      const shown = changes(balancesFingerprint, emit);
      const feed = feedOf(profileId);
      if (!feed) return pollBalances(profileId, shown);
      return streamBalances(streamArgs(profileId, feed, shown, () => pollBalances(profileId, shown)));
    },
    'account.fills': ({ profileId }, emit) => {
      const tracker = new FillTracker(now());
      const feed = feedOf(profileId);
      if (!feed) return pollFills(profileId, tracker, emit);
      return streamFills({
        ...streamArgs(profileId, feed, emit, () => pollFills(profileId, tracker, emit)),
        tracker,
      });
    },
    async settle(profileId, result, hint) {
      return settleOrder(
        {
          feed: feeds.get(profileId) ?? null,
          client: deps.clientFor(profileId),
          setTimer,
          now,
          timeoutMs: deps.settleMs ?? SETTLE_MS,
        },
        result,
        hint,
      );
    },
    nudge(profileId) {
      for (const p of byProfile.get(profileId) ?? []) p.nudge();
    },
    dispose() {
      for (const set of byProfile.values()) for (const p of set) p.stop();
      byProfile.clear();
      for (const f of feeds.values()) f.dispose();
      feeds.clear();
    },
  };
}
