/**
 * Streaming against the real paper exchange's WebSocket, through a proxy that cuts every socket mid-session:
 * the status goes Polling, nothing is lost or duplicated on the tape, the feed returns to Streaming by itself,
 * the book equals the REST book afterwards, and the account stream follows the profile's own orders.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppStatus } from '../../preload/contract';
import type { Order, OrderBook, PublicTrade } from '../../preload/domain';
import { createAccountSources } from '../../main/account-feed';
import { createAlpClient, createMemoryNonceStore } from '../../main/api';
import type { AlpClient } from '../../main/api/types';
import { StreamRegistry } from '../../main/api/ws/registry';
import { createMarketSources } from '../../main/market';
import { realSetTimer } from '../../main/market/timers';
import { type PaperExchangeHandle, startPaperExchange } from '../../main/paper';
import { wsOpener } from '../../main/web/ws-opener';
import { type TcpProxy, startTcpProxy } from '../support/tcp-proxy';

const TRADER = {
  key: 'stream-trader-key-01',
  secret: 'stream-trader-secret',
  balances: { USD: '1000000', BTC: '100' },
};
const MAKER = { key: 'stream-maker-key-01', secret: 'stream-maker-secret', balances: { USD: '1000000', BTC: '100' } };
const LONG = { timeout: 60_000, interval: 20 };

let paper: PaperExchangeHandle;
let proxy: TcpProxy;
let trader: AlpClient;
let maker: AlpClient;

function client(baseUrl: string, who: { key: string; secret: string }): AlpClient {
  return createAlpClient({
    baseUrl,
    dialect: 'current',
    credentials: { apiKey: who.key, secret: async () => who.secret },
    nonceStore: createMemoryNonceStore(),
    limits: { privatePerWindow: 1_000, publicPerWindow: 1_000, windowMs: 1_000 },
  });
}

beforeAll(async () => {
  paper = await startPaperExchange({ port: 0, simulate: false, seed: 5, accounts: [TRADER, MAKER] });
  proxy = await startTcpProxy(paper.url);
  trader = client(proxy.url, TRADER); // the app's profile: through the proxy that drops sockets
  maker = client(paper.url, MAKER); // another trader, straight to the exchange
});
afterAll(async () => {
  await proxy?.close();
  await paper?.close();
});

const top = (b: OrderBook | undefined, n = 10) => ({
  bids: (b?.bids ?? []).slice(0, n),
  asks: (b?.asks ?? []).slice(0, n),
});

describe('streaming from the paper exchange across dropped sockets', () => {
  it('Streaming -> Polling -> Streaming: tape complete and unique, book equal to REST, own orders followed', {
    timeout: 180_000,
  }, async () => {
    const registry = new StreamRegistry({
      openSocket: wsOpener,
      setTimer: realSetTimer,
      backoff: { baseMs: 100, capMs: 1_000 },
    });
    const deps = { clientFor: () => trader, streams: registry };
    const market = createMarketSources({ ...deps, streamTimings: { bookCheckMs: 3_000 } });
    const account = createAccountSources(deps);
    const statuses: AppStatus[] = [];
    const books: OrderBook[] = [];
    const tapes: PublicTrade[][] = [];
    const orders: Order[][] = [];
    const stops = [
      market['app.status']({ profileId: 'p' }, (s) => statuses.push(s)),
      market['market.book']({ profileId: 'p', pair: 'BTC_USD' }, (b) => books.push(b)),
      market['market.trades']({ profileId: 'p', pair: 'BTC_USD' }, (t) => tapes.push(t)),
      account['account.orders']({ profileId: 'p' }, (o) => orders.push(o)),
    ];
    const feed = () => statuses[statuses.length - 1]?.feed;
    try {
      await expect.poll(feed, LONG).toBe('streaming');

      // Trades while streaming.
      const made: number[] = [];
      const cross = async (price: string) => {
        await maker.placeOrderV3({ pair: 'BTC_USD', side: 'sell', type: 'LIMIT', price, amount: '0.01' });
        await trader.placeOrderV3({ pair: 'BTC_USD', side: 'buy', type: 'LIMIT', price, amount: '0.01' });
        const latest = await maker.publicTrades({ pair: 'BTC_USD', limit: 1 });
        if (latest[0]) made.push(latest[0].id);
      };
      await cross('60000');
      await cross('60010');
      const resting = await trader.placeOrderV3({
        pair: 'BTC_USD',
        side: 'buy',
        type: 'LIMIT',
        price: '50000',
        amount: '0.5',
      });
      await expect.poll(() => orders[orders.length - 1]?.map((o) => o.id), LONG).toContain(resting.orderId);

      // Every socket dropped: Polling, and trades go on meanwhile.
      const seenBefore = statuses.length;
      proxy.dropAll();
      // The socket may be back within milliseconds: look for Polling among the statuses since the drop.
      await expect.poll(() => statuses.slice(seenBefore).some((s) => s.feed === 'polling'), LONG).toBe(true);
      await cross('60020');
      await maker.placeOrderV3({ pair: 'BTC_USD', side: 'sell', type: 'LIMIT', price: '70000', amount: '0.3' });

      // Back to Streaming by itself; more trades after the seam.
      await expect.poll(feed, LONG).toBe('streaming');
      await cross('60030');
      const want = [...made].sort((x, y) => y - x);
      await expect
        .poll(() => tapes[tapes.length - 1]?.map((t) => t.id).filter((id) => made.includes(id)), LONG)
        .toEqual(want);
      const ids = (tapes[tapes.length - 1] ?? []).map((t) => t.id);
      expect(new Set(ids).size).toBe(ids.length); // no trade twice

      // The streamed book equals the REST book (read while nothing trades).
      const rest = await maker.orderbook({ pair: 'BTC_USD', limitBuy: 200, limitSell: 200 });
      await expect.poll(() => top(books[books.length - 1]), LONG).toEqual(top(rest));
      expect(top(rest).asks[0]).toEqual({ price: '70000', amount: '0.3' });
      // Own orders still followed after the drop: cancel and see it leave.
      await trader.cancelOrdersV3({ orderIds: [resting.orderId as number] });
      await expect.poll(() => orders[orders.length - 1]?.map((o) => o.id), LONG).not.toContain(resting.orderId);
    } finally {
      for (const stop of stops) stop();
      market.dispose();
      account.dispose();
      registry.dispose();
    }
  });
});
