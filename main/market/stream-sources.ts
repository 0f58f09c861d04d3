/**
 * Market streams over the venue's shared WebSocket, each with today's poller as its fallback: the poller runs
 * whenever the stream cannot be trusted (socket down or reconnecting, or no snapshot yet) and stops by itself
 * once the stream is back in sync.
 * - Book: snapshot (`market_depth.PAIR`) + `diff.PAIR`; after every reconnect the book waits for a fresh
 *   snapshot (REST if none comes); now and then it is checked against the REST book, and a mismatch replaces it
 *   (a forced resync, counted).
 * - Trades: REST backfill (at start and after every reconnect) + `trade.PAIR`, one tape de-duplicated by id.
 * - Tickers: REST + `ticker.*`, merged per pair.
 */
import type { OrderBook, PublicTrade, Ticker } from '../../preload/domain';
import type { StreamConnection } from '../api/ws/connection';
import type { StreamMessage } from '../api/ws/messages';
import { LocalBook, sameTop } from './local-book';
import type { SetTimer } from './timers';

export interface StreamTimings {
  /** After a reconnect, wait this long for the snapshot before taking the REST book instead. */
  snapshotWaitMs: number;
  /** Check the streamed book against REST this often. */
  bookCheckMs: number;
}

export const DEFAULT_STREAM_TIMINGS: StreamTimings = { snapshotWaitMs: 1_500, bookCheckMs: 30_000 };

/** Runs the poller while switched on; idempotent both ways. */
class Fallback {
  private stopPoll: (() => void) | null = null;
  constructor(private readonly start: () => () => void) {}
  on(): void {
    if (!this.stopPoll) this.stopPoll = this.start();
  }
  off(): void {
    this.stopPoll?.();
    this.stopPoll = null;
  }
  running(): boolean {
    return this.stopPoll !== null;
  }
}

export interface StreamCounters {
  bookMismatches: number;
  bookResyncs: number;
}

interface Common<T> {
  conn: StreamConnection;
  emit: (v: T) => void;
  setTimer: SetTimer;
  now: () => number;
  timings: StreamTimings;
  /** Starts today's poller with the given emit; returns its stop. */
  startPolling: (emit: (v: T) => void) => () => void;
}

export function streamBook(
  o: Common<OrderBook> & {
    pair: string;
    depth: number;
    fetchRest: () => Promise<OrderBook>;
    counters: StreamCounters;
  },
): () => void {
  const book = new LocalBook(o.pair, o.depth);
  let synced = false;
  let stopped = false;
  let diffsSeen = 0;
  let cancelWait: (() => void) | null = null;
  let cancelCheck: (() => void) | null = null;
  const fallback = new Fallback(() => o.startPolling((b) => !synced && o.emit(b)));

  const show = () => o.emit(book.view(o.now()));
  const takeSnapshot = (b: OrderBook) => {
    book.reset(b.bids, b.asks);
    o.counters.bookResyncs++;
    synced = true;
    fallback.off();
    show();
  };
  const restSnapshot = () => {
    const before = diffsSeen;
    o.fetchRest().then(
      (b) => {
        // A diff that arrived meanwhile may or may not be in the REST book: wait for the stream's own snapshot.
        if (!stopped && !synced && before === diffsSeen && o.conn.state() === 'live') takeSnapshot(b);
      },
      () => undefined,
    );
  };
  const check = () => {
    cancelCheck = o.setTimer(check, o.timings.bookCheckMs);
    if (!synced) return;
    const before = diffsSeen;
    o.fetchRest().then(
      (rest) => {
        if (stopped || !synced || before !== diffsSeen) return; // moved meanwhile: compare next time
        if (!sameTop(book.view(o.now()), rest, o.depth)) {
          o.counters.bookMismatches++;
          takeSnapshot(rest);
        }
      },
      () => undefined,
    );
  };

  const unDepth = o.conn.subscribe(`market_depth.${o.pair}`, (m: StreamMessage) => {
    if (m.kind !== 'depth') return;
    cancelWait?.();
    cancelWait = null;
    takeSnapshot({ pair: o.pair, bids: m.bids, asks: m.asks, time: o.now() });
  });
  const unDiff = o.conn.subscribe(`diff.${o.pair}`, (m: StreamMessage) => {
    if (m.kind !== 'diff') return;
    diffsSeen++;
    if (!synced) return; // no base to apply it to: the next snapshot carries it
    book.apply(m.bids, m.asks);
    show();
  });
  const onState = (s: string) => {
    if (s === 'live') {
      cancelWait?.();
      cancelWait = o.setTimer(() => {
        cancelWait = null;
        if (!synced) restSnapshot();
      }, o.timings.snapshotWaitMs);
      return;
    }
    synced = false;
    fallback.on();
  };
  const unState = o.conn.onState(onState);
  if (o.conn.state() !== 'live') fallback.on();
  else onState('live');
  cancelCheck = o.setTimer(check, o.timings.bookCheckMs);

  return () => {
    stopped = true;
    cancelWait?.();
    cancelCheck?.();
    unState();
    unDepth();
    unDiff();
    fallback.off();
  };
}

