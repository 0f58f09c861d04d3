/**
 * The market data feed of the main process: one poller per subscribed stream key (the subscription hub shares
 * a key between subscribers and stops its source when the last one leaves), paced well within the exchange's
 * public limit, emitting only changes, backing off while the exchange is unreachable and saying so in
 * app.status.
 */
import type { AppStatus } from '../../preload/contract';
import type { Candle, OrderBook, PublicTrade, Ticker } from '../../preload/domain';
import type { FeedDeps } from '../app/services';
import type { MarketStreamName, SourcesFor } from '../bridge/streams';
import { type BackoffPolicy, DEFAULT_BACKOFF } from './backoff';
import { ConnectionMonitor } from './connection';
import { bookFingerprint, candlesFingerprint, tickersFingerprint, tradesFingerprint } from './fingerprint';
import { DEFAULT_INTERVALS, type PollIntervals } from './intervals';
import { type PollerOptions, startPoller } from './poller';
import { DEFAULT_STREAM_TIMINGS, type StreamTimings, streamBook, streamTickers, streamTrades } from './stream-sources';
import { realSetTimer, type SetTimer } from './timers';

export type { PollIntervals } from './intervals';
export type { SetTimer } from './timers';

/** Trades on the tape and candles per live update (the chart loads its history with market.candles). */
export const TAPE_LENGTH = 100;
export const LIVE_CANDLES = 3;
export const BOOK_DEPTH = 200;

export interface MarketFeedOptions extends FeedDeps {
  now?: () => number;
  setTimer?: SetTimer;
  intervals?: Partial<PollIntervals>;
  backoff?: Partial<BackoffPolicy>;
  streamTimings?: Partial<StreamTimings>;
}

export type MarketSources = SourcesFor<MarketStreamName> & { dispose(): void };

