/**
 * The client in the `current` dialect (today's ALP.COM, ../shared/alp-api-current.md) against the strict local
 * stub: the moved v3 paths, v3 public market data, today's answer shapes, `{code,message}` errors, operations the
 * dialect lacks refused before the wire, margin turned into "not offered" on a 404, and a refused connection
 * reported as `not_created` at once.
 */
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { AlpClient, AlpClientDeps } from '../../main/api';
import { NO_MARGIN_MESSAGE } from '../../main/api/margin';
import * as v3 from '../../main/api/wire/v3';
import { validate } from '../../main/api/wire/primitives';
import { failure, KEY, SECRET, stubClient } from './helpers';
import { ok, type Stub, startStub } from './stub-exchange';

const PAIR = {
  name: 'BTC_USD',
  currency1: 'BTC',
  currency2: 'USD',
  price_precision: 2,
  amount_precision: 6,
  maximum_order_size: '100',
  minimum_order_size: '0.0001',
  minimum_order_value: '1',
};

const stubs: Stub[] = [];
afterEach(async () => {
  while (stubs.length) await stubs.pop()?.close();
});

async function stub(): Promise<Stub> {
  const s = await startStub({ [KEY]: SECRET });
  stubs.push(s);
  s.routes.set('GET /api/v3/pairs', () => ok([PAIR]));
  return s;
}

function client(s: { url: string }, extra: Partial<AlpClientDeps> = {}): AlpClient {
  return stubClient(s, { dialect: 'current', ...extra });
}

const ORDER = {
  id: 34,
  account_id: 7,
  pair: 'BTC_USD',
  amount: 0.5,
  price: 0,
  side: 'BID',
  status: 'PENDING',
  type: 'STOP_LIMIT',
  wallet_type: 'SPOT',
  amount_canceled: 0,
  amount_filled: 0,
  date: '2026-03-01T10:00:00Z',
  open_at: '2026-03-01T10:00:00Z',
  tif: 'GTC',
  updated_at: '2026-03-01T10:00:00Z',
  done_at: null,
  expire_after: '3000-01-01T00:00:00Z',
  stop_price: 61000,
  stop_operator: 'GTE',
  client_order_id: 'x',
};

describe('current dialect: public market data under /api/v3', () => {
  it('reads currencies, pairs, tickers (one object or a list), charts, the book and trades from v3 paths', async () => {
    const s = await stub();
    s.routes.set('GET /api/v3/currencies', () => ok([{ short_name: 'BTC', sign: '₿' }]));
    s.routes.set('GET /api/v3/ticker', (r) =>
      ok(
        r.query.get('pair')
          ? {
              pair: 'BTC_USD',
              last: 61000.5,
              open: 60000,
              vol: 12.5,
              buy: 61000,
              sell: 61001,
              high: 62000,
              low: 59000,
              diff: 1000.5,
              diff_percent: 1.67,
              timestamp: 1767225600,
            }
          : [],
      ),
    );
    s.routes.set('GET /api/v3/charts', (r) => {
      expect(r.query.get('pair')).toBe('BTC_USD');
      expect(r.query.get('interval')).toBe('1D');
      return ok([{ time: 1767225600, open: 1, close: 2, low: 0.5, high: 3, volume: 10 }]);
    });
    s.routes.set('GET /api/v3/orderbook', (r) => {
      expect(r.query.get('pair')).toBe('BTC_USD');
      return ok({ buy: [{ amount: 1, price: 100 }], sell: [{ amount: 2, price: 101 }] });
    });
    s.routes.set('GET /api/v3/trades', () =>
      ok([
        { id: 1, price: 100, amount: 0.1, timestamp: 1767225600, pair: 'BTC_USD', type: 'buy' },
        { id: 3, price: 101, amount: 0.2, timestamp: 1767225660, pair: 'BTC_USD', type: 'sell' },
      ]),
    );
    const c = client(s);
    expect(await c.currencies()).toEqual([{ code: 'BTC', sign: '₿' }]);
    expect((await c.pairs())[0]?.name).toBe('BTC_USD');
    const [t] = await c.tickers({ pair: 'BTC_USD' });
    expect(t).toMatchObject({ pair: 'BTC_USD', last: '61000.5', changePct: '1.67', bid: '61000', ask: '61001' });
    expect((await c.candles({ pair: 'BTC_USD', timeframe: 'D' }))[0]?.close).toBe('2');
    const book = await c.orderbook({ pair: 'BTC_USD' });
    expect(book.bids).toEqual([{ price: '100', amount: '1' }]);
    expect((await c.publicTrades({ pair: 'BTC_USD' })).map((x) => x.id)).toEqual([3, 1]);
    expect(s.log.every((r) => r.path.startsWith('/api/v3/'))).toBe(true);
  });
});

