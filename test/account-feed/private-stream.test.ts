/**
 * The account feed streaming over a profile's authenticated WebSocket (a real local socket speaking today's
 * protocol): `o` drives open orders and reveals fills, `w` drives balances, REST is read on connect and about
 * once a minute (the only private polling left), polling takes over while the socket is down, and a placed
 * order's real outcome comes from the stream (or one read-back without it).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Balance, Order, OwnTrade, PlaceOrderResult } from '../../preload/domain';
import { type AccountSources, createAccountSources } from '../../main/account-feed';
import type { AlpClient } from '../../main/api/types';
import { PrivateStatusBoard } from '../../main/account-feed/private-status';
import { StreamRegistry } from '../../main/api/ws/registry';
import { wsOpener } from '../../main/web/ws-opener';
import { ManualTimers } from '../market/manual-timers';
import { type WsStub, startWsStub } from '../support/ws-stub';

const JWT = 'jwt-for-the-test';

function order(over: Partial<Order>): Order {
  return {
    id: 1,
    clientOrderId: null,
    accountId: 7,
    pair: 'BTC_USD',
    side: 'buy',
    type: 'LIMIT',
    tif: 'GTC',
    price: '60000',
    stopPrice: null,
    amount: '0.5',
    filled: '0',
    cancelled: '0',
    status: 'OPEN',
    walletType: 'SPOT',
    createdAt: 1_700_000_000_000,
    updatedAt: null,
    doneAt: null,
    expireAt: null,
    ...over,
  };
}

/** ["o", ts, id, pair, side, type, amount, price, unfilled, filled, cancelled, valueFilled, avg, doneAt, status, quote, wallet, stop, op] */
function oFrame(id: number, status: string, filled: string, type = 'LIMIT', amount = '0.5'): unknown[] {
  const unfilled = status === 'OPEN' || status === 'PARTIAL_FILLED' ? `${Number(amount) - Number(filled)}` : '0';
  const cancelled = status === 'CANCELLED' ? `${Number(amount) - Number(filled)}` : '0';
  return [
    'o',
    1767225600,
    id,
    'BTC_USD',
    'BID',
    type,
    amount,
    '60000',
    unfilled,
    filled,
    cancelled,
    '0',
    null,
    null,
    status,
    '0',
    'SPOT',
    '0',
    null,
  ];
}

interface Fake {
  client: AlpClient;
  calls: { orders: number; wallets: number; trades: number; token: number };
  /** The `urgent` flag of each read, in order: the limiter serves urgent reads before background ones. */
  urgency: { orders: boolean[]; wallets: boolean[]; trades: boolean[] };
  openOrders: Order[];
  allOrders: Order[];
  balances: Balance[];
  trades: OwnTrade[];
  /** Holds the next open-orders read: it answers what was open when it was asked, once `release` is called. */
  holdNextRead(): () => void;
}

function fakeClient(streamUrl: string): Fake {
  const f: Fake = {
    calls: { orders: 0, wallets: 0, trades: 0, token: 0 },
    urgency: { orders: [], wallets: [], trades: [] },
    openOrders: [],
    allOrders: [],
    balances: [
      {
        currency: 'USD',
        balance: '1000',
        reserve: '0',
        available: '1000',
        walletType: 'SPOT',
        pair: null,
        accountId: 7,
        updatedAt: null,
      },
    ],
    trades: [],
    client: undefined as unknown as AlpClient,
    holdNextRead() {
      let release = () => {};
      held = new Promise<void>((r) => {
        release = r;
      });
      return () => release();
    },
  };
  let held: Promise<void> | null = null;
  f.client = {
    dialect: 'current',
    streamUrl,
    streamToken: async () => {
      f.calls.token++;
      return JWT;
    },
    ordersV3: async (q?: { openOnly?: boolean; urgent?: boolean }) => {
      f.calls.orders++;
      f.urgency.orders.push(q?.urgent === true);
      const answer = q?.openOnly ? f.openOrders : f.allOrders;
      const gate = held;
      held = null;
      if (gate) await gate;
      return answer;
    },
    wallets: async (q?: { urgent?: boolean }) => {
      f.calls.wallets++;
      f.urgency.wallets.push(q?.urgent === true);
      return f.balances;
    },
    accountTrades: async (q?: { urgent?: boolean }) => {
      f.calls.trades++;
      f.urgency.trades.push(q?.urgent === true);
      return f.trades;
    },
  } as unknown as AlpClient;
  return f;
}

