import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProfileManager } from '../../main/accounts/types';
import { createDispatch } from '../../main/bridge/dispatch';
import { createHandlers } from '../../main/bridge/handlers';
import type { StreamSources } from '../../main/bridge/streams';
import {
  DEFAULT_STREAM_LINGER_MS,
  SubscriptionHub,
  type SubscriptionHubOptions,
} from '../../main/bridge/subscriptions';
import type { SetTimer } from '../../main/market/timers';
import { createSettingsStore } from '../../main/settings/settings-store';

/** Timers driven by hand: nothing fires until the test moves the clock. */
function manualTimers() {
  let now = 0;
  const pending = new Set<{ at: number; fn: () => void }>();
  const setTimer: SetTimer = (fn, ms) => {
    const t = { at: now + ms, fn };
    pending.add(t);
    return () => {
      pending.delete(t);
    };
  };
  return {
    setTimer,
    pending: () => pending.size,
    advance(ms: number) {
      now += ms;
      for (const t of [...pending].sort((a, b) => a.at - b.at)) {
        if (t.at > now || !pending.has(t)) continue;
        pending.delete(t);
        t.fn();
      }
    },
  };
}

/** Sources that count starts and stops per stream and let the test emit on the running ones. */
function setup(options: Omit<SubscriptionHubOptions, 'setTimer'> = {}, exists = (_id: string) => true) {
  const timers = manualTimers();
  const starts: string[] = [];
  const stops: string[] = [];
  const emitters = new Map<string, (p: unknown) => void>();
  const sources = new Proxy({} as StreamSources, {
    get: (_t, stream: string) => (params: unknown, emit: (p: unknown) => void) => {
      const name = `${stream} ${JSON.stringify(params)}`;
      starts.push(name);
      emitters.set(stream, emit);
      return () => {
        stops.push(name);
      };
    },
  });
  const hub = new SubscriptionHub(
    sources,
    { profileExists: (id) => exists(id) },
    { ...options, setTimer: timers.setTimer },
  );
  const emit = (stream: string, payload: unknown) => emitters.get(stream)?.(payload);
  return { hub, timers, starts, stops, emit };
}

const BOOK = { profileId: 'p1', pair: 'BTC_USD' };
const BOOK_KEY = `market.book ${JSON.stringify(BOOK)}`;

