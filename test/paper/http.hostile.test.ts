import { connect } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseRfc3339 } from '../../main/paper/http/validate';
import type { PaperExchangeInternals } from '../../main/paper/index';
import { rawExchange, requestBytes } from './rawHttp';
import { ALICE, TestClock, V1Client, V3Client, http, startQuiet, stateText } from './helpers';

type Row = Record<string, unknown>;

const withoutAccounts = (text: string): Row =>
  Object.fromEntries(Object.entries(JSON.parse(text) as Row).filter(([k]) => k !== 'accounts'));

/** A JSON 4xx in the documented dialect naming what was wrong. */
function expectRefusal(r: { status: number; body: string }, status: number, message: RegExp): void {
  expect(r.status).toBe(status);
  const body = JSON.parse(r.body) as Row;
  expect(typeof body.date).toBe('number');
  expect(body.error).toMatch(message);
}

describe('the paper exchange refuses hostile input with a JSON 4xx and keeps serving', () => {
  let clock: TestClock;
  let ex: PaperExchangeInternals;
  let alice: V1Client;
  let alice3: V3Client;

  beforeEach(async () => {
    clock = new TestClock();
    ex = await startQuiet(clock, {
      limits: { headersTimeoutMs: 400, requestTimeoutMs: 800, bodyTimeoutMs: 400 },
    });
    alice = new V1Client(ex.url, clock, ALICE);
    alice3 = new V3Client(ex.url, clock, ALICE);
    expect((await alice3.login()).status).toBe(200);
  });
  afterEach(async () => {
    await ex.close();
  });

  const send = async (method: string, target: string, headers: Array<[string, string]> = [], body = '') => {
    const r = await rawExchange(ex.port, requestBytes(method, target, headers, body));
    if (r === null) throw new Error('no answer');
    return r;
  };
  const stillServing = async (): Promise<void> => {
    expect((await http(`${ex.url}/api/v1/currencies`)).status).toBe(200);
  };

  it('malformed %-escapes in a path or a query are a 400 naming the part', async () => {
    expectRefusal(await send('GET', '/api/v1/orderbook/%E0%A4%A'), 400, /^Invalid path segment: malformed %-escape$/);
    expectRefusal(await send('GET', '/api/charts/BTC_USD/%/chart'), 400, /path segment/);
    expectRefusal(await send('GET', '/api/v1/ticker?pair=%E0%A4%A'), 400, /^Invalid query parameter pair: malformed/);
    expectRefusal(await send('GET', '/api/v1/ticker?%zz=1'), 400, /^Invalid query parameter name: malformed/);
    // Escapes that decode are fine; a valid but unknown pair is still a 404.
    expect((await send('GET', '/api/v1/orderbook/BTC%5FUSD')).status).toBe(200);
    expect((await send('GET', '/api/v1/orderbook/%C3%A9')).status).toBe(404);
    await stillServing();
  });

  it('dates that are not calendar instants are refused by the shared validator', async () => {
    expect(parseRfc3339('2024-02-29T00:00:00Z')).toBe(Date.UTC(2024, 1, 29));
    expect(parseRfc3339('2000-02-29T23:59:59.5+01:30')).toBe(Date.UTC(2000, 1, 29, 22, 29, 59, 500));
    for (const bad of [
      '2099-02-31T00:00:00Z',
      '9999-99-99T00:00:00Z',
      '2023-02-29T00:00:00Z',
      '2100-02-29T00:00:00Z',
      '0000-01-01T00:00:00Z',
      '1969-12-31T23:59:59Z',
      '2024-01-01T24:00:00Z',
      '2024-01-01T00:60:00Z',
      '2024-01-01T00:00:00+24:00',
      '+275760-09-13T00:00:00Z',
      '2024-01-01',
    ]) {
      expect(parseRfc3339(bad), bad).toBeNull();
      const r = await alice3.call('GET', `/api/v3/orders?start_time=${encodeURIComponent(bad)}`);
      expect(r.status, bad).toBe(400);
      expect((r.body as Row).error).toMatch(/^Invalid start_time: must be an RFC 3339 date/);
    }
    expect((await alice3.call('GET', '/api/v3/orders?start_time=2024-01-01T00:00:00Z')).status).toBe(200);
  });

  it('numbers beyond the engine range or a safe integer are a 400 naming the field, changing nothing', async () => {
    const before = stateText(ex);
    const sell = await alice.post('/api/v1/order/', {
      type: 'sell',
      pair: 'BTC_USD',
      amount: '0.001',
      price: '100000000000000',
    });
    expect(sell.status).toBe(400);
    expect((sell.body as Row).error).toBe('Invalid price: must be at most 90071992547409.91');
    const huge = await alice3.call('POST', '/api/v3/orders', {
      pair: 'ETH_BTC',
      order_side: 'BUY',
      order_type: 'STOP_LIMIT',
      limit_price: 0.05,
      stop_price: '9007199254.740992',
      base_amount: 1,
    });
    expect(huge.status).toBe(400);
    expect((huge.body as Row).error).toMatch(/^Invalid stop_price: must be at most 9007199254\.740991$/);
    const digits = await alice3.call('POST', '/api/v3/orders', {
      pair: 'BTC_USD',
      order_side: 'BUY',
      order_type: 'LIMIT',
      limit_price: '1',
      base_amount: '1'.repeat(30),
    });
    expect((digits.body as Row).error).toMatch(/^Invalid base_amount: must be a non-negative decimal number/);
    expect((await alice.get('/api/v1/order/9007199254740993/')).body).toMatchObject({
      error: 'Invalid id: must be at most 9007199254740991',
    });
    expect((await alice.get('/api/v1/orders/own/?limit=100001')).body).toMatchObject({
      error: 'Invalid limit: must be at most 100000',
    });
    expect((await alice.post('/api/v1/order-cancel/', { order: '99999999999999999' })).body).toMatchObject({
      error: 'Invalid order: must be a non-negative integer',
    });
    // Only the nonces of the refused v1 calls were recorded.
    expect(withoutAccounts(stateText(ex))).toEqual(withoutAccounts(before));
  });

  it('prototype keys in JSON or form bodies are refused, and in a query ignored, reading nothing through them', async () => {
    const before = stateText(ex);
    const raw = '{"__proto__": {"order_side": "BUY"}, "pair": "BTC_USD", "order_type": "LIMIT"}';
    // JSON.parse makes __proto__ an own key, which JSON.stringify writes back: the body is sent as written.
    const r = await alice3.call('POST', '/api/v3/orders', JSON.parse(raw));
    expect(r.status).toBe(400);
    expect((r.body as Row).error).toBe('Invalid body: key "__proto__" is not allowed');
    const nested = '{"pair": "BTC_USD", "x": [{"constructor": {"prototype": 1}}]}';
    expectRefusal(
      await send('POST', '/api/v3/orders', [['content-type', 'application/json']], nested),
      400,
      /key "constructor"/,
    );
    expectRefusal(
      await send('POST', '/api/v1/order', [['content-type', 'application/x-www-form-urlencoded']], 'prototype=1&a=2'),
      400,
      /^Invalid body: key "prototype" is not allowed$/,
    );
    expect((await send('GET', '/api/v1/ticker?__proto__=x&constructor=y')).status).toBe(200);
    expect(stateText(ex)).toBe(before);
    expect(Object.prototype).not.toHaveProperty('order_side');
  });

  it('names of Object.prototype are no timeframe or interval (toString, constructor, __proto__)', async () => {
    for (const name of ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf']) {
      const v1 = await http(`${ex.url}/api/charts/BTC_USD/${name}/chart`);
      expect(v1.status, `v1 timeframe ${name}`).toBe(404);
      expect((v1.body as Row).error).toMatch(/^Unknown timeframe /);
      const current = await http(`${ex.url}/api/v3/charts?pair=BTC_USD&interval=${name}`);
      expect(current.status, `current interval ${name}`).toBe(400);
      expect((current.body as { formErrors: Row }).formErrors.interval).toMatch(/^must be one of /);
    }
    // The real names still work.
    expect((await http(`${ex.url}/api/charts/BTC_USD/D/chart`)).status).toBe(200);
    expect((await http(`${ex.url}/api/v3/charts?pair=BTC_USD&interval=1D`)).status).toBe(200);
  });

  it('an oversized body is a 413 on a closed connection; the server keeps serving', async () => {
    const big = 'a='.padEnd((1 << 20) + 10, 'x');
    const r = await send('POST', '/api/v1/order', [['content-type', 'application/x-www-form-urlencoded']], big);
    expectRefusal(r, 413, /^Request body too large: at most 1048576 bytes$/);
    expect(r.headers.connection).toBe('close');
    // Declared too large: refused before a byte of body is read.
    const declared = await rawExchange(
      ex.port,
      'POST /api/v1/order HTTP/1.1\r\nhost: x\r\ncontent-length: 5000000\r\n\r\n',
      { halfClose: false },
    );
    expect(declared?.status).toBe(413);
    await stillServing();
  });

  it('slow headers and slow bodies are cut off with a 408 and the connection closed', async () => {
    const slowHead = await rawExchange(ex.port, 'GET /api/v1/currencies HTTP/1.1\r\nhost: x\r\n', {
      halfClose: false,
    });
    expect(slowHead?.status).toBe(408);
    expect(JSON.parse(slowHead?.body ?? '')).toMatchObject({ error: 'Request not received in time' });
    const slowBody = await rawExchange(
      ex.port,
      'POST /api/v1/order HTTP/1.1\r\nhost: x\r\ncontent-type: application/x-www-form-urlencoded\r\ncontent-length: 50\r\n\r\ntype=buy',
      { halfClose: false },
    );
    expect(slowBody?.status).toBe(408);
    expect(JSON.parse(slowBody?.body ?? '')).toMatchObject({ error: 'Request body not received within 400 ms' });
    await stillServing();
  });

  it('too many or too large headers are a 431, malformed HTTP a 400, all JSON; resets never hurt', async () => {
    const many = Array.from({ length: 150 }, (_, i): [string, string] => [`x-h${i}`, 'v']);
    expectRefusal(await send('GET', '/api/v1/currencies', many), 431, /^Too many headers: at most 100$/);
    expectRefusal(await send('GET', '/api/v1/currencies', [['x-big', 'v'.repeat(20_000)]]), 431, /too large/);
    expectRefusal((await rawExchange(ex.port, 'GARBAGE\r\n\r\n')) ?? { status: 0, body: '' }, 400, /^Malformed/);
    const smuggle = requestBytes('POST', '/api/v1/order', [
      ['content-length', '3'],
      ['transfer-encoding', 'chunked'],
    ]);
    expect((await rawExchange(ex.port, smuggle))?.status).toBe(400);
    expect((await rawExchange(ex.port, Buffer.from([0, 1, 2, 255, 254, 13, 10, 13, 10])))?.status).toBe(400);
    // A peer that resets mid-request, or right after connecting.
    for (const bytes of ['', 'POST /api/v1/order HTTP/1.1\r\nhost: x\r\ncontent-length: 100\r\n\r\nab']) {
      await new Promise<void>((resolve) => {
        const s = connect(ex.port, '127.0.0.1', () => {
          s.write(bytes);
          s.resetAndDestroy();
          resolve();
        });
        s.on('error', () => resolve());
      });
    }
    await stillServing();
  });

  it('WebSocket upgrades to targets that are no path are a 400 on a closed socket; resets never hurt', async () => {
    // `new URL` throws on some of these; inside the server's upgrade listener that used to end the process.
    const upgrade = (target: string): string =>
      [
        `GET ${target} HTTP/1.1`,
        'Host: 127.0.0.1',
        'Upgrade: websocket',
        'Connection: Upgrade',
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
        'Sec-WebSocket-Version: 13',
        '',
        '',
      ].join('\r\n');
    for (const target of ['//', '///', '//a:b', '//a:b/ws', '//ws', 'ws', '*', 'http://[::1', 'http://x/ws']) {
      const r = await rawExchange(ex.port, upgrade(target), { halfClose: false });
      expect(r?.status, `upgrade to ${target}`).toBe(400);
      await stillServing();
    }
    expect((await rawExchange(ex.port, upgrade('/nope'), { halfClose: false }))?.status).toBe(404);
    // Sent and reset at once, for each target (the answer is written to a socket already gone).
    for (const target of ['//', '//a:b', '/ws', '/nope']) {
      await new Promise<void>((resolve) => {
        const s = connect(ex.port, '127.0.0.1', () => {
          s.write(upgrade(target));
          s.resetAndDestroy();
          resolve();
        });
        s.on('error', () => resolve());
      });
    }
    await stillServing();
  });

  it('a nonce beyond the bound is refused without being accepted, so it cannot lock the key out', async () => {
    const before = stateText(ex);
    const thirty = await alice.get('/api/v1/wallets/', { 'X-NONCE': '9'.repeat(30) });
    expect(thirty.status).toBe(400);
    expect((thirty.body as Row).error).toMatch(/^Invalid X-NONCE: more than one day ahead/);
    expect((thirty.body as Row).error).not.toMatch(/\d{5}/); // nothing a client could "resync" to
    const twoDays = await alice.get('/api/v1/wallets/', { 'X-NONCE': String(clock.t + 2 * 86_400_000) });
    expect(twoDays.status).toBe(400);
    expect(stateText(ex)).toBe(before);
    expect((await alice.get('/api/v1/wallets/')).status).toBe(200); // a small counter still works
    const ms = String(clock.t + 23 * 3_600_000); // an ms-time nonce from a clock 23 h ahead
    expect((await alice.get('/api/v1/wallets/', { 'X-NONCE': ms })).status).toBe(200);
    expect((await alice.get('/api/v1/wallets/', { 'X-NONCE': ms })).status).toBe(401);
  });

  it('a last nonce above the bound (written by an older version) no longer locks the key', async () => {
    const account = ex.core.accounts.byApiKey(ALICE.key);
    if (account === undefined) throw new Error('alice missing');
    account.lastNonce = '9'.repeat(30); // as an older version, without the bound, could have stored it
    expect((await alice.get('/api/v1/wallets/')).status).toBe(200);
    expect((await alice.get('/api/v1/wallets/', { 'X-NONCE': '5' })).status).toBe(401);
  });

  it('v1 valid_till (unix ms or RFC 3339) is signed and honoured: late orders are refused, nothing changed', async () => {
    const order = { type: 'buy', pair: 'BTC_USD', amount: '0.01', price: '50000' };
    const before = stateText(ex);
    const late = await alice.post(
      '/api/v1/order/',
      { ...order, valid_till: String(clock.t + 600) },
      { 'X-NONCE': '5000' },
    );
    expect(late.status).toBe(400); // the client advances 600 ms: the deadline is exactly now
    expect((late.body as Row).error).toMatch(/^Request expired: valid_till \S+Z is not after the server time \S+Z$/);
    const lateIso = await alice.post('/api/v1/order/', { ...order, valid_till: '2024-01-10T11:59:00Z' });
    expect((lateIso.body as Row).error).toMatch(/^Request expired/);
    expect(stateText(ex)).toBe(before); // not even the nonce was taken
    const malformed = await alice.post('/api/v1/order/', { ...order, valid_till: '2099-02-31T00:00:00Z' });
    expect((malformed.body as Row).error).toMatch(/^Invalid valid_till: must be unix milliseconds or an RFC 3339/);
    const onTime = await alice.post(
      '/api/v1/order/',
      { ...order, valid_till: String(clock.t + 5_000) },
      { 'X-NONCE': '5000' },
    );
    expect(onTime.status).toBe(200);
    alice.nonce = 5000; // the client's own counter carries on above the nonce it chose
    const iso = await alice.post('/api/v1/order/', { ...order, valid_till: '2024-01-10T13:00:00+01:00' });
    expect(iso.status).toBe(400); // 12:00Z: already passed
    const isoOk = await alice.post('/api/v1/order/', { ...order, valid_till: '2024-01-10T14:00:00+01:00' });
    expect(isoOk.status).toBe(200);
    // valid_till is signed like any other param: changing it breaks the signature.
    const h = alice.headers({ ...order, valid_till: String(clock.t + 60_000) });
    const tampered = await http(`${ex.url}/api/v1/order/`, {
      method: 'POST',
      headers: { ...h, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...order, valid_till: String(clock.t + 999_999) }).toString(),
    });
    expect(tampered.status).toBe(401);
  });

  it('v3 valid_till is honoured the same way', async () => {
    const body = { pair: 'BTC_USD', order_side: 'BUY', order_type: 'LIMIT', limit_price: 50000, base_amount: 0.01 };
    const before = ex.core.state.orders.size;
    const late = await alice3.call('POST', '/api/v3/orders', { ...body, valid_till: '2024-01-10T12:00:00Z' });
    expect(late.status).toBe(400);
    expect((late.body as Row).error).toMatch(/^Request expired: valid_till 2024-01-10T12:00:00\.000Z/);
    expect(ex.core.state.orders.size).toBe(before);
    const ok = await alice3.call('POST', '/api/v3/orders', { ...body, valid_till: '2024-01-10T12:05:00Z' });
    expect(ok.status).toBe(201);
    const bad = await alice3.call('POST', '/api/v3/orders', { ...body, valid_till: '2024-13-01T00:00:00Z' });
    expect((bad.body as Row).error).toMatch(/^Invalid valid_till: must be an RFC 3339 date/);
  });

  it('v1 create-order answers amount_filled and amount_original as strings; v3 takes tif AON', async () => {
    const r = await alice.post('/api/v1/order/', { type: 'sell', pair: 'BTC_USD', amount: '0.25', price: '60000' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ amount_filled: '0.00000000', amount_original: '0.25000000', amount: 0.25 });
    const aon = await alice3.call('POST', '/api/v3/orders', {
      pair: 'BTC_USD',
      order_side: 'BUY',
      order_type: 'LIMIT',
      tif: 'AON',
      limit_price: 50000,
      base_amount: 0.01,
    });
    expect(aon.status).toBe(201);
    expect(ex.core.exchange.order(aon.body as number)?.tif).toBe('AON');
  });
});