describe('current dialect: the account and orders', () => {
  it('reads orders with type, stop price/operator, tif and wallet from /accounts/order; v1 reads map onto v3', async () => {
    const s = await stub();
    s.routes.set('GET /api/v3/accounts/order', () => ok([ORDER]));
    s.routes.set('GET /api/v3/accounts/balances', () =>
      ok([
        { balance: 1.5, reserve: 0.25, currency: 'BTC', wallet_type: 'SPOT', last_update_at: '2026-03-01T10:00:00Z' },
        { balance: 3, reserve: 0, currency: 'BTC', wallet_type: 'FUNDING', last_update_at: '2026-03-01T10:00:00Z' },
        { balance: 2, reserve: 0, currency: 'USD', wallet_type: 'MARGIN_CROSS' },
      ]),
    );
    s.routes.set('GET /api/v3/accounts/accounts', () =>
      ok([
        { id: 7, email: 'a@b', name: 'Main' },
        { id: 8, name: 'Sub', parent_id: 7, email: '' },
      ]),
    );
    const c = client(s);
    const [o] = await c.ordersV3({ openOnly: true });
    expect(o).toMatchObject({
      id: 34,
      side: 'buy',
      type: 'STOP_LIMIT',
      stopPrice: '61000',
      stopOperator: 'GTE',
      tif: 'GTC',
      walletType: 'SPOT',
      status: 'PENDING',
      expireAt: null, // the client's "never" (3000-01-01) is not an expiry
    });
    expect((await c.ownOrders({ status: 'open' })).map((x) => x.id)).toEqual([34]);
    expect(await c.wallets()).toEqual([
      expect.objectContaining({
        currency: 'BTC',
        balance: '1.5', // today's balance is the total: available = balance - reserve
        available: '1.25',
        reserve: '0.25',
        walletType: 'SPOT',
      }),
    ]);
    const all = await c.accountBalances();
    expect(all.map((b) => b.walletType)).toEqual(['SPOT', 'CROSS_MARGIN']); // FUNDING is left out
    expect((await c.accounts()).map((a) => a.parentId)).toEqual([null, 7]);
    const paths = new Set(s.log.map((r) => r.path));
    expect(paths.has('/api/v3/accounts/order')).toBe(true);
    expect([...paths].some((p) => p.startsWith('/api/v1/'))).toBe(false);
  });

  it('places through /trading/order ([id] answer) and cancels by id (map answer) or by pair (202, no body)', async () => {
    const s = await stub();
    const bodies: Record<string, unknown>[] = [];
    s.routes.set('POST /api/v3/trading/order', (r) => {
      bodies.push(JSON.parse(r.body) as Record<string, unknown>);
      return ok([34]);
    });
    s.routes.set('DELETE /api/v3/trading/order', (r) => {
      const b = JSON.parse(r.body) as Record<string, unknown>;
      bodies.push(b);
      if (b.order_ids) return ok({ '34': 'CANCELLED', '35': 'order not found' });
      return { status: 202, body: '' };
    });
    s.routes.set('GET /api/v3/accounts/order', () =>
      ok([{ ...ORDER, id: 40, type: 'LIMIT', status: 'OPEN', price: 100 }]),
    );
    const c = client(s);
    const placed = await c.placeOrderV3({
      pair: 'BTC_USD',
      side: 'buy',
      type: 'LIMIT',
      price: '100',
      amount: '0.5',
      tif: 'FOK',
    });
    expect(placed).toMatchObject({ outcome: 'created', orderId: 34 });
    expect(bodies[0]).toMatchObject({ pair: 'BTC_USD', order_side: 'BUY', order_type: 'LIMIT', tif: 'FOK' });
    // A documented v1 limit order becomes a v3 LIMIT GTC order.
    expect((await c.createOrder({ pair: 'BTC_USD', side: 'sell', price: '100', amount: '0.5' })).orderId).toBe(34);
    expect(bodies[1]).toMatchObject({ order_side: 'SELL', order_type: 'LIMIT', tif: 'GTC' });
    expect(await c.cancelOrdersV3({ orderIds: [34, 35] })).toEqual([34]);
    expect(bodies[2]).toEqual({ order_ids: [34, 35] });
    // Exactly one of order_ids / all / pair: "all of a pair" is the pair alone; the ids come from a read first.
    expect(await c.cancelOrdersV3({ all: true, pair: 'BTC_USD' })).toEqual([40]);
    expect(bodies[3]).toEqual({ pair: 'BTC_USD' });
    // A cancel the exchange refuses for every id is an error with its words.
    s.routes.set('DELETE /api/v3/trading/order', () => ok({ '77': 'order not found' }));
    const e = await failure(c.cancelOrder(77));
    expect(e.kind).toBe('rejected');
    expect(e.message).toContain('order not found');
  });

  it('maps {code, message} and formErrors refusals to rejected with the exchange words', async () => {
    const s = await stub();
    s.routes.set('POST /api/v3/trading/order', () => ({
      status: 400,
      body: '{"code":"1003","message":"invalid order amount"}',
    }));
    s.routes.set('GET /api/v3/accounts/feeinfo', () => ({
      status: 400,
      body: '{"formErrors":{"pair":"unknown pair"}}',
    }));
    const c = client(s);
    const e = await failure(
      c.placeOrderV3({ pair: 'BTC_USD', side: 'buy', type: 'LIMIT', price: '100', amount: '0.5' }),
    );
    expect(e.kind).toBe('rejected');
    expect(e.exchangeMessage).toBe('invalid order amount (code 1003)');
    const f = await failure(c.feeInfo());
    expect(f.exchangeMessage).toBe('pair: unknown pair');
  });

  it('refuses operations the dialect lacks before the wire, and says why', async () => {
    const s = await stub();
    const c = client(s);
    for (const call of [() => c.deposits(), () => c.withdraws(), () => c.walletAddresses(), () => c.withdraw()]) {
      const e = await failure(call());
      expect(e.kind).toBe('unsupported');
      expect(e.message.length).toBeGreaterThan(10);
    }
    expect(s.log).toEqual([]);
    expect(c.supports('deposits')).toMatch(/deposit/i);
    expect(c.supports('placeOrderV3')).toBeNull();
    expect(c.streamUrl).toBe(`${s.url.replace('http:', 'ws:')}/ws`);
    const documented = client(s, { dialect: 'documented' });
    expect(documented.supports('deposits')).toBeNull();
    expect(documented.streamUrl).toBeNull();
  });

  it('turns a margin 404 into "this venue does not offer margin through its API"', async () => {
    const s = await stub();
    s.routes.set('GET /api/v3/margin', () => ({ status: 404, body: '{"code":"404","message":"Not Found"}' }));
    s.routes.set('POST /api/v3/margin/transfer', () => ({ status: 404, body: '' }));
    const c = client(s);
    const e = await failure(c.marginPositions({ isolated: true, cross: true }));
    expect(e.kind).toBe('unsupported');
    expect(e.message).toBe(NO_MARGIN_MESSAGE);
    const t = await failure(c.transfer({ walletType: 'CROSS_MARGIN', direction: 'ADD', currency: 'USD', amount: '1' }));
    expect(t.message).toBe(NO_MARGIN_MESSAGE);
    // Exactly one flag per positions call on today's exchange.
    s.routes.set('GET /api/v3/margin', (r) => {
      expect(r.query.has('isolated_margin') !== r.query.has('cross_margin')).toBe(true);
      return ok([]);
    });
    expect(await c.marginPositions({ isolated: true, cross: true })).toEqual([]);
  });
});

