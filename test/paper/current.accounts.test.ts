import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PaperExchangeInternals } from '../../main/paper/index';
import { expectCurrentError, expectNoNulls, fingerprint } from './current-helpers';
import { ALICE, BOB, TestClock, V3Client, startQuiet } from './helpers';

type Row = Record<string, unknown>;
const HOUR = 3_600_000;

describe('current dialect over HTTP: auth and the private account paths', () => {
  let clock: TestClock;
  let ex: PaperExchangeInternals;
  let alice: V3Client;
  let bob: V3Client;
  let aliceId: number;
  const lim = (side: string, price: string, amount: string, extra: Row = {}) => ({
    pair: 'BTC_USD',
    order_type: 'LIMIT',
    order_side: side,
    limit_price: price,
    base_amount: amount,
    ...extra,
  });

  beforeEach(async () => {
    clock = new TestClock();
    ex = await startQuiet(clock, { tokenTtlMs: 24 * HOUR });
    ex.core.ensureAccount(
      { key: 'sub-key', secret: 'sub-secret', name: 'alice-sub', balances: { USD: '10' }, parent: 'alice' },
      clock.t,
    );
    alice = new V3Client(ex.url, clock, ALICE);
    bob = new V3Client(ex.url, clock, BOB);
    await alice.login();
    await bob.login();
    aliceId = ex.core.accounts.byApiKey(ALICE.key)?.id as number;
  });
  afterEach(async () => {
    await ex.close();
  });

  it('POST /api/v3/auth answers the JWT as a bare JSON string; it works on both dialects; refusals are 401', async () => {
    const r = await fetch(`${ex.url}/api/v3/auth`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ api_key: ALICE.key, api_secret: ALICE.secret }),
    });
    expect(r.headers.get('content-type')).toBe('application/json');
    const token = (await r.json()) as unknown;
    expect(typeof token).toBe('string');
    expect(token as string).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const claims = JSON.parse(Buffer.from((token as string).split('.')[1] as string, 'base64url').toString()) as Row;
    expect(claims.exp).toBe(Math.floor((clock.t + 24 * HOUR) / 1000));
    alice.token = token as string;
    expect((await alice.call('GET', '/api/v3/accounts')).status).toBe(200); // documented path
    expect((await alice.call('GET', '/api/v3/accounts/accounts')).status).toBe(200); // current path
    // What a client that wrapped the old object would send is refused.
    alice.token = JSON.stringify({ token });
    expectCurrentError(await alice.call('GET', '/api/v3/accounts/accounts'), 401);
    alice.token = token as string;
    // A bad body signature on a current path: 401 in the current shape, and nothing placed.
    const before = fingerprint(ex);
    const bad = await alice.call('POST', '/api/v3/trading/order', lim('BUY', '50000', '0.1'), '00'.repeat(32));
    expect(expectCurrentError(bad, 401)).toMatchObject({ code: '1401', message: 'Invalid signature' });
    expect(fingerprint(ex)).toBe(before);
    // The documented paths keep their shape for the same refusal.
    const doc = await alice.call('POST', '/api/v3/orders', { pair: 'BTC_USD' }, '00'.repeat(32));
    expect(doc.body).toMatchObject({ error: 'Invalid signature', date: expect.any(Number) });
  });

  it('accounts/accounts lists subaccounts with parent_id (and the documented id_parent)', async () => {
    expect((await alice.call('GET', '/api/v3/accounts/accounts')).body).toEqual([
      { id: aliceId, email: expect.any(String), name: 'alice', id_parent: 0 },
    ]);
    const all = (await alice.call('GET', '/api/v3/accounts/accounts?include_subaccounts=True')).body as Row[];
    expect(all[1]).toEqual({
      id: expect.any(Number),
      email: expect.any(String),
      name: 'alice-sub',
      parent_id: aliceId,
      id_parent: aliceId,
    });
    expectCurrentError(
      await alice.call('GET', '/api/v3/accounts/accounts?include_subaccounts=maybe'),
      400,
      'include_subaccounts',
    );
  });

  it('feeinfo: real times for both ends of active_once, a currency code for fee_currency, no null', async () => {
    const fees = (await alice.call('GET', '/api/v3/accounts/feeinfo')).body as Row[];
    expect(fees).toHaveLength(5);
    expect(fees[0]).toMatchObject({
      account_id: aliceId,
      active_once: [expect.stringMatching(/^2024-01-10T/), '3000-01-01T00:00:00Z'],
      taker_fee_rate: 0.002,
      maker_fee_rate: 0.001,
      fee_currency: 'USD',
      priority: 1,
      pair: 'BTC_USD',
      is_active: true,
    });
    for (const f of fees) for (const t of f.active_once as string[]) expect(Number.isNaN(Date.parse(t))).toBe(false);
    expectNoNulls(fees);
  });

  it("balances: the same fields in both dialects, with today's currency and wallet_type filters (both spellings)", async () => {
    const all = (await alice.call('GET', '/api/v3/accounts/balances')).body as Row[];
    expect(all.find((b) => b.currency === 'USD')).toEqual({
      account_id: aliceId,
      balance: 100000,
      reserve: 0,
      currency: 'USD',
      pair: '',
      wallet_type: 'SPOT',
      last_update_at: expect.stringMatching(/^2024-/),
    });
    expect(
      ((await alice.call('GET', '/api/v3/accounts/balances?currency=BTC')).body as Row[]).map((b) => b.currency),
    ).toEqual(['BTC']);
    await alice.call('POST', '/api/v3/margin/transfer', {
      wallet_type: 'CROSS_MARGIN',
      direction: 'ADD',
      currency: 'USD',
      amount: 5,
    });
    for (const spelling of ['CROSS_MARGIN', 'MARGIN_CROSS']) {
      const cross = (await alice.call('GET', `/api/v3/accounts/balances?wallet_type=${spelling}`)).body as Row[];
      expect(cross).toEqual([expect.objectContaining({ currency: 'USD', wallet_type: 'CROSS_MARGIN', balance: 5 })]);
    }
    const r = await alice.call('GET', '/api/v3/accounts/balances?currency=usd');
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ error: expect.stringMatching(/currency/) }); // a path of both dialects: documented errors
  });

  it('accounts/order: the 100 most recent, both side spellings, real times, done_at once done', async () => {
    await bob.call('POST', '/api/v3/trading/order', lim('ASK', '60000', '0.1'));
    const [filled] = (await alice.call('POST', '/api/v3/trading/order', lim('BID', '60000', '0.1'))).body as number[];
    const [open] = (await alice.call('POST', '/api/v3/trading/order', lim('BUY', '50000', '0.1'))).body as number[];
    const rows = (await alice.call('GET', '/api/v3/accounts/order')).body as Row[];
    expect(rows.map((o) => o.id)).toEqual([open, filled]);
    expect(rows[0]).toMatchObject({
      id: open,
      account_id: aliceId,
      pair: 'BTC_USD',
      amount: 0.1,
      price: 50000,
      side: 'BID',
      order_side: 'BUY',
      status: 'OPEN',
      type: 'LIMIT',
      wallet_type: 'SPOT',
      amount_canceled: 0,
      amount_cancelled: 0,
      amount_filled: 0,
      tif: 'GTC',
      expire_after: '3000-01-01T00:00:00Z',
      stop_price: 0,
    });
    expect(rows[0]).not.toHaveProperty('done_at');
    expect(rows[1]).toMatchObject({ status: 'FILLED', done_at: expect.stringMatching(/^2024-/) });
    for (const o of rows)
      for (const k of ['date', 'open_at', 'updated_at']) expect(Number.isNaN(Date.parse(o[k] as string))).toBe(false);
    expectNoNulls(rows);
    for (const side of ['BID', 'BUY'])
      expect((await alice.call('GET', `/api/v3/accounts/order?side=${side}`)).body).toHaveLength(2);
    for (const side of ['ASK', 'SELL'])
      expect((await alice.call('GET', `/api/v3/accounts/order?side=${side}`)).body).toEqual([]);
    expect(
      ((await alice.call('GET', '/api/v3/accounts/order?open_only=true&pair=BTC_USD')).body as Row[]).map((o) => o.id),
    ).toEqual([open]);
    const iso = new Date(clock.t + 60_000).toISOString().replace('Z', '+00:00');
    expect((await alice.call('GET', `/api/v3/accounts/order?start_time=${encodeURIComponent(iso)}`)).body).toEqual([]);
    expect(
      (await alice.call('GET', `/api/v3/accounts/order?end_time=${Math.floor(clock.t / 1000) + 60}`)).body,
    ).toHaveLength(2);
    expectCurrentError(await alice.call('GET', '/api/v3/accounts/order?side=UP'), 400, 'side');
    expectCurrentError(
      await alice.call('GET', '/api/v3/accounts/order?start_time=0&end_time=2592001'),
      400,
      'end_time',
    );
    expectCurrentError(await alice.call('GET', '/api/v3/accounts/order?start_time=yesterday'), 400, 'start_time');
  });

  it("accounts/trades: the documented fields, the docs' (id, fee, timestamp, order_id) and the client model's in one row", async () => {
    await bob.call('POST', '/api/v3/trading/order', lim('ASK', '60000', '0.3'));
    const [oid] = (await alice.call('POST', '/api/v3/trading/order', lim('BID', '60000', '0.1'))).body as number[];
    await alice.call('POST', '/api/v3/trading/order', lim('BID', '60000', '0.1'));
    const rows = (await alice.call('GET', '/api/v3/accounts/trades')).body as Row[];
    expect(rows).toHaveLength(2);
    expect(rows[1]).toEqual({
      id: 1,
      order_id: oid,
      date: expect.stringMatching(/^2024-/),
      timestamp: expect.any(Number),
      status: 'FILLED',
      side: 'BUY',
      type: 'LIMIT',
      price: 60000,
      amount: 0.1,
      amount_unfilled: 0,
      fee: 0.0002,
      fee_rate: 0.002,
      fee_amount: 0.0002,
      is_maker: false,
      account_id: aliceId,
      currency: '',
      pair: 'BTC_USD',
      fee_currency: 'BTC',
      wallet_type: 'SPOT',
    });
    expectNoNulls(rows);
    expect((await alice.call('GET', '/api/v3/accounts/trades?limit=1')).body).toHaveLength(1);
    for (const side of ['BID', 'BUY'])
      expect((await alice.call('GET', `/api/v3/accounts/trades?side=${side}`)).body).toHaveLength(2);
    expect((await alice.call('GET', '/api/v3/accounts/trades?side=ASK')).body).toEqual([]);
    const unix = Math.floor(clock.t / 1000) + 10;
    expect((await alice.call('GET', `/api/v3/accounts/trades?start_time=${unix}`)).body).toEqual([]);
    const iso = new Date(clock.t - 60_000).toISOString();
    expect((await alice.call('GET', `/api/v3/accounts/trades?start_time=${iso}`)).body).toHaveLength(2);
    expect((await alice.call('GET', '/api/v3/accounts/trades?pair=NOPE_USD')).status).toBe(404);
    expect((await alice.call('GET', '/api/v3/accounts/trades?limit=101')).body).toMatchObject({
      error: expect.stringMatching(/limit/),
    });
  });

  it("accounts/activity: the client model's fields and the docs' (op_type, last_update_at), limit, offset, currency", async () => {
    await alice.call('POST', '/api/v3/trading/order', lim('BUY', '50000', '0.1'));
    const rows = (await alice.call('GET', '/api/v3/accounts/activity?currency=USD')).body as Row[];
    expect(rows[0]).toEqual({
      id: expect.any(Number),
      account_id: aliceId,
      wallet_id: expect.any(Number),
      type: 'MOTION_TYPE_ORDER',
      op_type: 'MOTION_TYPE_ORDER',
      balance: 100000,
      balance_delta: -5000,
      balance_end: 95000,
      reserve: 0,
      reserve_delta: 5000,
      reserve_end: 5000,
      currency: 'USD',
      pair: '',
      wallet_type: 'SPOT',
      date: expect.stringMatching(/^2024-/),
      last_update_at: expect.stringMatching(/^2024-/),
    });
    expect(rows[1]).toMatchObject({ type: 'MOTION_TYPE_DEPOSIT' });
    expect((await alice.call('GET', '/api/v3/accounts/activity?limit=1&offset=1')).body).toHaveLength(1);
    expectNoNulls(rows);
    expectCurrentError(await alice.call('GET', '/api/v3/accounts/activity?limit=1001'), 400, 'limit');
  });
});
