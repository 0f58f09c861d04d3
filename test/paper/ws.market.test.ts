import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Rejection } from '../../main/paper/errors';
import type { PaperExchangeInternals } from '../../main/paper/index';
import { mulberry32 } from '../../main/paper/random';
import type { Side } from '../../main/paper/state';
import { TestClock, http, startQuiet } from './helpers';
import { WsProbe } from './ws-probe';

const WHALE = (name: string) => ({
  key: `${name}-key`,
  secret: `${name}-secret`,
  name,
  balances: { USD: '10000000000', BTC: '100000000', ETH: '100000000', USDT: '10000000000' },
});

type Level = [string, string];

/** Applies `p` snapshots and `d` diffs (quantity "0" removes a level) to a price -> quantity book. */
function buildBook(messages: readonly unknown[][], pair: string) {
  const asks = new Map<string, string>();
  const bids = new Map<string, string>();
  const apply = (side: Map<string, string>, levels: Level[]) => {
    for (const [price, qty] of levels) {
      if (Number(qty) === 0) side.delete(price);
      else side.set(price, qty);
    }
  };
  for (const m of messages) {
    if (m[0] === 'p') {
      const snap = m[2] as { Asks: Level[]; Bids: Level[]; Symbol: string };
      if (snap.Symbol !== pair) continue;
      asks.clear();
      bids.clear();
      apply(asks, snap.Asks);
      apply(bids, snap.Bids);
    } else if (m[0] === 'd' && m[2] === pair) {
      const [a, b] = m[3] as [Level[], Level[]];
      apply(asks, a);
      apply(bids, b);
    }
  }
  return { asks, bids };
}

