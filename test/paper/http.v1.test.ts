import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PaperExchangeInternals } from '../../main/paper/index';
import { ALICE, BOB, TestClock, V1Client, http, startQuiet, totals } from './helpers';

type Row = Record<string, unknown>;

describe('v1 over HTTP', () => {
  let clock: TestClock;
  let ex: PaperExchangeInternals;
  let alice: V1Client;
  let bob: V1Client;

  beforeEach(async () => {
    clock = new TestClock();
    ex = await startQuiet(clock);
    alice = new V1Client(ex.url, clock, ALICE);
    bob = new V1Client(ex.url, clock, BOB);
  });
  afterEach(async () => {
    await ex.close();
  });

  const snapshot = async (): Promise<string> =>
    JSON.stringify([
      (await alice.get('/api/v1/wallets/')).body,
      (await alice.get('/api/v1/orders/own/')).body,
      [...totals(ex)],
    ]);

  it('serves the public catalog, with and without trailing slash', async () => {
    const cur = await http(`${ex.url}/api/v1/currencies/`);
    expect(cur.status).toBe(200);
    expect(cur.body).toEqual(expect.arrayContaining([{ sign: 'Ƀ', short_name: 'BTC' }]));
    const pairs = await http(`${ex.url}/api/v1/pairs`);
    const btc = (pairs.body as Row[]).find((p) => p.name === 'BTC_USD');
    expect(btc).toMatchObject({
      currency1: 'BTC',
      currency2: 'USD',
      price_precision: 2,
      amount_precision: 6,
      minimum_order_value: '1.00000000',
    });
    expect(((await http(`${ex.url}/api/v1/pairs/?currency2=BTC`)).body as Row[]).map((p) => p.name)).toEqual([
      'ETH_BTC',
    ]);
    expect((await http(`${ex.url}/api/v1/ticker/?pair=ETH_BTC`)).body).toEqual([
      expect.objectContaining({ pair: 'ETH_BTC', last: '0.000000', diff: '0.00' }),
    ]);
    expect((await http(`${ex.url}/api/v1/ticker/?pair=NOPE_USD`)).status).toBe(404);
    expect((await http(`${ex.url}/api/v1/orderbook/NOPE_USD`)).status).toBe(404);
    expect((await http(`${ex.url}/api/v1/nothing/`)).status).toBe(404);
    expect((await http(`${ex.url}/api/v1/order/999/`)).status).toBe(404);
    expect((await http(`${ex.url}/api/charts/BTC_USD/7/chart`)).status).toBe(404);
    expect((await http(`${ex.url}/api/charts/BTC_USD/60/chart/`)).body).toEqual([]);
  });

  it('places, matches partially, reports trades, book, ticker, charts and history', async () => {
    const sell = await alice.post('/api/v1/order/', {
      type: 'sell',
      pair: 'BTC_USD',
      amount: '0.5',
      price: '60000.50',
    });
    expect(sell.status).toBe(200);
    expect(sell.body).toMatchObject({ success: true, type: 'sell', amount: 0.5, trades: [] });
    const sellId = (sell.body as Row).oid as number;
    expect(sell.text).toContain('"price":60000.50000000');

    const buy = await bob.post('/api/v1/order/', { type: 'buy', pair: 'BTC_USD', amount: '0.2', price: '60010' });
    expect(buy.status).toBe(200);
    expect(buy.body).toMatchObject({
      success: true,
      type: 'buy',
      amount: 0,
      trades: [{ type: 'sell', price: 60000.5, o_id: sellId, amount: 0.2 }],
    });

    const book = await http(`${ex.url}/api/v1/orderbook/BTC_USD?limit_sell=5&limit_buy=5`);
    expect(book.body).toEqual({ sell: [{ price: 60000.5, amount: 0.3 }], buy: [] });

    const order = await http(`${ex.url}/api/v1/order/${sellId}/`);
    expect(order.body).toMatchObject({
      id: sellId,
      pair: 'BTC_USD',
      type: 'sell',
      amount_filled: '0.20000000',
      amount_original: 0.5,
      amount: 0.3,
      status: '1',
    });

    // Wallets moved exactly: alice sold 0.2 BTC for 12000.10 USD minus the 0.1% maker fee.
    const wallets = (await alice.get('/api/v1/wallets/')).body as Row[];
    expect(wallets.find((w) => w.currency === 'BTC')).toEqual({ currency: 'BTC', balance: 1.5, reserve: 0.3 });
    expect(wallets.find((w) => w.currency === 'USD')).toEqual({
      currency: 'USD',
      balance: 100000 + 12000.1 - 12.0001,
      reserve: 0,
    });
    const bobBtc = ((await bob.get('/api/v1/wallets/?currency_id=BTC')).body as Row[])[0];
    expect(bobBtc).toEqual({ currency: 'BTC', balance: 2.2 - 0.0004, reserve: 0 });

    const trades = (await http(`${ex.url}/api/v1/exchanges/?pair=BTC_USD`)).body as Row[];
    expect(trades).toHaveLength(1);
    expect(trades[0]).toMatchObject({ pair: 'BTC_USD', type: 'buy', price: 60000.5, amount: 0.2 });
    expect(((await alice.get('/api/v1/exchanges/own/')).body as Row[])[0]).toMatchObject({ type: 'sell', amount: 0.2 });
    expect((await bob.get('/api/v1/exchanges/own/?type=sell')).body).toEqual([]);

    const ticker = ((await http(`${ex.url}/api/v1/ticker/?pair=BTC_USD`)).body as Row[])[0];
    expect(ticker).toMatchObject({ last: '60000.50', sell: '60000.50', vol: '0.200000' });
    const candles = (await http(`${ex.url}/api/charts/BTC_USD/60/chart?limit=1`)).body as Row[];
    expect(candles).toHaveLength(1);
    expect(candles[0]).toMatchObject({ open: 60000.5, close: 60000.5, volume: 0.2 });

    const own = (await alice.get('/api/v1/orders/own/?status=1')).body as Row[];
    expect(own).toEqual([
      expect.objectContaining({ id: sellId, status: 1, amount: 0.5, pair: 'BTC_USD', type: 'sell' }),
    ]);
    expect((await bob.get('/api/v1/orders/own/?status=3')).body).toEqual([expect.objectContaining({ status: 3 })]);

    expect((await alice.post('/api/v1/order-cancel/', { order: String(sellId) })).body).toEqual({ order: sellId });
    expect(((await alice.get('/api/v1/wallets/')).body as Row[]).find((w) => w.currency === 'BTC')).toEqual({
      currency: 'BTC',
      balance: 1.8,
      reserve: 0,
    });
    expect(((await http(`${ex.url}/api/v1/order/${sellId}/`)).body as Row).status).toBe('2');
    expect(((await alice.get('/api/v1/deposits/')).body as Row[]).map((d) => d.currency).sort()).toEqual([
      'BTC',
      'ETH',
      'USD',
      'USDT',
    ]);
    expect((await alice.get('/api/v1/withdraws/')).body).toEqual([]);
  });

  it('refuses bad signature, replayed nonce, unknown key and missing headers with 401, changing nothing', async () => {
    const before = await snapshot();
    const order = { type: 'buy', pair: 'BTC_USD', amount: '0.1', price: '50000' };
    const bad = await alice.post('/api/v1/order/', order, { 'X-SIGN': 'ab'.repeat(32) });
    expect(bad.status).toBe(401);
    expect(bad.body).toMatchObject({ error: 'Invalid signature' });
    expect(typeof (bad.body as Row).date).toBe('number');
    const replay = await alice.post('/api/v1/order/', order, { 'X-NONCE': '5' });
    expect(replay.status).toBe(401);
    expect((replay.body as Row).error).toMatch(/^Invalid nonce: 5 is not greater than \d+$/);
    expect((await alice.get('/api/v1/wallets/', { 'X-KEY': 'nobody' })).status).toBe(401);
    clock.advance(600);
    expect((await http(`${ex.url}/api/v1/wallets/`)).status).toBe(401);
    expect(await snapshot()).toBe(before);
  });

  it('refuses a nonce equal to the last accepted one', async () => {
    const first = await alice.get('/api/v1/wallets/', { 'X-NONCE': '777777' });
    expect(first.status).toBe(200);
    const again = await alice.get('/api/v1/wallets/', { 'X-NONCE': '777777' });
    expect(again.status).toBe(401);
    expect(again.body).toMatchObject({ error: 'Invalid nonce: 777777 is not greater than 777777' });
  });

  it('enforces 2 private calls per sliding second with 429, not counting refused calls', async () => {
    expect((await alice.get('/api/v1/wallets/', {}, false)).status).toBe(200);
    clock.advance(100);
    expect((await alice.get('/api/v1/wallets/', {}, false)).status).toBe(200);
    clock.advance(100);
    const over = await alice.post(
      '/api/v1/order/',
      { type: 'buy', pair: 'BTC_USD', amount: '0.1', price: '50000' },
      {},
      false,
    );
    expect(over.status).toBe(429);
    expect(over.body).toMatchObject({ error: 'Rate limit exceeded: 2 calls per second' });
    expect(ex.core.state.orders.size).toBe(0);
    // Another account is not affected; after the window slides, alice may call again.
    expect((await bob.get('/api/v1/wallets/', {}, false)).status).toBe(200);
    clock.advance(801);
    expect((await alice.get('/api/v1/wallets/', {}, false)).status).toBe(200);
  });

  it('enforces 100 public calls per second per IP', async () => {
    const replies = await Promise.all(Array.from({ length: 101 }, () => http(`${ex.url}/api/v1/currencies/`)));
    expect(replies.filter((r) => r.status === 429)).toHaveLength(1);
    clock.advance(1000);
    expect((await http(`${ex.url}/api/v1/currencies/`)).status).toBe(200);
  });

  it('refuses unknown pair (404), bad precision, bad values, insufficient funds (400), changing nothing', async () => {
    const before = await snapshot();
    const cases: Array<[Record<string, string>, number, RegExp]> = [
      [{ type: 'buy', pair: 'DOGE_USD', amount: '1', price: '1' }, 404, /Unknown pair DOGE_USD/],
      [{ type: 'buy', pair: 'BTC_USD', amount: '0.1', price: '50000.123' }, 400, /price has more than 2 decimals/],
      [{ type: 'buy', pair: 'BTC_USD', amount: '0.1234567', price: '50000' }, 400, /amount has more than 6 decimals/],
      [{ type: 'buy', pair: 'BTC_USD', amount: 'abc', price: '50000' }, 400, /amount/],
      [{ type: 'hold', pair: 'BTC_USD', amount: '1', price: '50000' }, 400, /type/],
      [{ type: 'buy', pair: 'BTC_USD', amount: '0.00001', price: '1.00' }, 400, /minimum_order_value/],
      [{ type: 'buy', pair: 'BTC_USD', amount: '10', price: '60000' }, 400, /^Out of balance/],
      [{ type: 'sell', pair: 'ETH_BTC', amount: '21', price: '0.05' }, 400, /^Out of balance/],
    ];
    for (const [params, status, msg] of cases) {
      const r = await alice.post('/api/v1/order/', params);
      expect(r.status, JSON.stringify(params)).toBe(status);
      expect((r.body as Row).error).toMatch(msg);
    }
    expect(await snapshot()).toBe(before);
  });

  it('refuses to cancel a done, cancelled, unknown or foreign order', async () => {
    const sell = (await alice.post('/api/v1/order/', { type: 'sell', pair: 'BTC_USD', amount: '0.1', price: '60000' }))
      .body as Row;
    await bob.post('/api/v1/order/', { type: 'buy', pair: 'BTC_USD', amount: '0.1', price: '60000' });
    const before = await snapshot();
    const done = await alice.post('/api/v1/order-cancel/', { order: String(sell.oid) });
    expect(done.status).toBe(400);
    expect(done.body).toMatchObject({ error: `Order ${sell.oid} is not active` });
    expect((await alice.post('/api/v1/order-cancel/', { order: '424242' })).status).toBe(404);
    const open = (await bob.post('/api/v1/order/', { type: 'buy', pair: 'BTC_USD', amount: '0.1', price: '59000' }))
      .body as Row;
    expect((await alice.post('/api/v1/order-cancel/', { order: String(open.oid) })).status).toBe(404);
    expect((await alice.post('/api/v1/order-cancel/', { order: 'x' })).status).toBe(400);
    expect(await snapshot()).toBe(before);
  });

  it('ensureAccount re-keys an account by name, keeping balances and orders, seeding only new accounts', async () => {
    await alice.post('/api/v1/order/', { type: 'buy', pair: 'BTC_USD', amount: '0.1', price: '50000' });
    const id = ex.core.accounts.byApiKey(ALICE.key)?.id;
    expect(ex.ensureAccount({ ...ALICE, key: 'alice-key-2', secret: 'alice-secret-2', balances: { USD: '1' } })).toBe(
      id,
    );
    expect((await alice.get('/api/v1/wallets/')).status).toBe(401); // the old key is gone
    const rekeyed = new V1Client(ex.url, clock, { key: 'alice-key-2', secret: 'alice-secret-2' });
    const usd = ((await rekeyed.get('/api/v1/wallets/')).body as Row[]).find((w) => w.currency === 'USD');
    expect(usd).toEqual({ currency: 'USD', balance: 95000, reserve: 5000 });
    expect((await rekeyed.get('/api/v1/orders/own/')).body).toHaveLength(1);
    const fresh = ex.ensureAccount({ key: 'carol-key', secret: 'carol-secret', name: 'carol', balances: { ETH: '3' } });
    expect(fresh).not.toBe(id);
    const carol = new V1Client(ex.url, clock, { key: 'carol-key', secret: 'carol-secret' });
    expect(((await carol.get('/api/v1/wallets/')).body as Row[]).find((w) => w.currency === 'ETH')).toEqual({
      currency: 'ETH',
      balance: 3,
      reserve: 0,
    });
  });

  it('accepts a JSON body signed like the Node sample', async () => {
    clock.advance(600);
    const payload = { type: 'buy', pair: 'ETH_USD', amount: '0.5', price: '2000' };
    const r = await http(`${ex.url}/api/v1/order`, {
      method: 'POST',
      headers: { ...alice.headers(payload), 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    });
    expect(r.status).toBe(200);
    expect((r.body as Row).success).toBe(true);
  });
});