describe('subscription hub linger', () => {
  it('keeps a source running after its last subscriber leaves; a newcomer shares it and gets the latest payload', () => {
    const { hub, timers, starts, stops, emit } = setup();
    const pageA = {};
    hub.subscribe(pageA, () => {}, 'market.book', BOOK, 1);
    emit('market.book', 'v1');
    hub.dropClient(pageA);
    expect(stops).toEqual([]);
    expect(hub.activeStreams()).toBe(1);
    emit('market.book', 'v2'); // it keeps running while idle
    timers.advance(DEFAULT_STREAM_LINGER_MS - 1);
    expect(stops).toEqual([]);

    const got: unknown[] = [];
    hub.subscribe({}, (subId, p) => got.push([subId, p]), 'market.book', BOOK, 3);
    expect(got).toEqual([[3, 'v2']]);
    expect(starts).toEqual([BOOK_KEY]);
    // The linger was cancelled: long after, the shared source still runs for its subscriber.
    timers.advance(10 * DEFAULT_STREAM_LINGER_MS);
    expect(stops).toEqual([]);
    expect(timers.pending()).toBe(0);
    emit('market.book', 'v3');
    expect(got).toEqual([
      [3, 'v2'],
      [3, 'v3'],
    ]);
  });

  it('stops the source once the linger runs out, and the next subscriber starts a fresh one', () => {
    const { hub, timers, starts, stops } = setup({ lingerMs: 2_000 });
    const page = {};
    hub.subscribe(page, () => {}, 'market.book', BOOK, 1);
    hub.unsubscribe(page, 1);
    timers.advance(1_999);
    expect(stops).toEqual([]);
    timers.advance(1);
    expect(stops).toEqual([BOOK_KEY]);
    expect(hub.activeStreams()).toBe(0);
    expect(timers.pending()).toBe(0);
    const got: unknown[] = [];
    hub.subscribe(page, (_id, p) => got.push(p), 'market.book', BOOK, 1);
    expect(starts).toEqual([BOOK_KEY, BOOK_KEY]);
    expect(got).toEqual([]); // nothing stale replayed from the stopped source
  });

  it('lingerMs 0 stops at once and sets no timer', () => {
    const { hub, timers, stops } = setup({ lingerMs: 0 });
    const page = {};
    hub.subscribe(page, () => {}, 'market.book', BOOK, 1);
    hub.dropClient(page);
    expect(stops).toEqual([BOOK_KEY]);
    expect(timers.pending()).toBe(0);
  });

  it('stops an idle source of a changed (re-keyed or removed) profile at once, and leaves other profiles warm', () => {
    const { hub, timers, stops } = setup();
    const page = {};
    hub.subscribe(page, () => {}, 'market.book', BOOK, 1);
    hub.subscribe(page, () => {}, 'account.balances', { profileId: 'p2' }, 2);
    hub.subscribe(page, () => {}, 'accounts.changed', {}, 3);
    hub.dropClient(page);
    hub.profileChanged('p1');
    expect(stops).toEqual([BOOK_KEY]);
    expect(hub.activeStreams()).toBe(2);
    expect(timers.pending()).toBe(2); // the stopped source's timer is gone
    timers.advance(DEFAULT_STREAM_LINGER_MS);
    expect(stops).toHaveLength(3);
    expect(stops.filter((s) => s === BOOK_KEY)).toHaveLength(1); // stopped once, the late timer did nothing
  });

  it('a source still subscribed when its profile changes stops at once when its last subscriber leaves', () => {
    const { hub, timers, starts, stops } = setup();
    const page = {};
    hub.subscribe(page, () => {}, 'market.book', BOOK, 1);
    hub.profileChanged('p1');
    expect(stops).toEqual([]); // the page still shows it
    hub.unsubscribe(page, 1);
    expect(stops).toEqual([BOOK_KEY]);
    expect(timers.pending()).toBe(0);
    // A source started after the change lingers as usual.
    hub.subscribe(page, () => {}, 'market.book', BOOK, 1);
    hub.unsubscribe(page, 1);
    expect(starts).toHaveLength(2);
    expect(stops).toHaveLength(1);
    expect(timers.pending()).toBe(1);
  });

  it('does not linger for a profile that no longer exists, even without being told', () => {
    let present = true;
    const { hub, timers, stops } = setup({}, () => present);
    const page = {};
    hub.subscribe(page, () => {}, 'market.book', BOOK, 1);
    present = false;
    hub.dropClient(page);
    expect(stops).toEqual([BOOK_KEY]);
    expect(timers.pending()).toBe(0);
  });

  it('stopAll stops running and lingering sources at once and leaves no timer', () => {
    const { hub, timers, stops } = setup();
    const pageA = {};
    const pageB = {};
    hub.subscribe(pageA, () => {}, 'market.book', BOOK, 1);
    hub.subscribe(pageB, () => {}, 'market.tickers', { profileId: 'p1' }, 1);
    hub.dropClient(pageA);
    expect(timers.pending()).toBe(1);
    hub.stopAll();
    expect(stops).toHaveLength(2);
    expect(hub.activeStreams()).toBe(0);
    expect(timers.pending()).toBe(0);
    // pageB's subscription is gone too: unsubscribing it later is a no-op, not a second stop.
    hub.unsubscribe(pageB, 1);
    expect(stops).toHaveLength(2);
  });
});

describe('handlers tell the hub about profile changes', () => {
  it('after edit, rotateSecret and remove, failed or not; not after activate', async () => {
    const changed: string[] = [];
    const profiles = {
      edit: async () => ({}),
      rotateSecret: async () => {
        throw new Error('keychain unavailable');
      },
      remove: async () => ({ profiles: [], activeId: 'paper', warning: null }),
      activate: async () => ({ profiles: [], activeId: 'p3', warning: null }),
    } as unknown as ProfileManager;
    const settings = await createSettingsStore(await mkdtemp(join(tmpdir(), 'alp-linger-')));
    const info = { name: 'ALP Terminal', version: '0', mode: 'web' as const, platform: 'test', venues: [] };
    const dispatch = createDispatch(
      createHandlers({ info, profiles, settings, afterProfileChange: (id) => changed.push(id) }),
    );
    await dispatch('accounts.edit', { id: 'p1', label: 'Main' });
    await dispatch('accounts.rotateSecret', { id: 'p2', apiSecret: 's'.repeat(32) });
    await dispatch('accounts.remove', { id: 'p3' });
    await dispatch('accounts.activate', { id: 'p3' });
    expect(changed).toEqual(['p1', 'p2', 'p3']);
  });
});
