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
import { FillTracker } from './fill-tracker';
import { balancesFingerprint, ordersFingerprint } from './fingerprint';
import { type AccountIntervals, DEFAULT_ACCOUNT_INTERVALS, DEFAULT_ACCOUNT_OFFSETS } from './intervals';
import { type NudgeablePoller, startNudgeablePoller } from './nudgeable-poller';

export type { AccountIntervals } from './intervals';

export interface AccountFeedOptions extends FeedDeps {
  now?: () => number;
  setTimer?: SetTimer;
  intervals?: Partial<AccountIntervals>;
  /** First-poll delays per stream (staggered so the three streams do not bunch). */
  offsets?: Partial<AccountIntervals>;
  backoff?: Partial<BackoffPolicy>;
}

export type AccountSources = SourcesFor<AccountStreamName> & {
  /** Poll the profile's running streams now (call after the trader places or cancels an order). */
  nudge(profileId: string): void;
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

  function start(profileId: string, stream: keyof AccountIntervals, run: () => Promise<void>): () => void {
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

  /** Emits only when the fingerprint changed since this stream's last emit. */
  function changes<T>(fetch: () => Promise<T>, print: (v: T) => string, emit: (v: T) => void): () => Promise<void> {
    let last: string | null = null;
    return async () => {
      const value = await fetch();
      const p = print(value);
      if (p === last) return;
      last = p;
      deliver(emit, value);
    };
  }

  return {
    'account.orders': ({ profileId }, emit) =>
      start(
        profileId,
        'orders',
        changes(() => deps.clientFor(profileId).ownOrders({ status: 'open' }), ordersFingerprint, emit),
      ),
    'account.balances': ({ profileId }, emit) =>
      start(
        profileId,
        'balances',
        changes(() => deps.clientFor(profileId).wallets(), balancesFingerprint, emit),
      ),
    'account.fills': ({ profileId }, emit) => {
      const tracker = new FillTracker(now());
      return start(profileId, 'fills', async () => {
        const fresh = tracker.update(await deps.clientFor(profileId).accountTrades());
        if (fresh.length > 0) deliver(emit, fresh);
      });
    },
    nudge(profileId) {
      for (const p of byProfile.get(profileId) ?? []) p.nudge();
    },
    dispose() {
      for (const set of byProfile.values()) for (const p of set) p.stop();
      byProfile.clear();
    },
  };
}
