/**
 * One profile's account over its authenticated WebSocket: `o` messages drive open orders (and reveal fills),
 * `w` messages drive balances. REST is read on every (re)connect and then about once a minute to catch anything
 * missed: the only private polling left while streaming. While the socket is not live the caller's pollers run
 * instead (see index.ts). It also remembers the latest pushed state of recent orders, so a just-placed order's
 * real outcome can be told without another read.
 */
import type { Balance, Order, OrderStatus, OwnTrade } from '../../preload/domain';
import { D } from '../api/decimal';
import type { AlpClient } from '../api/types';
import type { StreamConnection } from '../api/ws/connection';
import type { OrderUpdate, StreamMessage, WalletUpdate } from '../api/ws/messages';
import type { SetTimer } from '../market/timers';
import type { FillTracker } from './fill-tracker';
import { holdingsFromTotal } from '../api/normalise/holdings';

export const OPEN_STATUSES = new Set<OrderStatus>(['PENDING', 'OPEN', 'PARTIAL_FILLED']);
/** REST reconciliation while streaming (orders and balances: two private calls a minute). */
export const RECONCILE_MS = 60_000;
/** Fills are read this long after an `o` message says more filled (several fills of one order share one read). */
export const FILL_READ_DELAY_MS = 150;
const RECENT_MAX = 500;
/** On (re)connect the balances are read first (the ticket waits for them), the open orders right after. */
export const ORDERS_AFTER_BALANCES_MS = 50;
/** The fills read after a (re)connect waits this long (it is not on screen; balances and orders are). */
export const FILLS_AFTER_CONNECT_MS = 1_000;

/** The domain order from a pushed update; what the push lacks (tif, client id, times) comes from what was known. */
export function orderFromUpdate(u: OrderUpdate, prev: Order | undefined, now: number): Order {
  return {
    id: u.id,
    clientOrderId: prev?.clientOrderId ?? null,
    accountId: prev?.accountId ?? null,
    pair: u.pair,
    side: u.side,
    type: u.type,
    tif: prev?.tif ?? null,
    price: u.price,
    stopPrice: u.type === 'STOP_LIMIT' || u.type === 'STOP_MARKET' ? u.stopPrice : null,
    stopOperator: u.type === 'STOP_LIMIT' || u.type === 'STOP_MARKET' ? u.stopOperator : null,
    amount: u.amount,
    filled: u.filled,
    cancelled: u.cancelled,
    status: u.status,
    walletType: u.walletType,
    createdAt: prev?.createdAt ?? now,
    updatedAt: now,
    doneAt: u.doneAt,
    expireAt: prev?.expireAt ?? null,
  };
}

/** A spot balance from a pushed wallet update (`balance` is the total, as in today's REST balances). */
export function balanceFromUpdate(w: WalletUpdate, prev: Balance | undefined, now: number): Balance | null {
  if (w.walletType !== 'SPOT') return null;
  return {
    currency: w.currency,
    ...holdingsFromTotal(w.balance, w.reserve),
    walletType: 'SPOT',
    pair: null,
    accountId: prev?.accountId ?? null,
    updatedAt: now,
  };
}

type Waiter = (o: Order) => void;
/** What the app knows of an order that its pushes do not carry. */
export type OrderAnnotation = Partial<Pick<Order, 'tif' | 'clientOrderId'>>;

export class PrivateFeed {
  private readonly recent = new Map<number, Order>();
  private readonly waiters = new Map<number, Set<Waiter>>();
  private readonly annotations = new Map<number, OrderAnnotation>();
  private readonly annotationListeners = new Set<(id: number, a: OrderAnnotation) => void>();
  private readonly unKind: () => void;

  constructor(
    readonly conn: StreamConnection,
    private readonly now: () => number,
  ) {
    this.unKind = conn.onKind('order', (m) => {
      if (m.kind !== 'order') return;
      const pushed = orderFromUpdate(m.order, this.recent.get(m.order.id), this.now());
      const known = this.annotations.get(pushed.id);
      const o = known ? { ...pushed, ...known } : pushed;
      this.remember(o);
      for (const w of [...(this.waiters.get(o.id) ?? [])]) w(o);
    });
  }

  live(): boolean {
    return this.conn.state() === 'live';
  }

  remember(o: Order): void {
    this.recent.delete(o.id);
    this.recent.set(o.id, o);
    if (this.recent.size > RECENT_MAX) {
      const oldest = this.recent.keys().next().value;
      if (oldest !== undefined) this.recent.delete(oldest);
    }
  }

  known(id: number): Order | undefined {
    return this.recent.get(id);
  }

