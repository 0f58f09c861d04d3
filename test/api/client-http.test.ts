import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileNonceStore, createMemoryNonceStore, serializeV1Payload } from '../../main/api';
import type { AlpClient, AlpClientDeps } from '../../main/api';
import { BTC_USD_V1_WIRE } from '../support/pairs';
import { traderClient } from '../support/paper-traders';
import { FakeClock, failure, GENEROUS, KEY, SECRET, startServer, stubClient } from './helpers';
import { ok, type Stub, type StubRequest, startStub } from './stub-exchange';

const PAIRS = [BTC_USD_V1_WIRE];

const stubs: Stub[] = [];
afterEach(async () => {
  while (stubs.length) await stubs.pop()?.close();
});

async function stub(now?: () => number) {
  const s = await startStub({ [KEY]: SECRET, 'other-key': 'other-secret' }, now ? { now } : {});
  stubs.push(s);
  s.routes.set('GET /api/v1/pairs/', () => ok(PAIRS));
  return s;
}

const sleeps: number[] = [];
/** The stub's client, its sleeps recorded rather than slept. */
function client(s: { url: string }, extra: Partial<AlpClientDeps> = {}): AlpClient {
  return stubClient(s, {
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...extra,
  });
}

describe('v1 auth on the wire', () => {
  it('signs GETs over the key only and POSTs over key + the exact form body sent', async () => {
    const s = await stub();
    s.routes.set('GET /api/v1/wallets/', () => ok('[{"currency":"BTC","balance":1.50000000,"reserve":"0.25"}]'));
    s.routes.set('POST /api/v1/order/', (r) =>
      ok({
        success: true,
        type: 'buy',
        date: 1483721079.51632,
        oid: 11268,
        price: 870.69,
        amount: 0.4,
        trades: [{ type: 'sell', price: 870.69, o_id: 11266, amount: 0.1, tid: 6049 }],
        echo: r.body,
      }),
    );
    const T = 1_700_000_000_000;
    const c = client(s, { now: () => T, timeoutMs: 10_000 });
    expect(await c.wallets({ currencyId: 'BTC' })).toEqual([
      {
        currency: 'BTC',
        balance: '1.75',
        reserve: '0.25',
        available: '1.5',
        walletType: 'SPOT',
        pair: null,
        accountId: null,
        updatedAt: null,
      },
    ]);
    const get = s.log.find((r) => r.path === '/api/v1/wallets/');
    expect(get?.query.get('currency_id')).toBe('BTC');
    expect(get?.headers['x-sign']).toBe(createHmac('sha256', SECRET).update(KEY).digest('hex'));
    const res = await c.createOrder({ pair: 'BTC_USD', side: 'buy', price: '870.69', amount: '0.5' });
    const post = s.log.find((r) => r.path === '/api/v1/order/');
    expect(post?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    // The signed form carries the server-side deadline: send time + the client's timeout.
    const validTill = new Date(T + 10_000).toISOString();
    expect(post?.body).toBe(
      serializeV1Payload({ type: 'buy', pair: 'BTC_USD', amount: '0.5', price: '870.69', valid_till: validTill }),
    );
    expect(post?.body).toBe('amount=0.5&pair=BTC_USD&price=870.69&type=buy&valid_till=2023-11-14T22%3A13%3A30.000Z');
    expect(post?.headers['x-sign']).toBe(
      createHmac('sha256', SECRET)
        .update(KEY + post?.body)
        .digest('hex'),
    );
    expect(res).toMatchObject({
      outcome: 'created',
      orderId: 11268,
      order: { amount: '0.5', filled: '0.1', status: 'PARTIAL_FILLED', createdAt: 1483721079516 },
    });
    expect(res.fills).toEqual([
      expect.objectContaining({ id: 6049, orderId: 11268, side: 'buy', price: '870.69', amount: '0.1' }),
    ]);
    expect(s.rejected).toEqual({ nonce: 0, sign: 0, token: 0 });
  });
});

describe('nonces', () => {
  it('500 concurrent private calls (two clients on one key): zero nonce rejections, strictly increasing on arrival', async () => {
    const s = await stub();
    s.routes.set('GET /api/v1/wallets/', () => ok('[]'));
    s.routes.set('POST /api/v1/order-cancel/', (r) => ok({ order: Number(new URLSearchParams(r.body).get('order')) }));
    const store = createMemoryNonceStore();
    const a = client(s, { nonceStore: store });
    const b = client(s, { nonceStore: store });
    const calls = Array.from({ length: 500 }, (_, i) => {
      const c = i % 2 ? a : b;
      return i % 5 === 0 ? c.cancelOrder(i + 1) : c.wallets();
    });
    await Promise.all(calls);
    expect(s.rejected.nonce).toBe(0);
    const arrived = s.log.filter((r) => r.nonce !== null).map((r) => r.nonce as bigint);
    expect(arrived.length).toBe(500);
    for (let i = 1; i < arrived.length; i++) expect((arrived[i] as bigint) > (arrived[i - 1] as bigint)).toBe(true);
  });

  it('keep increasing across a restart (file store), even with the clock behind', async () => {
    const s = await stub();
    s.routes.set('GET /api/v1/deposits/', () =>
      ok('[{"timestamp":1485363039.18359,"id":317,"currency":"BTC","amount":530.00000000}]'),
    );
    const file = join(await mkdtemp(join(tmpdir(), 'alp-client-')), 'nonces.json');
    const fast = () => Date.now() + 3_600_000; // first run's clock an hour ahead
    const c1 = client(s, { nonceStore: createFileNonceStore(file), now: fast });
    for (let i = 0; i < 5; i++) await c1.deposits();
    const c2 = client(s, { nonceStore: createFileNonceStore(file) }); // "restarted" with the real clock
    expect(await c2.deposits()).toEqual([{ id: 317, currency: 'BTC', amount: '530', time: 1485363039184 }]);
    expect(s.rejected.nonce).toBe(0);
  });

  it('a nonce rejection resyncs and resends once', async () => {
    const s = await stub();
    s.routes.set('GET /api/v1/wallets/', () => ok('[]'));
    s.lastNonce.set(KEY, BigInt(Date.now()) + 10_000_000n); // another program used the key with bigger nonces
    const c = client(s);
    expect(await c.wallets()).toEqual([]);
    expect(s.rejected.nonce).toBe(1);
    expect(c.traces().map((t) => t.errorCode)).toEqual(['nonce', null]);
  });

  it('gives up after one resend with a nonce error', async () => {
    const s = await stub();
    let n = 0;
    s.routes.set('GET /api/v1/wallets/', () => {
      n++;
      return ok({ error: 'Invalid nonce: 5 is not greater than 9' }, 401);
    });
    const e = await failure(client(s).wallets());
    expect(e.kind).toBe('nonce');
    expect(n).toBe(2);
  });
});

describe('retries and failures', () => {
  it('GETs retry 5xx with backoff and jitter, up to 3 attempts', async () => {
    const s = await stub();
    let n = 0;
    s.routes.set('GET /api/v1/currencies/', () =>
      ++n < 3 ? ok('{"error":"busy"}', 503) : ok('[{"sign":"Ƀ","short_name":"BTC"}]'),
    );
    sleeps.length = 0;
    const c = client(s, { random: () => 0.9 });
    expect(await c.currencies()).toEqual([{ code: 'BTC', sign: 'Ƀ' }]);
    expect(sleeps).toEqual([350, 700]); // 250 * 2^(k-1) * (0.5 + 0.9)
    expect(c.traces().map((t) => [t.attempt, t.status, t.outcome])).toEqual([
      [1, 503, 'error'],
      [2, 503, 'error'],
      [3, 200, 'ok'],
    ]);
    n = -10;
    const e = await failure(c.currencies());
    expect([e.kind, e.status, e.exchangeMessage]).toEqual(['network', 503, 'busy']);
  });

  it('network errors and timeouts are typed; GETs are retried', async () => {
    const dead = await startServer(() => undefined);
    const url = dead.url;
    await dead.close();
    const e1 = await failure(client({ url }).currencies());
    expect(e1.kind).toBe('network');
    const s = await stub();
    let n = 0;
    s.routes.set('GET /api/v1/ticker/', () => (++n === 1 ? 'hang' : ok('[]')));
    const c = client(s, { timeoutMs: 500 });
    expect(await c.tickers()).toEqual([]);
    expect(c.traces().map((t) => t.errorCode)).toEqual(['timeout', null]);
    s.routes.set('GET /api/v1/ticker/', () => 'hang');
    expect((await failure(c.tickers())).kind).toBe('timeout');
  });

  it('maps exchange errors: rejected (400, or 200 with error), auth, rate limit retried, unsupported', async () => {
    const s = await stub();
    s.routes.set('POST /api/v1/order/', () =>
      ok({ date: 1570599531.48143, error: 'Out of balance -9.99243661 BTC' }, 400),
    );
    s.routes.set('GET /api/v1/withdraws/', () => ok({ date: 1, error: 'Something wrong' }));
    const c = client(s);
    const e = await failure(c.createOrder({ pair: 'BTC_USD', side: 'buy', price: '870', amount: '1' }));
    expect([e.kind, e.status, e.exchangeMessage]).toEqual(['rejected', 400, 'Out of balance -9.99243661 BTC']);
    expect((await failure(c.withdraws())).kind).toBe('rejected');
    const bad = traderClient(s.url, { key: KEY, secret: 'wrong' }, { limits: GENEROUS });
    const ea = await failure(bad.deposits());
    expect(ea.kind).toBe('auth');
    expect(ea.message).not.toContain('wrong');
    let n = 0;
    s.routes.set('GET /api/v1/currencies/', () =>
      ++n === 1 ? ok({ error: 'Rate limit exceeded: 2 calls per second' }, 429) : ok('[]'),
    );
    expect(await c.currencies()).toEqual([]);
    expect((await failure(c.walletAddresses())).kind).toBe('unsupported');
    expect((await failure(c.withdraw())).message).toMatch(/not yet offered by the exchange/);
  });

  it('malformed responses name the field; non-JSON is malformed', async () => {
    const s = await stub();
    s.routes.set('GET /api/v1/orders/own/', () =>
      ok(
        '[{"amount":1,"pair":"BTC_USD","type":"buy","status":1,"price":1,"id":1},{"amount":"x","pair":"BTC_USD","type":"buy","status":1,"price":1,"id":2}]',
      ),
    );
    s.routes.set('GET /api/v1/deposits/', () => ok('<html>oops</html>'));
    const c = client(s);
    const e = await failure(c.ownOrders());
    expect([e.kind, e.field]).toEqual(['malformed', 'orders[1].amount']);
    expect((await failure(c.deposits())).kind).toBe('malformed');
  });

  it('validation happens before the wire, with a message saying what to change', async () => {
    const s = await stub();
    const c = client(s);
    const e = await failure(c.createOrder({ pair: 'BTC_USD', side: 'buy', price: '870.123', amount: '1' }));
    expect([e.kind, e.field, e.message]).toEqual([
      'validation',
      'price',
      'Price 870.123 has 3 decimals; BTC_USD allows 2. Use 870.12.',
    ]);
    expect(
      (await failure(c.createOrder({ pair: 'NOPE_USD', side: 'buy', price: '1', amount: '1' }))).message,
    ).toContain('Unknown pair NOPE_USD');
    expect((await failure(c.candles({ pair: 'BTC_USD', timeframe: '7' as never }))).field).toBe('timeframe');
    expect((await failure(c.marginPositions({}))).kind).toBe('validation');
    expect(s.log.filter((r) => r.path !== '/api/v1/pairs/')).toEqual([]);
  });
});

describe('credentials never leave the client inside an error', () => {
  it('cuts the secret, signature and token out of what an echoing exchange says', async () => {
    const s = await stub();
    const seen: string[] = [];
    const echo = (r: StubRequest) => {
      const told = [r.headers['x-sign'], r.headers.authorization, r.body].map(String).join(' | ');
      seen.push(told);
      return ok({ error: `bad request: ${told} secret=${SECRET}` }, 400);
    };
    s.routes.set('POST /api/v1/order-cancel/', echo);
    s.routes.set('DELETE /api/v3/orders', echo);
    const c = client(s);
    const v1 = await failure(c.cancelOrder(5));
    const v3 = await failure(c.cancelOrdersV3({ all: true, pair: 'BTC_USD' }));
    expect(seen).toHaveLength(2);
    const sign = String(seen[0]?.split(' | ')[0]);
    const bearer = String(seen[1]?.split(' | ')[1]).replace('Bearer ', '');
    expect(sign).toMatch(/^[0-9a-f]{64}$/);
    expect(bearer.length).toBeGreaterThan(20);
    for (const e of [v1, v3]) {
      const text = `${e.message} ${e.exchangeMessage}`;
      expect(text).toContain('[redacted]');
      for (const credential of [SECRET, sign, bearer]) expect(text).not.toContain(credential);
    }
  });
});

describe('uncertain order POSTs are resolved, never resent', () => {
  it('v1: timeout, then found among own orders -> created', async () => {
    const s = await stub();
    let posts = 0;
    let created = false;
    s.routes.set('POST /api/v1/order/', () => {
      posts++;
      created = true;
      return 'hang';
    });
    s.routes.set('GET /api/v1/orders/own/', (r) => {
      expect(r.query.get('pair')).toBe('BTC_USD');
      return ok(
        created
          ? [
              {
                id: 77,
                pair: 'BTC_USD',
                type: 'sell',
                status: 1,
                price: '900.10',
                amount: '0.25',
                amount_filled: '0',
                date: Date.now(),
              },
              {
                id: 5,
                pair: 'BTC_USD',
                type: 'sell',
                status: 1,
                price: '900.10',
                amount: '0.25',
                date: Date.now() - 3_600_000,
              },
            ]
          : [],
      );
    });
    const res = await client(s, { timeoutMs: 500 }).createOrder({
      pair: 'BTC_USD',
      side: 'sell',
      price: '900.1',
      amount: '0.25',
    });
    expect(res).toMatchObject({ outcome: 'created', orderId: 77, order: { id: 77, status: 'OPEN' } });
    expect(posts).toBe(1);
  });

  it('v1: dropped connection and no such order -> not created where valid_till is honoured, else unknown; lookups failing -> unknown', async () => {
    const s = await stub();
    let posts = 0;
    s.routes.set('POST /api/v1/order/', () => {
      posts++;
      return 'drop';
    });
    s.routes.set('GET /api/v1/orders/own/', () => ok([]));
    const c = client(s, { honoursValidTill: { v1: true } });
    const r1 = await c.createOrder({ pair: 'BTC_USD', side: 'buy', price: '800', amount: '0.25' });
    expect([r1.outcome, r1.orderId]).toEqual(['not_created', null]);
    expect(r1.message).toMatch(/refuses the request after its deadline/);
    // The last lookup waited out the deadline plus the clock skew (the stub's sleeps are recorded, not slept).
    expect(Math.max(...sleeps)).toBeGreaterThan(10_000);
    // Without a deadline the venue honours, "not there yet" is not "not created": it could still arrive.
    const r0 = await client(s).createOrder({ pair: 'BTC_USD', side: 'buy', price: '800', amount: '0.25' });
    expect([r0.outcome, r0.orderId]).toEqual(['unknown', null]);
    expect(r0.message).toMatch(/could still reach the exchange late/);
    s.routes.set('GET /api/v1/orders/own/', () => ok({ error: 'down' }, 500));
    const r2 = await c.createOrder({ pair: 'BTC_USD', side: 'buy', price: '800', amount: '0.25' });
    expect(r2.outcome).toBe('unknown');
    expect(r2.message).toMatch(/Check your open orders/);
    expect(posts).toBe(3);
  });

  it('an order POST whose connection is refused was never sent: not created at once, no lookups', async () => {
    const s = await stub();
    const c = client(s);
    await c.pairs(); // the pair rules are cached, so the order itself is the first request refused
    let lookups = 0;
    s.routes.set('GET /api/v1/orders/own/', () => {
      lookups++;
      return ok([]);
    });
    await s.close();
    const v1res = await c.createOrder({ pair: 'BTC_USD', side: 'buy', price: '800', amount: '0.25' });
    expect([v1res.outcome, v1res.orderId]).toEqual(['not_created', null]);
    expect(v1res.message).toMatch(/ECONNREFUSED.*refused before anything was sent/);
    const v3res = await c.placeOrderV3({ pair: 'BTC_USD', side: 'buy', type: 'LIMIT', price: '800', amount: '0.25' });
    expect(v3res.outcome).toBe('not_created');
    expect(lookups).toBe(0);
  });

  it('v1: an identical order already known before the send is never taken for the lost one', async () => {
    const s = await stub();
    const earlier = { id: 41, pair: 'BTC_USD', type: 'buy', status: 1, price: '800', amount: '0.25', date: Date.now() };
    s.routes.set('GET /api/v1/orders/own/', () => ok([earlier]));
    const c = client(s, { timeoutMs: 500 });
    // The account feed lists open orders through the same client, so order 41 is known before the next send.
    expect((await c.ownOrders({ status: 'open' })).map((o) => o.id)).toEqual([41]);
    s.routes.set('POST /api/v1/order/', () => 'hang');
    const res = await c.createOrder({ pair: 'BTC_USD', side: 'buy', price: '800', amount: '0.25' });
    // Order 41 is not taken for it; with no deadline honoured on v1, absence is only "unknown".
    expect([res.outcome, res.orderId]).toEqual(['unknown', null]);
  });

  it('v1 and v3: a success answer that cannot be read is resolved by looking, not reported as a failure', async () => {
    const s = await stub();
    let created = false;
    s.routes.set('POST /api/v1/order/', () => {
      created = true;
      return { status: 200, body: '{"success": true, "oid": ' };
    });
    s.routes.set('GET /api/v1/orders/own/', () =>
      ok(
        created
          ? [{ id: 90, pair: 'BTC_USD', type: 'buy', status: 1, price: '800', amount: '0.25', date: Date.now() }]
          : [],
      ),
    );
    const c = client(s);
    const v1res = await c.createOrder({ pair: 'BTC_USD', side: 'buy', price: '800', amount: '0.25' });
    expect([v1res.outcome, v1res.orderId]).toEqual(['created', 90]);
    s.routes.set('POST /api/v3/orders', () => ({ status: 201, body: '{"order_id": 34}' }));
    s.routes.set('GET /api/v3/orders', () => ok([]));
    const v3res = await c.placeOrderV3({ pair: 'BTC_USD', side: 'buy', type: 'LIMIT', price: '800', amount: '0.25' });
    expect(v3res.outcome).not.toBe('created');
  });

  it('v3: timeout, then found by client_order_id -> created; the POST went out once', async () => {
    const s = await stub();
    let posts = 0;
    let coid = '';
    s.routes.set('POST /api/v3/orders', (r) => {
      posts++;
      coid = (JSON.parse(r.body) as { client_order_id: string }).client_order_id;
      return 'hang';
    });
    s.routes.set('GET /api/v3/orders', () =>
      ok(
        `[{"id":34,"account_id":25,"pair":"BTC_USD","wallet_type":"SPOT","side":"BUY","type":"LIMIT","tif":"GTC","price":20450.05,"stop_price":0,"amount":0.05,"amount_filled":0,"amount_cancelled":0,"status":"OPEN","date":"${new Date().toISOString()}","client_order_id":"${coid}"}]`,
      ),
    );
    const res = await client(s, { timeoutMs: 500 }).placeOrderV3({
      pair: 'BTC_USD',
      side: 'buy',
      type: 'LIMIT',
      price: '20450.05',
      amount: '0.05',
    });
    expect(res).toMatchObject({ outcome: 'created', orderId: 34, clientOrderId: coid });
    expect(coid).toMatch(/^alpt-/);
    expect(posts).toBe(1);
  });

  it('cancel after a timeout reads the order instead of resending', async () => {
    // Order 9 as GET /api/v1/order/ answers it, in the v1 status given (1 active, 2 cancelled).
    const order9 = (status: string) => ({
      id: 9,
      date: Date.now(),
      pair: 'BTC_USD',
      type: 'buy',
      price: 1,
      amount: 1,
      amount_filled: '0',
      amount_original: 1,
      status,
    });
    const s = await stub();
    let posts = 0;
    s.routes.set('POST /api/v1/order-cancel/', () => {
      posts++;
      return 'hang';
    });
    s.routes.set('GET /api/v1/order/9/', () => ok(order9('2')));
    const c = client(s, { timeoutMs: 500 });
    await c.cancelOrder(9);
    s.routes.set('GET /api/v1/order/9/', () => ok(order9('1')));
    const e = await failure(c.cancelOrder(9));
    expect(e.kind).toBe('timeout');
    expect(e.message).toMatch(/order is OPEN, cancel it again/);
    expect(posts).toBe(2);
  });
});

describe('v3 auth', () => {
  it('fetches a JWT once, sends Bearer + body X-SIGN, refreshes before exp and once after a 401', async () => {
    const clock = { t: Date.now() };
    const now = () => clock.t;
    const s = await stub(now);
    s.routes.set('GET /api/v3/feeinfo', () =>
      ok(
        '[{"name":"a","account_id":25,"is_active":true,"currency":"","pair":"BTC_USDT","taker_fee_rate":0.02,"maker_fee_rate":"0.01","fee_currency":"USDT","priority":1}]',
      ),
    );
    s.routes.set('DELETE /api/v3/orders', (r) => {
      expect(JSON.parse(r.body)).toEqual({ order_ids: [1, 5, 8], all: false, pair: '' });
      return ok('[1,5]', 202);
    });
    s.routes.set('POST /api/v3/margin/borrow', (r) => {
      expect(r.body).toBe(
        '{"currency":"ETH","pair":"","wallet_type":"CROSS_MARGIN","type":"LOAN_MANUAL","borrow":0.30}'.replace(
          '0.30',
          '0.3',
        ),
      );
      return ok('');
    });
    const c = client(s, { now });
    expect(await c.feeInfo()).toEqual([
      {
        accountId: 25,
        name: 'a',
        active: true,
        currency: null,
        pair: 'BTC_USDT',
        takerRate: '0.02',
        makerRate: '0.01',
        feeCurrency: 'USDT',
        priority: 1,
      },
    ]);
    expect(await c.cancelOrdersV3({ orderIds: [1, 5, 8] })).toEqual([1, 5]);
    await c.borrow({ currency: 'ETH', walletType: 'CROSS_MARGIN', type: 'LOAN_MANUAL', amount: '0.30' });
    expect(s.authCalls).toBe(1);
    const authReq = s.log.find((r) => r.path === '/api/v3/auth');
    expect(JSON.parse(authReq?.body ?? '')).toEqual({ api_key: KEY, api_secret: SECRET });
    clock.t += 850_000; // within the refresh margin of the 900 s token
    await c.feeInfo();
    expect(s.authCalls).toBe(2);
    s.revokeTokens();
    await c.feeInfo();
    expect(s.authCalls).toBe(3);
    expect(s.rejected).toEqual({ nonce: 0, sign: 0, token: 1 });
    s.routes.set('DELETE /api/v3/orders', () => ok('', 204));
    expect(await c.cancelOrdersV3({ all: true, pair: 'BTC_USD' })).toEqual([]);
  });

  it('traces and errors never hold the secret, signature or token', async () => {
    const s = await stub();
    s.routes.set('GET /api/v3/accounts', () => ok('[{"id":25,"name":"main","email":"e@x","id_parent":0}]'));
    s.routes.set('GET /api/v1/wallets/', () => ok('[]'));
    s.routes.set('POST /api/v3/margin/repay', () => ok({ error: 'nope' }, 400));
    const c = client(s);
    const seen: unknown[] = [];
    c.onTrace((t) => seen.push(t));
    await c.accounts({ includeSubaccounts: true });
    await c.wallets();
    const e = await failure(c.repay({ walletType: 'CROSS_MARGIN', type: 'LOAN_MANUAL', currency: 'ETH', amount: '1' }));
    const secrets = [
      SECRET,
      ...s.log
        .flatMap((r) => [
          String(r.headers['x-sign'] ?? ''),
          String(r.headers.authorization ?? '').replace('Bearer ', ''),
        ])
        .filter((x) => x.length > 8),
    ];
    const dump = JSON.stringify([c.traces(), seen, e.message, String(e), JSON.stringify(e)]);
    for (const x of secrets) expect(dump).not.toContain(x);
    expect(c.traces().map((t) => t.operation)).toEqual(['v3 auth', 'accounts', 'wallets', 'repay']);
    expect(c.traces()[2]?.nonce).toMatch(/^\d+$/);
    expect(seen.length).toBe(4);
  });
});

describe('history windows over HTTP', () => {
  it('a 75-day range becomes three calls of at most 30 days, merged in time order', async () => {
    const s = await stub();
    const DAY = 86_400_000;
    const from = Date.UTC(2024, 0, 1);
    s.routes.set('GET /api/v3/accounts/trades', (r) => {
      const st = Date.parse(r.query.get('start_time') ?? '');
      const en = Date.parse(r.query.get('end_time') ?? '');
      expect(en - st).toBeLessThanOrEqual(30 * DAY);
      const t = (ms: number) => new Date(ms).toISOString();
      return ok(
        `[{"date":"${t(en - 1000)}","side":"SELL","price":2,"amount":1,"fee_amount":0.1,"pair":"BTC_USDT","wallet_type":"SPOT"},{"date":"${t(st)}","side":"BUY","price":1,"amount":1,"fee_amount":0.1,"pair":"BTC_USDT","wallet_type":"SPOT"}]`,
      );
    });
    const got = await client(s).accountTrades({ from, to: from + 75 * DAY, pair: 'BTC_USDT' });
    const calls = s.log.filter((r) => r.path === '/api/v3/accounts/trades');
    expect(calls.map((r) => [r.query.get('start_time'), r.query.get('end_time')])).toEqual([
      [new Date(from).toISOString(), new Date(from + 30 * DAY).toISOString()],
      [new Date(from + 30 * DAY).toISOString(), new Date(from + 60 * DAY).toISOString()],
      [new Date(from + 60 * DAY).toISOString(), new Date(from + 75 * DAY).toISOString()],
    ]);
    expect(got.length).toBe(6);
    for (let i = 1; i < got.length; i++) expect((got[i]?.time ?? 0) >= (got[i - 1]?.time ?? 0)).toBe(true);
  });
});

describe('pacing against a real server with an injected clock', () => {
  it('a cancel jumps queued reads, an awaited read follows it, background reads each leave a slot free', async () => {
    const clock = new FakeClock(Date.now());
    const s = await stub();
    const arrivals: string[] = [];
    s.routes.set('GET /api/v1/wallets/', () => {
      arrivals.push('read');
      return ok('[]');
    });
    s.routes.set('POST /api/v1/order-cancel/', () => {
      arrivals.push('cancel');
      return ok({ order: 1 });
    });
    const c = traderClient(s.url, { key: KEY, secret: SECRET }, { now: clock.now, sleep: clock.sleep });
    const ps: Promise<unknown>[] = [c.wallets(), c.wallets()];
    await new Promise((r) => setTimeout(r, 30));
    ps.push(c.cancelOrder(1), c.wallets({ urgent: true }));
    let settled = false;
    void Promise.all(ps).then(() => {
      settled = true;
    });
    while (!settled) {
      await clock.advance(50, 10);
      await new Promise((r) => setTimeout(r, 2));
    }
    expect(arrivals).toEqual(['cancel', 'read', 'read', 'read']);
    // dispatch times on the injected clock (arrival times would include real I/O while the fake clock runs)
    const sent = c.traces().map((t) => ({ at: t.startedAt, done: t.startedAt + (t.latencyMs ?? 0) }));
    expect(sent.length).toBe(4);
    // each background read went only when no call held a slot: a window and the margin after the last answer
    for (const i of [2, 3]) {
      const prev = sent[i - 1] as { done: number };
      expect((sent[i]?.at ?? 0) - prev.done).toBeGreaterThanOrEqual(1050);
    }
    expect(c.privateBudget()).toMatchObject({ limit: 2, windowMs: 1050, queued: 0 });
  });
});
