import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppStatus } from '../../preload/contract';
import type { Candle, OrderBook, PublicTrade, Ticker } from '../../preload/domain';
import { createAlpClient, createMemoryNonceStore } from '../../main/api';
import type { AlpClient } from '../../main/api/types';
import { SubscriptionHub } from '../../main/bridge/subscriptions';
import { createMarketSources, type MarketSources } from '../../main/market';
import { ManualTimers } from './manual-timers';
import { type PublicStub, startPublicStub } from './public-stub';

const BOOK = '/api/v1/orderbook/BTC_USD';
const P = { profileId: 'p1', pair: 'BTC_USD' } as const;

describe('market feed over real HTTP', () => {
  let stub: PublicStub;
  let timers: ManualTimers;
  let client: AlpClient;
  let feed: MarketSources;

  beforeEach(async () => {
    stub = await startPublicStub();
    timers = new ManualTimers();
    // The client's own retry pauses are instant: the feed's back-off is what is under test.
    client = createAlpClient({
      baseUrl: stub.url,
      credentials: null,
      nonceStore: createMemoryNonceStore(),
      sleep: async () => {},
    });
    feed = createMarketSources({ clientFor: () => client, now: timers.now, setTimer: timers.setTimer });
  });
  afterEach(async () => {
    feed.dispose();
    await stub.close();
  });

  it('polls the book every 250 ms, emits only changes, and never overlaps two polls', async () => {
    const got: OrderBook[] = [];
    const stop = feed['market.book'](P, (b) => got.push(b));
    await expect.poll(() => got.length).toBe(1);
    expect(got[0]?.asks.map((l) => l.amount)).toEqual(['1.5', '2']);
    expect(got[0]?.bids.map((l) => l.amount)).toEqual(['1', '3']);
    await expect.poll(() => timers.pending).toBe(1);
    expect(timers.nextDelay()).toBe(250);

    // Same book again: polled, not emitted.
    timers.fireNext();
    await expect.poll(() => timers.pending).toBe(1);
    expect(stub.hits.get(BOOK)).toBe(2);
    expect(got).toHaveLength(1);

    // A level changes: emitted.
    stub.book.sell[0] = { price: '101.00', amount: '4' };
    timers.fireNext();
    await expect.poll(() => got.length).toBe(2);
    expect(got[1]?.asks[0]?.amount).toBe('4');

    // A slow answer: no next poll is scheduled while one is in flight, however much time passes.
    await expect.poll(() => timers.pending).toBe(1);
    stub.hold = true;
    timers.fireNext();
    await expect.poll(() => stub.hits.get(BOOK)).toBe(4);
    expect(timers.pending).toBe(0);
    timers.advance(10_000);
    expect(stub.hits.get(BOOK)).toBe(4);
    stub.hold = false;
    stub.release();
    await expect.poll(() => timers.pending).toBe(1);
    expect(stub.maxConcurrent.get(BOOK)).toBe(1);

    // Stopping cancels the timer: nothing more is polled.
    stop();
    expect(timers.pending).toBe(0);
    timers.advance(5_000);
    expect(stub.hits.get(BOOK)).toBe(4);
  });

  it('backs off 1, 2, 4 … 30 s while the exchange is down, says so in app.status, and recovers', async () => {
    const statuses: AppStatus[] = [];
    const books: OrderBook[] = [];
    feed['market.book'](P, (b) => books.push(b));
    feed['app.status']({ profileId: 'p1' }, (s) => statuses.push(s));
    const last = () => statuses[statuses.length - 1];
    await expect.poll(() => books.length).toBe(1);
    await expect.poll(() => last()?.latencyMs ?? null).not.toBeNull();
    expect(last()).toMatchObject({ profileId: 'p1', connection: 'online', message: null });
    expect(last()?.budget).toMatchObject({ limit: expect.any(Number), used: 0 });

    await stub.down();
    const waits: number[] = [];
    const expectRetry = async (s: number) => {
      await expect.poll(() => last()?.message).toBe(`Exchange unreachable — retrying in ${s} s`);
      expect(last()?.connection).toBe('offline');
      waits.push(s);
    };
    timers.advance(250);
    await expectRetry(1);
    for (const s of [2, 4, 8, 16, 30, 30]) {
      timers.advance(waits[waits.length - 1]! * 1000);
      await expectRetry(s);
    }
    // The countdown follows the clock between polls (re-read once a second, so it may lag by that second).
    timers.advance(20_000);
    await expect.poll(() => last()?.message).toMatch(/^Exchange unreachable — retrying in 1[01] s$/);

    await stub.up();
    timers.advance(10_000);
    await expect.poll(() => last()?.connection).toBe('degraded');
    expect(last()?.message).toMatch(/restored/);
    // Polling is back on its 250 ms cadence, and after a quiet while the status is online again.
    const hits = stub.hits.get(BOOK) ?? 0;
    for (let i = 0; i < 44; i++) {
      const before = stub.hits.get(BOOK) ?? 0;
      // The stub counts a poll when it arrives; the client schedules the next one only once it has the answer.
      await expect.poll(() => timers.hasPending(250)).toBe(true);
      timers.advance(250);
      await expect.poll(() => stub.hits.get(BOOK)).toBe(before + 1);
    }
    expect((stub.hits.get(BOOK) ?? 0) - hits).toBe(44);
    await expect.poll(() => last()?.connection).toBe('online');
    expect(last()?.message).toBeNull();
  });

  it('reports a refused stream (unknown pair) as degraded with the exchange’s words, not as unreachable', async () => {
    const statuses: AppStatus[] = [];
    feed['market.book']({ profileId: 'p1', pair: 'XYZ_ABC' }, () => {});
    feed['app.status']({ profileId: 'p1' }, (s) => statuses.push(s));
    await expect.poll(() => statuses[statuses.length - 1]?.connection).toBe('degraded');
    expect(statuses[statuses.length - 1]?.message).toMatch(/^Market data refused: .*retrying in 1 s$/);
  });

  it('serves the tape newest first, the live candles in time order, and the tickers', async () => {
    stub.trades = Array.from({ length: 150 }, (_, i) => ({
      id: i + 1,
      price: `${100 + i}`,
      amount: '0.1',
      type: i % 2 ? 'sell' : 'buy',
      timestamp: 1_700_000_000 + i,
    }));
    const tapes: PublicTrade[][] = [];
    const candles: Candle[][] = [];
    const tickers: Ticker[][] = [];
    feed['market.trades'](P, (t) => tapes.push(t));
    feed['market.candles']({ ...P, timeframe: '60' }, (c) => candles.push(c));
    feed['market.tickers']({ profileId: 'p1' }, (t) => tickers.push(t));
    await expect.poll(() => tapes.length + candles.length + tickers.length).toBe(3);
    expect(tapes[0]).toHaveLength(100);
    expect(tapes[0]?.[0]).toMatchObject({ id: 150, side: 'sell' });
    expect(tapes[0]?.[99]?.id).toBe(51);
    expect(candles[0]?.map((c) => c.time)).toEqual([1_700_000_000_000, 1_700_003_600_000]);
    expect(tickers[0]?.[0]).toMatchObject({ pair: 'BTC_USD', changePct: '1.25' });
    await expect.poll(() => timers.pending).toBe(3);

    // The live candle moves: one new payload; a new trade: one new tape.
    stub.candles[1] = { ...stub.candles[1]!, close: '101.7', high: '102.5' };
    stub.trades.push({ id: 151, price: '99', amount: '1', type: 'buy', timestamp: 1_700_000_200 });
    timers.advance(1_000);
    await expect.poll(() => candles.length).toBe(2);
    expect(candles[1]?.[1]?.close).toBe('101.7');
    await expect.poll(() => tapes.length).toBe(2);
    expect(tapes[1]?.[0]?.id).toBe(151);
    expect(tickers).toHaveLength(1);
  });

  it('runs one poller per stream key however many pages subscribe, and stops it when the last leaves', async () => {
    const noop = () => () => {};
    const hub = new SubscriptionHub(
      {
        ...feed,
        'account.orders': noop,
        'account.balances': noop,
        'account.fills': noop,
        'accounts.changed': noop,
        'algos.changed': noop,
        'alerts.changed': noop,
        'app.notifications': noop,
        'app.notices': noop,
        'app.command': noop,
      },
      {},
      { lingerMs: 0 },
    );
    const a: unknown[] = [];
    const b: unknown[] = [];
    const pageA = {};
    const pageB = {};
    hub.subscribe(pageA, (_id, p) => a.push(p), 'market.book', P, 1);
    await expect.poll(() => a.length).toBe(1);
    hub.subscribe(pageB, (_id, p) => b.push(p), 'market.book', { pair: 'BTC_USD', profileId: 'p1' }, 7);
    expect(b).toHaveLength(1);
    await expect.poll(() => timers.pending).toBe(1);
    stub.book.buy[0] = { price: '99.50', amount: '1' };
    timers.fireNext();
    await expect.poll(() => b.length).toBe(2);
    expect(a).toHaveLength(2);
    expect(stub.hits.get(BOOK)).toBe(2);

    hub.unsubscribe(pageA, 1);
    expect(timers.pending).toBe(1);
    hub.dropClient(pageB);
    expect(timers.pending).toBe(0);
    timers.advance(5_000);
    expect(stub.hits.get(BOOK)).toBe(2);
  });
});