  /**
   * Adds what the placing request said (time in force, client id) to an order the pushes describe without it,
   * and tells the streams showing it.
   */
  annotate(id: number, a: OrderAnnotation): void {
    this.annotations.set(id, { ...this.annotations.get(id), ...a });
    if (this.annotations.size > RECENT_MAX) {
      const oldest = this.annotations.keys().next().value;
      if (oldest !== undefined) this.annotations.delete(oldest);
    }
    const o = this.recent.get(id);
    if (o) this.remember({ ...o, ...a });
    for (const l of [...this.annotationListeners]) l(id, a);
  }

  onAnnotate(listener: (id: number, a: OrderAnnotation) => void): () => void {
    this.annotationListeners.add(listener);
    return () => {
      this.annotationListeners.delete(listener);
    };
  }

  /**
   * The pushed state of order `id`: the first one for a resting order, the final one for an order that cannot
   * rest (market, IOC, FOK), or whatever was last seen when `timeoutMs` passes (null if nothing came).
   */
  waitFor(id: number, final: boolean, timeoutMs: number, setTimer: SetTimer): Promise<Order | null> {
    const done = (o: Order) => !final || !OPEN_STATUSES.has(o.status);
    const seen = this.recent.get(id);
    if (seen && done(seen)) return Promise.resolve(seen);
    return new Promise((resolve) => {
      let last: Order | null = seen ?? null;
      const set = this.waiters.get(id) ?? new Set<Waiter>();
      this.waiters.set(id, set);
      const finish = (o: Order | null) => {
        cancel();
        set.delete(w);
        if (set.size === 0) this.waiters.delete(id);
        resolve(o);
      };
      const w: Waiter = (o) => {
        last = o;
        if (done(o)) finish(o);
      };
      set.add(w);
      const cancel = setTimer(() => finish(last), timeoutMs);
    });
  }

  dispose(): void {
    this.unKind();
    this.waiters.clear();
  }
}

interface StreamArgs<T> {
  feed: PrivateFeed;
  client: () => AlpClient;
  emit: (v: T) => void;
  setTimer: SetTimer;
  now: () => number;
  reconcileMs: number;
  /** Starts today's poller (used while the socket is not live); returns its stop. */
  startPolling: () => () => void;
}

/** Runs `whileLive` on every transition to live (and its periodic repeat), the poller otherwise. */
/** While the socket is still connecting, wait this long for it before polling (a poll now would be repeated). */
export const CONNECT_GRACE_MS = 1_500;

/**
 * Runs `onLive` on every transition to live (and every `reconcileMs` while live when `periodic`), `firstDelayMs`
 * after the transition; runs the poller while the socket is down (at once), or still connecting after the grace.
 * `first` says which run follows a transition: the screen waits for that one, the periodic ones are background.
 */
function lifecycle<T>(
  a: StreamArgs<T>,
  onLive: (first: boolean) => void,
  o: { periodic: boolean; firstDelayMs: number },
): () => void {
  const release = a.feed.conn.hold();
  let stopPoll: (() => void) | null = null;
  let cancelTick: (() => void) | null = null;
  let cancelGrace: (() => void) | null = null;
  const tick = (first: boolean) => {
    cancelTick = o.periodic ? a.setTimer(() => tick(false), a.reconcileMs) : null;
    onLive(first);
  };
  const poll = () => {
    cancelGrace = null;
    if (!stopPoll) stopPoll = a.startPolling();
  };
  const apply = (s: string) => {
    cancelTick?.();
    cancelTick = null;
    cancelGrace?.();
    cancelGrace = null;
    if (s === 'live') {
      stopPoll?.();
      stopPoll = null;
      if (o.firstDelayMs > 0) cancelTick = a.setTimer(() => tick(true), o.firstDelayMs);
      else tick(true);
    } else if (s === 'down' || stopPoll) {
      poll();
    } else {
      cancelGrace = a.setTimer(poll, CONNECT_GRACE_MS);
    }
  };
  const unState = a.feed.conn.onState(apply);
  apply(a.feed.conn.state());
  return () => {
    unState();
    cancelTick?.();
    cancelGrace?.();
    stopPoll?.();
    release();
  };
}

function deliver<T>(emit: (v: T) => void, v: T): void {
  try {
    emit(v);
  } catch {
    // the hub isolates subscribers
  }
}

/**
 * Reads that overlap pushes: each read remembers what was pushed while it was in flight (newer than the read, so it
 * wins over it), and only the newest read is applied (an older answer that arrives late predates a newer read).
 */
class ReadSeam<K, V> {
  private seq = 0;
  private readonly during = new Set<Map<K, V>>();

  begin(): { pushed: Map<K, V>; end: () => boolean } {
    const seq = ++this.seq;
    const pushed = new Map<K, V>();
    this.during.add(pushed);
    return {
      pushed,
      end: () => {
        this.during.delete(pushed);
        return seq === this.seq;
      },
    };
  }

  push(key: K, value: V): void {
    for (const m of this.during) m.set(key, value);
  }
}