describe('paper WebSocket: market data from the committed changes', () => {
  let clock: TestClock;
  let ex: PaperExchangeInternals;
  const probes: WsProbe[] = [];
  const open = async (): Promise<WsProbe> => {
    const p = await WsProbe.open(ex.url);
    probes.push(p);
    return p;
  };

  beforeEach(async () => {
    clock = new TestClock();
    ex = await startQuiet(clock, { accounts: [WHALE('w1'), WHALE('w2')], ws: { depthIntervalMs: 3_600_000 } });
  });
  afterEach(async () => {
    for (const p of probes.splice(0)) p.close();
    await ex.close();
  });

  /** Everything sent before this returns has reached the probe (frames arrive in order on one socket). */
  const drain = async (p: WsProbe): Promise<void> => {
    const from = p.messages().length;
    p.send(['subscribe', 'rates.ETH_BTC']);
    await p.next((m) => m[0] === 'r', 'the drain marker', from);
    p.send(['unsubscribe', 'rates.ETH_BTC']);
  };

  it('a book built from market_depth + diff equals the REST order book after 10,000 random orders; a t for every fill', async () => {
    const p = await open();
    const late = await open();
    p.send(['subscribe', 'market_depth.BTC_USD', 'diff.BTC_USD', 'trade.BTC_USD']);
    await p.next((m) => m[0] === 'p', 'the first snapshot');
    const firstTrade = ex.core.state.counters.trade;
    const accounts = [ex.core.accounts.byApiKey('w1-key')?.id, ex.core.accounts.byApiKey('w2-key')?.id] as number[];
    const rnd = mulberry32(7);
    const live: Array<{ account: number; id: number }> = [];
    let refused = 0;
    for (let i = 0; i < 10_000; i++) {
      const account = accounts[i % 2] as number;
      const r = rnd();
      try {
        if (r < 0.12 && live.length > 0) {
          const [o] = live.splice(Math.floor(rnd() * live.length), 1);
          if (o !== undefined && ex.core.exchange.order(o.id)?.status.match(/OPEN|PARTIAL/))
            ex.core.cancel(o.account, o.id, clock.now());
        } else {
          const side: Side = rnd() < 0.5 ? 'BUY' : 'SELL';
          const market = r > 0.95;
          // Prices on a coarse grid around 60 000 so that levels are shared, emptied and refilled.
          const price = (60_000 + Math.round((rnd() - 0.5) * 400) / 2).toFixed(2);
          const amount = (0.001 + Math.floor(rnd() * 5000) / 10_000).toFixed(6);
          const res = ex.core.place(
            {
              accountId: account,
              pair: 'BTC_USD',
              side,
              type: market ? 'MARKET' : 'LIMIT',
              tif: rnd() < 0.1 ? 'IOC' : 'GTC',
              walletType: 'SPOT',
              ...(market ? {} : { price }),
              amount,
            },
            clock.now(),
          );
          if (res.order.status === 'OPEN' || res.order.status === 'PARTIAL_FILLED')
            live.push({ account, id: res.order.id });
        }
      } catch (e) {
        if (!(e instanceof Rejection)) throw e;
        refused++;
      }
      // Deliver after 1 to 5 commands: the feed batches several commands' changes now and then.
      if (rnd() < 0.4) ex.simStep();
      if (i === 5000) late.send(['subscribe', 'market_depth.BTC_USD', 'diff.BTC_USD']);
      if (i % 500 === 0) clock.advance(1000);
    }
    ex.simStep();
    await drain(p);
    await drain(late);
    expect(refused).toBeLessThan(1000);

    const rest = (await http(`${ex.url}/api/v3/orderbook?pair=BTC_USD&group=1`)).body as {
      buy: Array<{ price: number; amount: number }>;
      sell: Array<{ price: number; amount: number }>;
    };
    const restBook = (rows: Array<{ price: number; amount: number }>) =>
      new Map(rows.map((r) => [r.price.toFixed(2), r.amount.toFixed(6)]));
    expect(rest.buy.length + rest.sell.length).toBeGreaterThan(50);
    for (const probe of [p, late]) {
      const built = buildBook(probe.messages(), 'BTC_USD');
      expect(built.bids).toEqual(restBook(rest.buy));
      expect(built.asks).toEqual(restBook(rest.sell));
    }
    // Every fill of the pair went out once, in execution order, with its exact amount, price and taker side.
    const fills = ex.core
      .publicTrades('BTC_USD', 1_000_000)
      .filter((t) => t.id > firstTrade)
      .reverse();
    expect(fills.length).toBeGreaterThan(1000);
    expect(p.of('t').map((m) => m.slice(2))).toEqual(
      fills.map((t) => [
        t.id,
        'BTC_USD',
        t.amount.toFixed(),
        t.price.toFixed(),
        t.takerSide === 'BUY' ? 'buy' : 'sell',
      ]),
    );
    // A diff names only levels that changed: none repeats a level with the quantity it already had.
    const seen = new Map<string, string>();
    for (const m of p.messages()) {
      if (m[0] !== 'd') continue;
      const [a, b] = m[3] as [Level[], Level[]];
      expect(a.length + b.length).toBeGreaterThan(0);
      for (const [side, levels] of [
        ['a', a],
        ['b', b],
      ] as const) {
        for (const [price, qty] of levels) {
          const key = `${side}${price}`;
          expect(seen.get(key) ?? '0').not.toBe(qty);
          seen.set(key, qty);
        }
      }
    }
  }, 180_000);

  it('trade.* carries every pair, once per socket even when also subscribed to the pair; tickers and rates follow trades', async () => {
    const p = await open();
    p.send(['subscribe', 'trade.*', 'trade.ETH_USD', 'ticker.ETH_USD', 'ticker.*', 'rates.*']);
    await p.next((m) => m[0] === 'r', 'the first rates');
    const [a, b] = ['w1-key', 'w2-key'].map((k) => ex.core.accounts.byApiKey(k)?.id as number) as [number, number];
    const place = (accountId: number, pair: string, side: Side, price: string, amount: string) =>
      ex.core.place(
        { accountId, pair, side, type: 'LIMIT', tif: 'GTC', walletType: 'SPOT', price, amount },
        clock.now(),
      );
    place(a, 'ETH_USD', 'SELL', '3100.00', '1.5');
    place(b, 'ETH_USD', 'BUY', '3100.00', '1');
    place(a, 'BTC_USDT', 'SELL', '61000.00', '0.5');
    place(b, 'BTC_USDT', 'BUY', '61000.00', '0.5');
    ex.simStep();
    await p.until(() => p.of('t').length >= 2, 'two trades');
    expect(p.of('t').map((m) => m.slice(3))).toEqual([
      ['ETH_USD', '1', '3100', 'buy'],
      ['BTC_USDT', '0.5', '61000', 'buy'],
    ]);
    const tk = await p.next(
      (m) => m[0] === 'tk' && m.slice(2).some((e) => Array.isArray(e) && e[0] === 'ETH_USD' && e[1] === '3100.00'),
      'a ticker with the new last price',
    );
    const entry = tk.slice(2).find((e) => Array.isArray(e) && e[0] === 'ETH_USD') as string[];
    expect(entry).toHaveLength(9);
    for (const v of entry.slice(1)) expect(v).toMatch(/^-?\d+(\.\d+)?$/);
    expect(entry[8]).toBe('3100.00'); // ask: what is left of the sell
    await p.next(
      (m) => m[0] === 'r' && (m[2] as string[][]).some((r) => r[1] === 'BTC' && r[2] === 'USDT' && r[0] === '61000.00'),
      'the rates with the new BTC_USDT price',
    );
  });
});