export function createMarketSources(deps: MarketFeedOptions): MarketSources {
  const now = deps.now ?? Date.now;
  const setTimer = deps.setTimer ?? realSetTimer;
  const intervals: PollIntervals = { ...DEFAULT_INTERVALS, ...deps.intervals };
  const backoff: BackoffPolicy = { ...DEFAULT_BACKOFF, ...deps.backoff };
  const timings: StreamTimings = { ...DEFAULT_STREAM_TIMINGS, ...deps.streamTimings };
  const monitors = new Map<string, ConnectionMonitor>();
  const running = new Set<() => void>();
  let pollerSeq = 0;

  function monitor(profileId: string): ConnectionMonitor {
    let m = monitors.get(profileId);
    if (!m) {
      m = new ConnectionMonitor(profileId, deps.clientFor, now);
      monitors.set(profileId, m);
    }
    m.attach();
    return m;
  }

  /** The venue socket a profile streams on, or null (documented dialect, no WebSocket, or no such profile yet). */
  function streamOf(profileId: string) {
    if (!deps.streams) return null;
    try {
      return deps.streams.publicFor(deps.clientFor(profileId));
    } catch {
      return null;
    }
  }

  /** Emits and stamps the profile's newest-data time. */
  function stamped<T>(profileId: string, emit: (v: T) => void): (v: T) => void {
    return (v) => {
      monitor(profileId).markData(now());
      emit(v);
    };
  }

  function track(stop: () => void): () => void {
    const s = () => {
      stop();
      running.delete(s);
    };
    running.add(s);
    return s;
  }

  /** Streams on the profile's venue socket when it has one (its monitor follows that socket), else polls. */
  function streamElsePoll<T>(
    profileId: string,
    emit: (v: T) => void,
    startPolling: (e: (v: T) => void) => () => void,
    stream: (conn: NonNullable<ReturnType<typeof streamOf>>, m: ConnectionMonitor) => () => void,
  ): () => void {
    const conn = streamOf(profileId);
    if (!conn) return startPolling(emit);
    const m = monitor(profileId);
    m.followStream(conn);
    return track(stream(conn, m));
  }

  /** Starts one poller for a profile's stream and tells the profile's monitor how it fares. */
  function poll<T>(
    profileId: string,
    intervalMs: number,
    fetch: PollerOptions<T>['fetch'],
    fingerprint: (v: T) => string,
    emit: (v: T) => void,
  ): () => void {
    const id = ++pollerSeq;
    const m = monitor(profileId);
    const stopPoller = startPoller<T>({
      intervalMs,
      fetch,
      fingerprint,
      emit,
      setTimer,
      now,
      backoff,
      onOutcome: (o) => {
        m.attach();
        if (o.ok) m.markData(now());
        m.reportBackoff(id, o.ok ? null : { error: o.error, retryInMs: o.retryInMs });
      },
    });
    const stop = () => {
      stopPoller();
      m.forget(id);
      running.delete(stop);
    };
    running.add(stop);
    return stop;
  }

  const client = (profileId: string) => deps.clientFor(profileId);

  return {
    'market.tickers': ({ profileId }, raw) => {
      const emit = stamped(profileId, raw);
      const pollTickers = (e: (v: Ticker[]) => void) =>
        poll(profileId, intervals.tickers, () => client(profileId).tickers(), tickersFingerprint, e);
      return streamElsePoll(profileId, emit, pollTickers, (conn) =>
        streamTickers({
          conn,
          emit,
          setTimer,
          now,
          timings,
          startPolling: pollTickers,
          fetchRest: () => client(profileId).tickers(),
        }),
      );
    },

    'market.book': ({ profileId, pair }, raw) => {
      const emit = stamped(profileId, raw);
      const pollBook = (e: (v: OrderBook) => void) =>
        poll(
          profileId,
          intervals.book,
          () => client(profileId).orderbook({ pair, group: true, limitBuy: BOOK_DEPTH, limitSell: BOOK_DEPTH }),
          bookFingerprint,
          e,
        );
      return streamElsePoll(profileId, emit, pollBook, (conn, m) =>
        streamBook({
          conn,
          emit,
          setTimer,
          now,
          timings,
          pair,
          depth: BOOK_DEPTH,
          counters: m.counters,
          startPolling: pollBook,
          fetchRest: () => client(profileId).orderbook({ pair, limitBuy: BOOK_DEPTH, limitSell: BOOK_DEPTH }),
        }),
      );
    },

    'market.trades': ({ profileId, pair }, raw) => {
      const emit = stamped(profileId, raw);
      const latest = async (): Promise<PublicTrade[]> => {
        const trades = await client(profileId).publicTrades({ pair, limit: TAPE_LENGTH, ordering: '-id' });
        // Newest first whatever order the exchange used.
        return [...trades].sort((a, b) => b.id - a.id).slice(0, TAPE_LENGTH);
      };
      const pollTrades = (e: (v: PublicTrade[]) => void) =>
        poll(profileId, intervals.trades, latest, tradesFingerprint, e);
      return streamElsePoll(profileId, emit, pollTrades, (conn) =>
        streamTrades({
          conn,
          emit,
          setTimer,
          now,
          timings,
          pair,
          length: TAPE_LENGTH,
          startPolling: pollTrades,
          backfill: latest,
        }),
      );
    },

    'market.candles': ({ profileId, pair, timeframe }, emit) =>
      poll(
        profileId,
        intervals.candles,
        async (): Promise<Candle[]> => {
          const candles = await client(profileId).candles({ pair, timeframe, limit: LIVE_CANDLES });
          return [...candles].sort((a, b) => a.time - b.time);
        },
        candlesFingerprint,
        emit,
      ),

    'app.status': ({ profileId }, emit) => {
      const m = monitor(profileId);
      m.followStream(streamOf(profileId));
      let last = '';
      const publish = () => {
        const s: AppStatus = deps.privateStatus
          ? { ...m.status(), account: deps.privateStatus.status(profileId) }
          : m.status();
        const print = JSON.stringify(s);
        if (print === last) return;
        last = print;
        emit(s);
      };
      const unlisten = m.onChange(publish);
      const unlistenPrivate = deps.privateStatus?.onChange(profileId, publish) ?? (() => {});
      // A ticker re-reads the budget and counts a retry down even when no request finishes.
      let cancel: (() => void) | null = null;
      let stopped = false;
      const tick = () => {
        if (stopped) return;
        m.attach();
        publish();
        cancel = setTimer(tick, intervals.status);
      };
      tick();
      const stop = () => {
        stopped = true;
        cancel?.();
        unlisten();
        unlistenPrivate();
        running.delete(stop);
      };
      running.add(stop);
      return stop;
    },

    dispose() {
      for (const stop of [...running]) stop();
      for (const m of monitors.values()) m.dispose();
      monitors.clear();
    },
  };
}