export function streamOpenOrders(a: StreamArgs<Order[]>): () => void {
  let open = new Map<number, Order>();
  const seam = new ReadSeam<number, Order>();
  let stopped = false;
  const publish = () =>
    deliver(
      a.emit,
      [...open.values()].sort((x, y) => y.createdAt - x.createdAt || y.id - x.id),
    );
  const apply = (o: Order) => {
    if (OPEN_STATUSES.has(o.status)) open.set(o.id, o);
    else open.delete(o.id);
  };
  const unOrder = a.feed.conn.onKind('order', (m: StreamMessage) => {
    if (m.kind !== 'order') return;
    const o = a.feed.known(m.order.id) ?? orderFromUpdate(m.order, open.get(m.order.id), a.now());
    seam.push(o.id, o);
    apply(o);
    publish();
  });
  const reconcile = (first: boolean) => {
    const read = seam.begin();
    a.client()
      .ordersV3({ openOnly: true, urgent: first })
      .then(
        (list) => {
          if (!read.end() || stopped) return;
          open = new Map(list.filter((o) => OPEN_STATUSES.has(o.status)).map((o) => [o.id, o]));
          for (const o of list) {
            // The read knows what a push lacks (tif, client id, creation time); the push may be newer.
            const k = a.feed.known(o.id);
            a.feed.remember(k ? { ...k, tif: o.tif, clientOrderId: o.clientOrderId, createdAt: o.createdAt } : o);
          }
          // Pushes newer than the read win over it.
          for (const o of read.pushed.values()) apply(o);
          publish();
        },
        () => {
          read.end();
        },
      );
  };
  const unAnnotate = a.feed.onAnnotate((id, patch) => {
    const o = open.get(id);
    if (!o) return;
    open.set(id, { ...o, ...patch });
    publish();
  });
  const stop = lifecycle(a, reconcile, { periodic: true, firstDelayMs: ORDERS_AFTER_BALANCES_MS });
  return () => {
    stopped = true;
    unOrder();
    unAnnotate();
    stop();
  };
}

export function streamBalances(a: StreamArgs<Balance[]>): () => void {
  let rows: Balance[] = [];
  const seam = new ReadSeam<string, WalletUpdate>();
  let stopped = false;
  const publish = () => deliver(a.emit, rows);
  const applyWallet = (w: WalletUpdate): boolean => {
    const i = rows.findIndex((b) => b.currency === w.currency);
    const b = balanceFromUpdate(w, rows[i], a.now());
    if (!b) return false;
    rows = i < 0 ? [...rows, b] : rows.map((x, j) => (j === i ? b : x));
    return true;
  };
  const unWallet = a.feed.conn.onKind('wallet', (m: StreamMessage) => {
    if (m.kind !== 'wallet') return;
    if (m.wallet.walletType === 'SPOT') seam.push(m.wallet.currency, m.wallet);
    if (applyWallet(m.wallet)) publish();
  });
  const reconcile = (first: boolean) => {
    const read = seam.begin();
    a.client()
      .wallets({ urgent: first })
      .then(
        (list) => {
          if (!read.end() || stopped) return;
          rows = list;
          // Wallet pushes newer than the read win over it.
          for (const w of read.pushed.values()) applyWallet(w);
          publish();
        },
        () => {
          read.end();
        },
      );
  };
  const stop = lifecycle(a, reconcile, { periodic: true, firstDelayMs: 0 });
  return () => {
    stopped = true;
    unWallet();
    stop();
  };
}

export function streamFills(a: StreamArgs<OwnTrade[]> & { tracker: FillTracker }): () => void {
  const filled = new Map<number, string>();
  let stopped = false;
  let cancelRead: (() => void) | null = null;
  const read = () => {
    cancelRead = null;
    a.client()
      .accountTrades()
      .then(
        (trades) => {
          if (stopped) return;
          const fresh = a.tracker.update(trades);
          if (fresh.length > 0) deliver(a.emit, fresh);
        },
        () => undefined,
      );
  };
  const unOrder = a.feed.conn.onKind('order', (m: StreamMessage) => {
    if (m.kind !== 'order') return;
    const before = filled.get(m.order.id) ?? '0';
    filled.set(m.order.id, m.order.filled);
    if (new D(m.order.filled).gt(before) && !cancelRead) cancelRead = a.setTimer(read, FILL_READ_DELAY_MS);
  });
  // On every (re)connect: one read catches fills missed while the socket was down (and primes the tracker); a
  // moment later, so the balances and open orders the trader is waiting for go first.
  const stop = lifecycle(a, read, { periodic: false, firstDelayMs: FILLS_AFTER_CONNECT_MS });
  return () => {
    stopped = true;
    cancelRead?.();
    unOrder();
    stop();
  };
}
