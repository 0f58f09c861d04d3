import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Balance, Order, OwnTrade } from '../../preload/domain';
import { createAccountSources } from '../../main/account-feed';
import { FillTracker } from '../../main/account-feed/fill-tracker';
import { DEFAULT_ACCOUNT_INTERVALS } from '../../main/account-feed/intervals';
import type { AlpClient } from '../../main/api/types';
import { type PaperExchangeInternals, startPaperExchange } from '../../main/paper';
import { type TraderKeys, traderClient } from '../support/paper-traders';
import { ManualTimers } from './helpers';

const TRADER = {
  name: 'feed-trader',
  key: 'feed-trader-key-000001',
  secret: 'feed-trader-secret',
  balances: { USD: '10000', BTC: '1' },
};
const MAKER = {
  name: 'feed-maker',
  key: 'feed-maker-key-000001',
  secret: 'feed-maker-secret',
  balances: { USD: '1000000', BTC: '100' },
};

function clientOf(paper: PaperExchangeInternals, who: TraderKeys): AlpClient {
  return traderClient(paper.url, who);
}

describe('account feed against the paper exchange', () => {
  let paper: PaperExchangeInternals;
  let trader: AlpClient;
  let maker: AlpClient;

  beforeAll(async () => {
    paper = await startPaperExchange({ port: 0, simulate: false, seed: 3, accounts: [TRADER, MAKER] });
    trader = clientOf(paper, TRADER);
    maker = clientOf(paper, MAKER);
  });
  afterAll(() => paper?.close());

  /**
   * The feed's clock stands still at the subscription: the next poll is due one interval after the last one
   * started, minus what it took, and on a loaded box a poll over HTTP can take more than a second of real time.
   */
  function feed(timers: ManualTimers) {
    const startedAt = Date.now();
    return createAccountSources({ clientFor: () => trader, setTimer: timers.setTimer, now: () => startedAt });
  }

  it('emits the open orders, then only when they change', async () => {
    const timers = new ManualTimers();
    const sources = feed(timers);
    const seen: Order[][] = [];
    const stop = sources['account.orders']({ profileId: 'p' }, (o) => seen.push(o));
    expect(timers.delays()).toEqual([0]);
    await timers.fire();
    expect(seen).toEqual([[]]);
    expect(timers.delays()).toEqual([expect.any(Number)]);
    expect(timers.delays()[0]).toBe(DEFAULT_ACCOUNT_INTERVALS.orders);

    const placed = await trader.createOrder({ pair: 'BTC_USD', side: 'buy', price: '50000', amount: '0.01' });
    await timers.fire();
    expect(seen).toHaveLength(2);
    expect(seen[1]?.map((o) => o.id)).toEqual([placed.orderId]);

    await timers.fire(); // nothing changed: nothing emitted
    expect(seen).toHaveLength(2);

    await trader.cancelOrder(placed.orderId as number);
    await timers.fire();
    expect(seen[2]).toEqual([]);
    stop();
    expect(timers.count).toBe(0);
  });

  it('emits balances and their reserve when an order reserves funds', async () => {
    const timers = new ManualTimers();
    const sources = feed(timers);
    const seen: Balance[][] = [];
    const stop = sources['account.balances']({ profileId: 'p' }, (b) => seen.push(b));
    expect(timers.delays()).toEqual([350]); // staggered after the orders poll
    await timers.fire();
    const usd = (list: Balance[] | undefined) => list?.find((b) => b.currency === 'USD');
    expect(usd(seen[0])?.reserve).toMatch(/^0(\.0+)?$/);

    const placed = await trader.createOrder({ pair: 'BTC_USD', side: 'buy', price: '50000', amount: '0.01' });
    await timers.fire();
    expect(seen).toHaveLength(2);
    expect(Number(usd(seen[1])?.reserve)).toBe(500);
    await trader.cancelOrder(placed.orderId as number);
    stop();
  });

  it('reports only fills that happen after the subscription started, each once', async () => {
    // A fill before the stream starts must not be reported.
    await maker.createOrder({ pair: 'BTC_USD', side: 'sell', price: '61000', amount: '0.002' });
    await trader.createOrder({ pair: 'BTC_USD', side: 'buy', price: '61000', amount: '0.002' });

    const timers = new ManualTimers();
    const sources = feed(timers);
    const seen: OwnTrade[][] = [];
    const stop = sources['account.fills']({ profileId: 'p' }, (f) => seen.push(f));
    await timers.fire(); // primes
    expect(seen).toEqual([]);

    await maker.createOrder({ pair: 'BTC_USD', side: 'sell', price: '62000', amount: '0.003' });
    await trader.createOrder({ pair: 'BTC_USD', side: 'buy', price: '62000', amount: '0.003' });
    await timers.fire();
    expect(seen).toHaveLength(1);
    const [fill] = seen[0] ?? [];
    expect(fill).toMatchObject({ pair: 'BTC_USD', side: 'buy', isMaker: false });
    expect(Number(fill?.price)).toBe(62000);
    expect(Number(fill?.amount)).toBe(0.003);
    expect(Number(fill?.fee)).toBeCloseTo(0.000006, 12); // taker 0.2% of the base received

    await timers.fire();
    expect(seen).toHaveLength(1);
    stop();
  });

  it('polls at once when nudged, and after a pending poll when nudged during it', async () => {
    const timers = new ManualTimers();
    const sources = feed(timers);
    const stop = sources['account.orders']({ profileId: 'p' }, () => {});
    await timers.fire();
    expect(timers.delays()[0]).toBe(DEFAULT_ACCOUNT_INTERVALS.orders);
    sources.nudge('p');
    expect(timers.delays()).toEqual([0]);
    sources.nudge('other'); // another profile's nudge does nothing here
    expect(timers.delays()).toEqual([0]);

    // Nudge while the poll is in flight: served right after it, never overlapping.
    const before = timers.scheduled.length;
    const due = timers.delays().length;
    const run = timers.fire();
    sources.nudge('p');
    expect(timers.count).toBe(0);
    await run;
    expect(timers.scheduled.length).toBe(before + due);
    expect(timers.delays()).toEqual([0]);
    stop();
  });

  it('backs off while polls fail and stops cleanly on dispose', async () => {
    const timers = new ManualTimers();
    const failing = {
      ordersV3: async () => {
        throw new Error('Exchange unreachable');
      },
    } as unknown as AlpClient;
    const sources = createAccountSources({
      clientFor: () => failing,
      setTimer: timers.setTimer,
      intervals: { orders: 2_000 },
    });
    const emitted: Order[][] = [];
    sources['account.orders']({ profileId: 'p' }, (o) => emitted.push(o));
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      await timers.fire();
      delays.push(...timers.delays());
    }
    expect(delays).toEqual([2_000, 2_000, 4_000, 8_000, 16_000]);
    expect(emitted).toEqual([]);
    sources.dispose();
    expect(timers.count).toBe(0);
  });
});