describe('refused connection', () => {
  it('an order whose connection is refused (nothing sent) is not_created at once, without any lookup', async () => {
    const s = await stub();
    // A port nothing listens on: take one and close it.
    const port = await new Promise<number>((resolve) => {
      const srv = createServer();
      srv.listen(0, '127.0.0.1', () => {
        const a = srv.address();
        const p = typeof a === 'object' && a ? a.port : 0;
        srv.close(() => resolve(p));
      });
    });
    // Everything reaches the stub except the order POST, which goes to the dead port (a real refused connect).
    const routed: typeof fetch = (input, init) => {
      const url = String(input);
      return fetch(url.includes('/api/v3/trading/order') ? url.replace(s.url, `http://127.0.0.1:${port}`) : url, init);
    };
    let lookups = 0;
    s.routes.set('GET /api/v3/accounts/order', () => {
      lookups++;
      return ok([]);
    });
    const c = client(s, { fetch: routed });
    const r = await c.placeOrderV3({ pair: 'BTC_USD', side: 'buy', type: 'MARKET', amount: '0.1' });
    expect(r.outcome).toBe('not_created');
    expect(r.message).toMatch(/refused before anything was sent/i);
    expect(lookups).toBe(0);
    // A lost answer (the exchange may have acted) is still looked up, never called not_created blindly.
    s.routes.set('POST /api/v3/trading/order', () => 'drop');
    const lost = await client(s).placeOrderV3({ pair: 'BTC_USD', side: 'buy', type: 'MARKET', amount: '0.1' });
    expect(lost.outcome).not.toBe('created');
    expect(lookups).toBeGreaterThan(0);
  });
});

describe('v3 auth answer', () => {
  it('reads the JWT as a bare JSON string and as {token, expires_at}', () => {
    expect(validate(v3.authSchema, 'a.b.c', 'auth', 'v3 auth')).toEqual({ token: 'a.b.c', expires_at: null });
    expect(validate(v3.authSchema, { token: 'a.b.c' }, 'auth', 'v3 auth').token).toBe('a.b.c');
  });
});
