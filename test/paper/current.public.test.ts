import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PaperExchangeInternals } from '../../main/paper/index';
import { expectCurrentError, expectNoNulls, fingerprint } from './current-helpers';
import { ALICE, BOB, TestClock, V3Client, http, startQuiet } from './helpers';

type Row = Record<string, unknown>;

describe('current dialect over HTTP: public market data under /api/v3', () => {
  let clock: TestClock;
  let ex: PaperExchangeInternals;
  let alice: V3Client;
  let bob: V3Client;
  const get = (path: string) => http(ex.url + path);

  beforeEach(async () => {
    clock = new TestClock();
    ex = await startQuiet(clock, { tokenTtlMs: 86_400_000 });
    alice = new V3Client(ex.url, clock, ALICE);
    bob = new V3Client(ex.url, clock, BOB);
    await alice.login();
    await bob.login();
    // Two trades and a resting order on each side.
    const lim = (side: string, price: string, amount: string) => ({
      pair: 'BTC_USD',
      order_type: 'LIMIT',
      order_side: side,
      limit_price: price,
      base_amount: amount,
    });
    await bob.call('POST', '/api/v3/trading/order', lim('ASK', '60000', '0.3'));
    await alice.call('POST', '/api/v3/trading/order', lim('BID', '60000', '0.1'));
    await alice.call('POST', '/api/v3/trading/order', lim('BUY', '60000', '0.1'));
    await alice.call('POST', '/api/v3/trading/order', lim('BUY', '59000', '0.2'));
  });
  afterEach(async () => {
    await ex.close();
  });

  it('time, currency rates, currencies and pairs', async () => {
    expect((await get('/api/v3/time')).body).toEqual({ serverTime: Math.floor(clock.t / 1000) });
    const rates = (await get('/api/v3/currency-rates')).body as Row;
    expect(rates).toMatchObject({ BTC: '60000.00000000', USD: '1.00000000' });
    expect(Object.keys(rates).sort()).toEqual(['BTC', 'ETH', 'USD', 'USDT']);
    expect((await get('/api/v3/currencies')).body).toContainEqual({ short_name: 'BTC', sign: 'Ƀ' });
    const pairs = (await get('/api/v3/pairs?currency1=BTC&currency2=USD')).body as Row[];
    expect(pairs).toEqual([
      {
        name: 'BTC_USD',
        currency1: 'BTC',
        currency2: 'USD',
        price_precision: 2,
        amount_precision: 6,
        minimum_order_size: 0.000001,
        maximum_order_size: 1000,
        minimum_order_value: 1,
      },
    ]);
    expect((await get('/api/v3/pairs')).body).toHaveLength(5);
    expectCurrentError(await get('/api/v3/pairs?currency1=b!'), 400, 'currency1');
  });

  it('ticker: one object when a pair is named (pair or pair_id), a list otherwise, with both sets of fields', async () => {
    const one = (await get('/api/v3/ticker?pair=BTC_USD')).body as Row;
    expect(one).toMatchObject({
      pair: 'BTC_USD',
      last: 60000,
      buy: 59000,
      sell: 60000,
      vol: 0.2,
      price_precision: 2,
      amount_precision: 6,
      timestamp: clock.t / 1000,
    });
    for (const k of ['open', 'high', 'low', 'diff', 'diff_percent']) expect(typeof one[k]).toBe('number');
    expect((await get('/api/v3/ticker?pair_id=1')).body).toMatchObject({ pair: 'BTC_USD' });
    const all = (await get('/api/v3/ticker')).body as Row[];
    expect(all.map((t) => t.pair)).toEqual(['BTC_USD', 'ETH_USD', 'ETH_BTC', 'BTC_USDT', 'ETH_USDT']);
    expect(((await get('/api/v3/ticker?limit=2&offset=1')).body as Row[]).map((t) => t.pair)).toEqual([
      'ETH_USD',
      'ETH_BTC',
    ]);
    expectCurrentError(await get('/api/v3/ticker?pair=NOPE_USD'), 400, 'pair');
    expectCurrentError(await get('/api/v3/ticker?pair_id=99'), 400, 'pair_id');
  });

  it('order book on /orderbook and /order_book, grouped or not, with limits; pair required', async () => {
    const book = (await get('/api/v3/orderbook?pair=BTC_USD')).body;
    expect(book).toEqual({ buy: [{ amount: 0.2, price: 59000 }], sell: [{ amount: 0.1, price: 60000 }] });
    expect((await get('/api/v3/order_book?pair=BTC_USD&group=1&limit_buy=1&limit_sell=0')).body).toEqual({
      buy: [{ amount: 0.2, price: 59000 }],
      sell: [],
    });
    expectCurrentError(await get('/api/v3/orderbook'), 400, 'pair');
    expectCurrentError(await get('/api/v3/orderbook?pair=BTC_USD&limit_buy=-1'), 400, 'limit_buy');
  });

  it('charts: the documented intervals and the client spelling of a day, at most 500', async () => {
    const hour = (await get('/api/v3/charts?pair=BTC_USD&interval=60')).body as Row[];
    expect(hour.at(-1)).toMatchObject({ open: 60000, close: 60000, high: 60000, low: 60000, volume: 0.2 });
    expect(Object.keys(hour.at(-1) as Row).sort()).toEqual(
      [
        'close',
        'high',
        'low',
        'open',
        'quoteVolume',
        'takerBuyBaseVolume',
        'takerBuyQuoteVolume',
        'time',
        'tradesCount',
        'volume',
      ].sort(),
    );
    expect(hour.at(-1)?.quoteVolume).toBe(12000);
    expect((await get('/api/v3/charts?pair=BTC_USD&interval=1440')).body).toEqual(
      (await get('/api/v3/charts?pair=BTC_USD&interval=1D')).body,
    );
    const err = expectCurrentError(await get('/api/v3/charts?pair=BTC_USD&interval=7&limit=501'), 400, 'interval');
    expect(err.formErrors).toHaveProperty('limit');
    expectCurrentError(await get('/api/v3/charts?interval=60'), 400, 'pair');
  });

  it('trades of a pair, newest first, with limit and offset and the fields of both models', async () => {
    const trades = (await get('/api/v3/trades?pair=BTC_USD')).body as Row[];
    expect(trades).toHaveLength(2);
    expect(trades[0]).toEqual({
      id: 2,
      price: 60000,
      amount: 0.1,
      timestamp: expect.any(Number),
      pair: 'BTC_USD',
      type: 'buy',
      account_id: ex.core.accounts.byApiKey(ALICE.key)?.id,
    });
    expect(((await get('/api/v3/trades?pair=BTC_USD&limit=1&offset=1')).body as Row[]).map((t) => t.id)).toEqual([1]);
    expect((await get('/api/v3/trades?pair=ETH_USD')).body).toEqual([]);
    expectCurrentError(await get('/api/v3/trades'), 400, 'pair');
    expectCurrentError(await get('/api/v3/trades?pair=BTC_USD&limit=abc'), 400, 'limit');
    expectNoNulls(trades);
  });

  it("the server's own 404 and 405 take the shape of the path's dialect", async () => {
    const wrongMethod = await http(`${ex.url}/api/v3/trading/order`, { method: 'GET' });
    expect(wrongMethod).toMatchObject({
      status: 405,
      body: { code: '1405', message: expect.stringMatching(/not allowed/) },
    });
    expect(await http(`${ex.url}/api/v3/time`, { method: 'POST' })).toMatchObject({
      status: 405,
      body: { code: '1405' },
    });
    // A documented path keeps {date, error}; so does a path no route knows.
    expect((await http(`${ex.url}/api/v3/orders`, { method: 'PUT' })).body).toMatchObject({
      error: expect.any(String),
    });
    expect((await get('/api/v3/nope')).body).toMatchObject({
      date: expect.any(Number),
      error: 'Unknown path /api/v3/nope',
    });
  });

  it('public refusals change nothing, and the public rate limit answers 429 in the current shape', async () => {
    const before = fingerprint(ex);
    for (const p of ['/api/v3/trades?pair=X', '/api/v3/charts?pair=BTC_USD', '/api/v3/orderbook?pair=BTC_USD&group=9'])
      expectCurrentError(await get(p), 400);
    let limited: { status: number; body: unknown } | undefined;
    for (let i = 0; i < 120 && limited === undefined; i++) {
      const r = await get('/api/v3/time');
      if (r.status === 429) limited = r;
    }
    expect(limited).toBeDefined();
    expect((limited as { body: Row }).body).toMatchObject({
      code: '1429',
      message: expect.stringMatching(/Rate limit/),
    });
    expect(fingerprint(ex)).toBe(before);
  });
});