describe('account feed over the private WebSocket', () => {
  let stub: WsStub;
  let timers: ManualTimers;
  let sockTimers: ManualTimers;
  let fake: Fake;
  let registry: StreamRegistry;
  let feed: AccountSources;
  let board: PrivateStatusBoard;

  beforeEach(async () => {
    stub = await startWsStub();
    timers = new ManualTimers();
    sockTimers = new ManualTimers();
    fake = fakeClient(stub.url);
    registry = new StreamRegistry({
      openSocket: wsOpener,
      setTimer: sockTimers.setTimer,
      // The feed's clock stamps frames too (in the app both are Date.now), so frame and poll times compare.
      now: timers.now,
      backoff: { baseMs: 20, capMs: 100 },
    });
    board = new PrivateStatusBoard();
    feed = createAccountSources({
      clientFor: () => fake.client,
      streams: registry,
      privateStatus: board,
      setTimer: timers.setTimer,
      now: timers.now,
    });
  });
  afterEach(async () => {
    feed.dispose();
    board.dispose();
    registry.dispose();
    await stub.close();
  });

  const authed = () => stub.open().some((c) => c.authed === JWT);
  /** Live, the connect read done; then order 50 opens and the socket drops (the pollers take over). */
  const liveThenDown = async () => {
    await stub.until(authed, 'auth');
    await expect.poll(() => registry.all()[0]?.state()).toBe('live');
    timers.advance(50);
    await expect.poll(() => fake.calls.orders).toBe(1);
    fake.openOrders = [order({ id: 50 })];
    stub.dropAll();
    await expect.poll(() => registry.all()[0]?.state()).toBe('down');
  };

  it('one authenticated socket per profile; o/w drive orders and balances; REST only on connect and each minute', async () => {
    const orders: Order[][] = [];
    const balances: Balance[][] = [];
    const fills: OwnTrade[][] = [];
    const stops = [
      feed['account.orders']({ profileId: 'p' }, (o) => orders.push(o)),
      feed['account.balances']({ profileId: 'p' }, (b) => balances.push(b)),
      feed['account.fills']({ profileId: 'p' }, (f) => fills.push(f)),
    ];
    await stub.until(authed, 'the auth frame');
    expect(stub.accepted).toBe(1); // three streams, one socket
    // On connect: balances at once, open orders right after, the fills read a moment later.
    await expect.poll(() => balances.length).toBe(1);
    await expect.poll(() => fake.calls.wallets).toBe(1);
    expect(fake.calls.orders).toBe(0);
    timers.advance(50);
    await expect.poll(() => orders.length).toBe(1);
    expect(fake.calls.trades).toBe(0);
    timers.advance(1_000);
    await expect.poll(() => fake.calls.trades).toBe(1);
    const restAfterConnect = { ...fake.calls };
    expect(restAfterConnect).toMatchObject({ orders: 1, wallets: 1, trades: 1, token: 1 });

    stub.pushPrivate(JWT, oFrame(41, 'OPEN', '0'));
    await expect.poll(() => orders[orders.length - 1]?.map((o) => [o.id, o.status])).toEqual([[41, 'OPEN']]);
    stub.pushPrivate(JWT, ['w', 1767225600, 'USD', 'SPOT', '', '1000', '30']);
    await expect
      .poll(() => balances[balances.length - 1]?.[0])
      .toMatchObject({
        currency: 'USD',
        available: '970',
        reserve: '30',
        balance: '1000',
      });

    // A fill: the o message says more filled; one REST read finds the fill itself.
    fake.trades = [
      {
        id: 900,
        orderId: 41,
        pair: 'BTC_USD',
        side: 'buy',
        price: '60000',
        amount: '0.2',
        fee: '0.0004',
        feeCurrency: 'BTC',
        feeRate: '0.002',
        isMaker: true,
        time: timers.now() + 1,
        walletType: 'SPOT',
        accountId: 7,
      },
    ];
    stub.pushPrivate(JWT, oFrame(41, 'PARTIAL_FILLED', '0.2'));
    await expect.poll(() => orders[orders.length - 1]?.[0]?.status).toBe('PARTIAL_FILLED');
    timers.advance(200);
    await expect.poll(() => fills.length).toBe(1);
    expect(fills[0]?.map((f) => f.id)).toEqual([900]);
    stub.pushPrivate(JWT, oFrame(41, 'FILLED', '0.5'));
    await expect.poll(() => orders[orders.length - 1]).toEqual([]);

    // Idle for ten minutes: only the minute reconciliations (orders, balances) and nothing else.
    const before = { ...fake.calls };
    for (let i = 0; i < 10; i++) {
      timers.advance(60_000);
      await expect.poll(() => fake.calls.orders).toBe(before.orders + i + 1);
    }
    const perSecond =
      (fake.calls.orders - before.orders + fake.calls.wallets - before.wallets + fake.calls.trades - before.trades) /
      600;
    expect(perSecond).toBeLessThanOrEqual(0.05);
    // The reads on connect are what the screen waits for; the minute reconciliations and fills reads are background.
    expect(fake.urgency.wallets).toEqual([true, ...Array(10).fill(false)]);
    expect(fake.urgency.orders).toEqual([true, ...Array(10).fill(false)]);
    expect(fake.urgency.trades.every((u) => !u)).toBe(true);
    for (const stop of stops) stop();
    await stub.until(() => stub.open().length === 0, 'the private socket to close');
  });

  it('the private status says streaming only while the authenticated socket is live, then the polls vouch', async () => {
    feed['account.orders']({ profileId: 'p' }, () => {});
    expect(board.status('p').feed).not.toBe('streaming');
    await liveThenDown();
    // While live it said streaming; the drop is seen at once, and the data time is the newest frame or read.
    const down = board.status('p');
    expect(down.feed).toBe('polling');
    expect(down.dataAt).not.toBeNull();
    const before = down.dataAt ?? 0;
    timers.advance(5_000); // the stand-in poller reads and succeeds
    await expect.poll(() => board.status('p').dataAt ?? 0).toBeGreaterThan(before);
    expect(board.status('p').feed).toBe('polling');
    sockTimers.fireNext(); // the reconnect
    await stub.until(() => stub.accepted === 2 && authed(), 'auth after reconnect');
    await expect.poll(() => board.status('p').feed).toBe('streaming');
  });

  it('polls while the socket is down and reconciles when it is back', async () => {
    const orders: Order[][] = [];
    const stop = feed['account.orders']({ profileId: 'p' }, (o) => orders.push(o));
    await liveThenDown();
    timers.advance(0); // the poller's first poll is immediate
    await expect.poll(() => orders[orders.length - 1]?.map((o) => o.id)).toEqual([50]);
    const polled = fake.calls.orders;
    timers.advance(2_000);
    await expect.poll(() => fake.calls.orders).toBeGreaterThan(polled);

    fake.openOrders = [order({ id: 50 }), order({ id: 51, createdAt: 1_700_000_000_500 })];
    sockTimers.fireNext(); // the reconnect
    await stub.until(() => stub.accepted === 2 && authed(), 'auth after reconnect');
    await expect.poll(() => registry.all()[0]?.state()).toBe('live');
    timers.advance(50);
    await expect.poll(() => orders[orders.length - 1]?.map((o) => o.id)).toEqual([51, 50]);
    // Streaming again: the poller has stopped.
    const after = fake.calls.orders;
    timers.advance(10_000);
    expect(fake.calls.orders).toBe(after);
    stop();
  });

  it('a poll still in flight when the socket comes back never overwrites what the stream shows', async () => {
    const orders: Order[][] = [];
    const stop = feed['account.orders']({ profileId: 'p' }, (o) => orders.push(o));
    await liveThenDown();
    timers.advance(0);
    await expect.poll(() => orders[orders.length - 1]?.map((o) => o.id)).toEqual([50]);
    // The next poll asks while 50 is open and its answer is slow; meanwhile the socket returns and 50 is cancelled.
    const release = fake.holdNextRead();
    const polled = fake.calls.orders;
    timers.advance(2_000);
    await expect.poll(() => fake.calls.orders).toBe(polled + 1);
    fake.openOrders = [];
    sockTimers.fireNext();
    await stub.until(() => stub.accepted === 2 && authed(), 'auth after reconnect');
    await expect.poll(() => registry.all()[0]?.state()).toBe('live');
    timers.advance(50);
    await expect.poll(() => orders[orders.length - 1]).toEqual([]);
    release(); // the stale answer of the stopped poller: [50]
    await expect.poll(() => fake.calls.orders).toBe(polled + 2);
    await new Promise((r) => setImmediate(r));
    expect(orders[orders.length - 1]).toEqual([]);
    // And the stream still shows what changes next (its memory of the screen is the screen's).
    stub.pushPrivate(JWT, oFrame(52, 'OPEN', '0'));
    await expect.poll(() => orders[orders.length - 1]?.map((o) => o.id)).toEqual([52]);
    stub.pushPrivate(JWT, oFrame(52, 'CANCELLED', '0'));
    await expect.poll(() => orders[orders.length - 1]).toEqual([]);
    stop();
  });

  it('an older reconciliation that answers after a newer one is ignored', async () => {
    const orders: Order[][] = [];
    fake.openOrders = [order({ id: 60 })];
    const stop = feed['account.orders']({ profileId: 'p' }, (o) => orders.push(o));
    await stub.until(authed, 'auth');
    await expect.poll(() => registry.all()[0]?.state()).toBe('live');
    const release = fake.holdNextRead(); // the connect read: it saw 60 open, and answers late
    timers.advance(50);
    await expect.poll(() => fake.calls.orders).toBe(1);
    // The socket drops and returns; 60 was cancelled meanwhile (its push was lost with the socket).
    fake.openOrders = [];
    stub.dropAll();
    await expect.poll(() => registry.all()[0]?.state()).toBe('down');
    sockTimers.fireNext();
    await stub.until(() => stub.accepted === 2 && authed(), 'auth after reconnect');
    await expect.poll(() => registry.all()[0]?.state()).toBe('live');
    timers.advance(50);
    await expect.poll(() => orders.length).toBeGreaterThan(0);
    await expect.poll(() => orders[orders.length - 1]).toEqual([]);
    release();
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(orders[orders.length - 1]).toEqual([]);
    stop();
  });

  it('balances: a wallet push that lands while the balances are being read wins over the read', async () => {
    const balances: Balance[][] = [];
    const gate: { release: (() => void) | null } = { release: null };
    const wallets = fake.client.wallets.bind(fake.client);
    fake.client.wallets = async (q) => {
      const answer = await wallets(q);
      if (gate.release === null)
        await new Promise<void>((r) => {
          gate.release = r;
        });
      return answer;
    };
    const stop = feed['account.balances']({ profileId: 'p' }, (b) => balances.push(b));
    await stub.until(authed, 'auth');
    await expect.poll(() => gate.release !== null).toBe(true); // the connect read is in flight (it saw USD 1000 free)
    stub.pushPrivate(JWT, ['w', 1767225600, 'USD', 'SPOT', '', '1000', '30']);
    await expect.poll(() => balances[balances.length - 1]?.[0]?.available).toBe('970');
    gate.release?.();
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(balances[balances.length - 1]?.[0]).toMatchObject({ currency: 'USD', available: '970', reserve: '30' });
    stop();
  });

  it('settles a placed order from the stream: a FOK killed at once, a partly filled IOC, a resting limit', async () => {
    const stop = feed['account.orders']({ profileId: 'p' }, () => {});
    await stub.until(authed, 'auth');
    await expect.poll(() => registry.all()[0]?.state()).toBe('live');
    timers.advance(50);
    await expect.poll(() => fake.calls.orders).toBe(1);
    const placed = (id: number): PlaceOrderResult => ({
      outcome: 'created',
      orderId: id,
      clientOrderId: null,
      order: null,
      fills: [],
      message: null,
    });

    const fok = feed.settle('p', placed(60), { pair: 'BTC_USD', type: 'LIMIT', tif: 'FOK' });
    stub.pushPrivate(JWT, oFrame(60, 'CANCELLED', '0'));
    expect((await fok).order).toMatchObject({ id: 60, status: 'CANCELLED', filled: '0', tif: 'FOK' });

    const ioc = feed.settle('p', placed(61), { pair: 'BTC_USD', type: 'LIMIT', tif: 'IOC' });
    stub.pushPrivate(JWT, oFrame(61, 'PARTIAL_FILLED', '0.2'));
    stub.pushPrivate(JWT, oFrame(61, 'PARTIAL_CANCELLED', '0.2'));
    expect((await ioc).order).toMatchObject({ id: 61, status: 'PARTIAL_CANCELLED', filled: '0.2', tif: 'IOC' });

    const gtc = feed.settle('p', placed(62), { pair: 'BTC_USD', type: 'LIMIT', tif: 'GTC' });
    stub.pushPrivate(JWT, oFrame(62, 'OPEN', '0'));
    expect((await gtc).order).toMatchObject({ id: 62, status: 'OPEN', tif: 'GTC' });
    expect(fake.calls.orders).toBe(1); // only the connect reconciliation: no read-back needed
    stop();
  });

  it('open orders carry the time in force the request said, whichever comes first: the push or the answer', async () => {
    const orders: Order[][] = [];
    const stop = feed['account.orders']({ profileId: 'p' }, (o) => orders.push(o));
    await stub.until(authed, 'auth');
    await expect.poll(() => registry.all()[0]?.state()).toBe('live');
    const placed = (id: number): PlaceOrderResult => ({
      outcome: 'created',
      orderId: id,
      clientOrderId: 'c',
      order: null,
      fills: [],
      message: null,
    });
    // The push first, then the placing answer.
    stub.pushPrivate(JWT, oFrame(80, 'OPEN', '0'));
    await expect.poll(() => orders[orders.length - 1]?.find((o) => o.id === 80)?.tif).toBeNull();
    const first = feed.settle('p', placed(80), { pair: 'BTC_USD', type: 'LIMIT', tif: 'IOC' });
    await expect.poll(() => orders[orders.length - 1]?.find((o) => o.id === 80)?.tif).toBe('IOC');
    stub.pushPrivate(JWT, oFrame(80, 'CANCELLED', '0'));
    await first;
    // The answer first, then the push.
    const second = feed.settle('p', placed(81), { pair: 'BTC_USD', type: 'STOP_LIMIT', tif: 'GTC' });
    stub.pushPrivate(JWT, oFrame(81, 'PENDING', '0', 'STOP_LIMIT'));
    expect((await second).order).toMatchObject({ id: 81, tif: 'GTC', status: 'PENDING' });
    await expect.poll(() => orders[orders.length - 1]?.find((o) => o.id === 81)?.tif).toBe('GTC');
    stop();
  });
});