describe('fill tracker', () => {
  const fill = (over: Partial<OwnTrade>): OwnTrade => ({
    id: null,
    orderId: null,
    pair: 'BTC_USD',
    side: 'buy',
    price: '60000',
    amount: '0.01',
    fee: '0.00002',
    feeCurrency: 'BTC',
    feeRate: '0.002',
    isMaker: false,
    time: 1,
    walletType: 'SPOT',
    accountId: 1,
    ...over,
  });

  it('reports fills stamped after the start even when the first read comes late', () => {
    const t = new FillTracker(100);
    expect(t.update([fill({ time: 99 }), fill({ time: 100 }), fill({ time: 150 })]).map((f) => f.time)).toEqual([
      100, 150,
    ]);
    expect(t.update([fill({ time: 99 }), fill({ time: 100 }), fill({ time: 150 })])).toEqual([]);
  });

  it('primes on the first read and tells identical fills apart by count', () => {
    const t = new FillTracker(1);
    expect(t.update([fill({ time: 0 })])).toEqual([]);
    expect(t.update([fill({ time: 1 })])).toHaveLength(1);
    expect(t.update([fill({ time: 2 }), fill({ time: 2 }), fill({ time: 1 })])).toHaveLength(2);
    expect(t.update([fill({ time: 2 }), fill({ time: 2 }), fill({ time: 1 })])).toEqual([]);
    expect(t.update([fill({ time: 3, id: 9 }), fill({ time: 2, id: null })]).map((f) => f.time)).toEqual([3]);
  });
});
