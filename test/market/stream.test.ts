/**
 * The market feed streaming over a real local WebSocket (today's protocol), with REST as its fallback. The
 * socket is dropped mid-session: the status goes Polling, the feed polls, nothing is lost or duplicated, it
 * returns to Streaming by itself, and the book equals the REST book afterwards. Feed timers are driven by hand;
 * the socket's reconnect runs on real (short) timers and is waited for by condition.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppStatus } from '../../preload/contract';
import type { BookLevel, OrderBook, PublicTrade, Ticker } from '../../preload/domain';
import type { AlpClient } from '../../main/api/types';
import { StreamRegistry } from '../../main/api/ws/registry';
import { createMarketSources, type MarketSources } from '../../main/market';
import { wsOpener } from '../../main/web/ws-opener';
import { type WsStub, startWsStub } from '../support/ws-stub';
import { ManualTimers } from './manual-timers';

const P = { profileId: 'p1', pair: 'BTC_USD' } as const;
const lv = (price: string, amount: string): BookLevel => ({ price, amount });

interface Fake {
  client: AlpClient;
  calls: { book: number; trades: number; tickers: number };
  restBook: { bids: BookLevel[]; asks: BookLevel[] };
  restTrades: PublicTrade[];
}

function fakeClient(streamUrl: string): Fake {
  const f: Fake = {
    calls: { book: 0, trades: 0, tickers: 0 },
    restBook: { bids: [lv('99', '1')], asks: [lv('101', '1')] },
    restTrades: [],
    client: undefined as unknown as AlpClient,
  };
  f.client = {
    dialect: 'current',
    streamUrl,
    onTrace: () => () => {},
    privateBudget: () => ({ limit: 2, windowMs: 1100, used: 0, queued: 0 }),
    orderbook: async (): Promise<OrderBook> => {
      f.calls.book++;
      return { pair: 'BTC_USD', bids: f.restBook.bids, asks: f.restBook.asks, time: 0 };
    },
    publicTrades: async (): Promise<PublicTrade[]> => {
      f.calls.trades++;
      return f.restTrades;
    },
    tickers: async (): Promise<Ticker[]> => {
      f.calls.tickers++;
      return [];
    },
  } as unknown as AlpClient;
  return f;
}

const trade = (id: number): PublicTrade => ({
  id,
  pair: 'BTC_USD',
  side: 'buy',
  price: `${61000 + id}`,
  amount: '0.1',
  time: 1_700_000_000_000 + id,
});
const tradeFrame = (id: number) => ['t', 1767225600, id, 'BTC_USD', '0.1', `${61000 + id}`, 'buy'];

describe('market feed over the WebSocket', () => {
  let stub: WsStub;
  let timers: ManualTimers;
  let fake: Fake;
  let registry: StreamRegistry;
  let feed: MarketSources;
  /** The socket's own timers (reconnect backoff, silence watchdog): a reconnect happens when the test says. */
  let sockTimers: ManualTimers;

  beforeEach(async () => {
    stub = await startWsStub();
    timers = new ManualTimers();
    fake = fakeClient(stub.url);
    sockTimers = new ManualTimers();
    registry = new StreamRegistry({
      openSocket: wsOpener,
      setTimer: sockTimers.setTimer,
      backoff: { baseMs: 20, capMs: 100 },
    });
    feed = createMarketSources({
      clientFor: () => fake.client,
      streams: registry,
      now: timers.now,
      setTimer: timers.setTimer,
    });
  });
  afterEach(async () => {
    feed.dispose();
    registry.dispose();
    await stub.close();
  });

  const subscribed = (topic: string, socket = stub.accepted - 1) => stub.clients[socket]?.topics.has(topic) === true;

  it('book: snapshot + diffs; a drop falls back to polling, then resyncs from a fresh snapshot; REST checks force a resync', async () => {
    const books: OrderBook[] = [];
    const statuses: AppStatus[] = [];
    feed['app.status']({ profileId: 'p1' }, (s) => statuses.push(s));
    const stop = feed['market.book'](P, (b) => books.push(b));
    // While the socket connects the REST poller fills the panel at once.
    await expect.poll(() => books.length).toBe(1);
    expect(fake.calls.book).toBe(1);

    await stub.until(() => subscribed('market_depth.BTC_USD') && subscribed('diff.BTC_USD'), 'book topics');
    stub.push('market_depth.BTC_USD', [
      'p',
      1767225600,
      {
        Asks: [
          ['101', '2'],
          ['102', '3'],
        ],
        Bids: [
          ['100', '1'],
          ['99', '4'],
        ],
        Symbol: 'BTC_USD',
      },
    ]);
    await expect.poll(() => books[books.length - 1]?.asks[0]?.amount).toBe('2');
    // Streaming now: the poller stopped (time passes, no REST call).
    const polledBefore = fake.calls.book;
    timers.advance(1_000);
    expect(fake.calls.book).toBe(polledBefore);
    timers.advance(1_000); // the status ticker re-publishes
    await expect.poll(() => statuses[statuses.length - 1]?.feed).toBe('streaming');

    // qty is the level's new quantity; 0 removes it.
    stub.push('diff.BTC_USD', [
      'd',
      1767225601,
      'BTC_USD',
      [
        [
          ['101', '0'],
          ['101.5', '0.7'],
        ],
        [['100', '5']],
      ],
    ]);
    await expect.poll(() => books[books.length - 1]?.asks[0]?.price).toBe('101.5');
    expect(books[books.length - 1]?.asks).toEqual([lv('101.5', '0.7'), lv('102', '3')]);
    expect(books[books.length - 1]?.bids).toEqual([lv('100', '5'), lv('99', '4')]);

    // The exchange drops every socket: polling takes over and the status says so.
    fake.restBook = { bids: [lv('100', '6')], asks: [lv('101.5', '0.7')] };
    stub.dropAll();
    await expect.poll(() => registry.all()[0]?.state()).toBe('down');
    timers.advance(1_000);
    await expect.poll(() => statuses[statuses.length - 1]?.feed).toBe('polling');
    await expect.poll(() => fake.calls.book).toBeGreaterThan(polledBefore);
    await expect.poll(() => books[books.length - 1]?.bids[0]?.amount).toBe('6');

    // Back by itself (its backoff timer fires): resubscribed, resynced from the fresh snapshot, equal to REST.
    sockTimers.fireNext();
    await stub.until(() => stub.accepted === 2 && subscribed('market_depth.BTC_USD', 1), 'resubscription');
    fake.restBook = { bids: [lv('100', '6.5')], asks: [lv('101.5', '0.7'), lv('103', '1')] };
    stub.push('market_depth.BTC_USD', [
      'p',
      1767225700,
      {
        Asks: [
          ['101.5', '0.7'],
          ['103', '1'],
        ],
        Bids: [['100', '6.5']],
        Symbol: 'BTC_USD',
      },
    ]);
    await expect.poll(() => books[books.length - 1]?.bids[0]?.amount).toBe('6.5');
    const last = books[books.length - 1];
    expect({ bids: last?.bids, asks: last?.asks }).toEqual(fake.restBook);
    timers.advance(1_000);
    await expect.poll(() => statuses[statuses.length - 1]?.feed).toBe('streaming');

    // The periodic REST check: a book that drifted is replaced and the mismatch counted.
    fake.restBook = { bids: [lv('100', '7')], asks: [lv('101.5', '0.7')] };
    timers.advance(30_000);
    await expect.poll(() => books[books.length - 1]?.bids[0]?.amount).toBe('7');
    timers.advance(1_000);
    await expect.poll(() => statuses[statuses.length - 1]?.bookMismatches).toBe(1);
    stop();
    await stub.until(() => stub.open().length === 0, 'the socket to close with its last stream');
  });

  it('trades: backfill + stream, one entry per id across the seam and across a drop', async () => {
    fake.restTrades = [trade(3), trade(2), trade(1)];
    const tapes: PublicTrade[][] = [];
    const stop = feed['market.trades'](P, (t) => tapes.push(t));
    await stub.until(() => subscribed('trade.BTC_USD'), 'trade topic');
    await expect.poll(() => tapes[tapes.length - 1]?.map((t) => t.id)).toEqual([3, 2, 1]);
    stub.push('trade.BTC_USD', tradeFrame(3)); // already backfilled
    stub.push('trade.BTC_USD', tradeFrame(4));
    await expect.poll(() => tapes[tapes.length - 1]?.map((t) => t.id)).toEqual([4, 3, 2, 1]);

    // Down: trades 5 (seen by the poller) and 6 (seen only by the backfill after reconnect) happen meanwhile.
    fake.restTrades = [trade(5), trade(4), trade(3)];
    stub.dropAll();
    await expect.poll(() => registry.all()[0]?.state()).toBe('down');
    await expect.poll(() => tapes[tapes.length - 1]?.[0]?.id).toBe(5);
    fake.restTrades = [trade(6), trade(5), trade(4)];
    sockTimers.fireNext();
    await stub.until(() => stub.accepted === 2 && subscribed('trade.BTC_USD', 1), 'resubscription');
    stub.push('trade.BTC_USD', tradeFrame(6));
    stub.push('trade.BTC_USD', tradeFrame(7));
    await expect.poll(() => tapes[tapes.length - 1]?.map((t) => t.id)).toEqual([7, 6, 5, 4, 3, 2, 1]);
    stop();
  });
});