describe('settling without a stream', () => {
  it('reads the order back once (documented dialect / no socket)', async () => {
    const timers = new ManualTimers();
    const fake = fakeClient('ws://unused');
    fake.allOrders = [order({ id: 70, status: 'FILLED', filled: '0.5', type: 'MARKET', tif: null })];
    const feed = createAccountSources({ clientFor: () => fake.client, setTimer: timers.setTimer, now: timers.now });
    const r = await feed.settle(
      'p',
      { outcome: 'created', orderId: 70, clientOrderId: null, order: null, fills: [], message: null },
      { pair: 'BTC_USD', type: 'MARKET', tif: null },
    );
    expect(r.order).toMatchObject({ id: 70, status: 'FILLED', filled: '0.5' });
    expect(fake.calls.orders).toBe(1);
    expect(fake.urgency.orders).toEqual([true]); // the trader waits for it: it goes before background reads
    // Outcomes other than created are left as they are (nothing read).
    const nc = await feed.settle(
      'p',
      { outcome: 'not_created', orderId: null, clientOrderId: null, order: null, fills: [], message: 'refused' },
      { pair: 'BTC_USD', type: 'MARKET', tif: null },
    );
    expect(nc.outcome).toBe('not_created');
    expect(fake.calls.orders).toBe(1);
  });
});