/** Newest first, at most `length`, one entry per trade id. */
export class Tape {
  private trades: PublicTrade[] = [];
  constructor(private readonly length: number) {}

  /** Merges trades in; true when the tape changed. */
  merge(incoming: PublicTrade[]): boolean {
    const ids = new Set(this.trades.map((t) => t.id));
    const fresh: PublicTrade[] = [];
    for (const t of incoming) {
      if (ids.has(t.id)) continue;
      ids.add(t.id);
      fresh.push(t);
    }
    if (fresh.length === 0) return false;
    const oldest = this.trades[this.trades.length - 1];
    const all = [...this.trades, ...fresh].sort((a, b) => b.id - a.id).slice(0, this.length);
    // Trades older than the whole tape when it is full change nothing on screen.
    if (oldest && this.trades.length >= this.length && fresh.every((t) => t.id < oldest.id)) return false;
    this.trades = all;
    return true;
  }

  view(): PublicTrade[] {
    return this.trades;
  }
}

export function streamTrades(
  o: Common<PublicTrade[]> & { pair: string; length: number; backfill: () => Promise<PublicTrade[]> },
): () => void {
  const tape = new Tape(o.length);
  let stopped = false;
  const merge = (list: PublicTrade[]) => {
    if (tape.merge(list)) o.emit(tape.view());
  };
  const fallback = new Fallback(() => o.startPolling(merge));
  const backfill = () => {
    o.backfill().then(
      (t) => {
        if (!stopped) merge(t);
      },
      () => undefined,
    );
  };
  const unTrade = o.conn.subscribe(`trade.${o.pair}`, (m: StreamMessage) => {
    if (m.kind !== 'trade' || m.pair !== o.pair) return;
    merge([{ id: m.id, pair: m.pair, side: m.side, price: m.price, amount: m.amount, time: m.time ?? o.now() }]);
  });
  const unState = o.conn.onState((s) => {
    if (s === 'live') {
      fallback.off();
      backfill(); // whatever traded while the socket was down
    } else fallback.on();
  });
  if (o.conn.state() === 'live') backfill();
  else fallback.on();
  return () => {
    stopped = true;
    unState();
    unTrade();
    fallback.off();
  };
}

export function streamTickers(o: Common<Ticker[]> & { fetchRest: () => Promise<Ticker[]> }): () => void {
  const byPair = new Map<string, Ticker>();
  let stopped = false;
  const publish = () => o.emit([...byPair.values()].sort((a, b) => a.pair.localeCompare(b.pair)));
  const replace = (list: Ticker[]) => {
    for (const t of list) byPair.set(t.pair, t);
    publish();
  };
  const fallback = new Fallback(() => o.startPolling(replace));
  const unTk = o.conn.subscribe('ticker.*', (m: StreamMessage) => {
    if (m.kind !== 'ticker') return;
    const at = o.now();
    for (const u of m.tickers) {
      byPair.set(u.pair, {
        pair: u.pair,
        time: at,
        last: u.last,
        changePct: u.changePct,
        volume: u.volume,
        high: u.high,
        low: u.low,
        bid: u.bid,
        ask: u.ask,
      });
    }
    publish();
  });
  const refresh = () =>
    o.fetchRest().then(
      (t) => {
        if (!stopped) replace(t);
      },
      () => undefined,
    );
  const unState = o.conn.onState((s) => {
    if (s === 'live') {
      fallback.off();
      void refresh();
    } else fallback.on();
  });
  if (o.conn.state() === 'live') void refresh();
  else fallback.on();
  return () => {
    stopped = true;
    unState();
    unTk();
    fallback.off();
  };
}
