import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PaperExchangeInternals } from '../../main/paper/index';
import { expectCurrentError, fingerprint } from './current-helpers';
import { ALICE, BOB, TestClock, V3Client, http, startQuiet } from './helpers';

type Row = Record<string, unknown>;
const HOUR = 3_600_000;

describe('current dialect over HTTP: POST and DELETE /api/v3/trading/order', () => {
  let clock: TestClock;
  let ex: PaperExchangeInternals;
  let alice: V3Client;
  let bob: V3Client;
  const lim = (side: string, price: string | number, amount: string | number, extra: Row = {}) => ({
    pair: 'BTC_USD',
    order_type: 'LIMIT',
    order_side: side,
    limit_price: price,
    base_amount: amount,
    ...extra,
  });
  const place = (c: V3Client, body: Row) => c.call('POST', '/api/v3/trading/order', body);
  const orderOf = (id: unknown) => ex.core.exchange.order((id as number[])[0] as number);

  beforeEach(async () => {
    clock = new TestClock();
    ex = await startQuiet(clock, { tokenTtlMs: 24 * HOUR });
    alice = new V3Client(ex.url, clock, ALICE);
    bob = new V3Client(ex.url, clock, BOB);
    await alice.login();
    await bob.login();
  });
  afterEach(async () => {
    await ex.close();
  });

  it('answers the new id in a list, and reads every spelling of side, wallet type, side effect and time in force', async () => {
    for (const [side, core] of [
      ['BID', 'BUY'],
      ['BUY', 'BUY'],
      ['ASK', 'SELL'],
      ['SELL', 'SELL'],
    ] as const) {
      const price = core === 'BUY' ? '50000' : '70000';
      const r = await place(alice, lim(side, price, '0.01'));
      expect(r.status).toBe(201);
      expect(r.body).toEqual([expect.any(Number)]);
      expect(orderOf(r.body)).toMatchObject({ side: core, status: 'OPEN', walletType: 'SPOT' });
    }
    await alice.call('POST', '/api/v3/margin/transfer', {
      wallet_type: 'CROSS_MARGIN',
      direction: 'ADD',
      currency: 'USD',
      amount: 1000,
    });
    await alice.call('POST', '/api/v3/margin/transfer', {
      wallet_type: 'ISOLATED_MARGIN',
      pair: 'BTC_USD',
      direction: 'ADD',
      currency: 'USD',
      amount: 1000,
    });
    for (const [spelling, core] of [
      ['SPOT', 'SPOT'],
      ['CROSS_MARGIN', 'CROSS_MARGIN'],
      ['MARGIN_CROSS', 'CROSS_MARGIN'],
      ['ISOLATED_MARGIN', 'ISOLATED_MARGIN'],
      ['MARGIN_ISOLATED', 'ISOLATED_MARGIN'],
    ] as const) {
      const r = await place(alice, lim('BID', '50000', '0.001', { wallet_type: spelling }));
      expect(orderOf(r.body)).toMatchObject({ walletType: core });
    }
    for (const [spelling, core] of [
      ['NO_SIDE_EFFECT', ''],
      ['AUTO_BORROW', 'AUTO_BORROW'],
      ['AUTO_REPLAY', 'AUTO_REPAY'],
      ['AUTO_REPAY', 'AUTO_REPAY'],
    ] as const) {
      const r = await place(
        alice,
        lim('BID', '50000', '0.001', { wallet_type: 'CROSS_MARGIN', side_effect: spelling }),
      );
      expect(orderOf(r.body)).toMatchObject({ sideEffect: core });
    }
    for (const [tif, core] of [
      ['GTC', 'GTC'],
      ['IOC', 'IOC'],
      ['FOK', 'FOK'],
      ['AON', 'AON'],
      ['UNDEFINED_TIME_IN_FORCE', 'GTC'],
    ] as const) {
      const r = await place(alice, lim('BID', '50000', '0.001', { tif }));
      expect(orderOf(r.body)?.tif).toBe(core);
    }
  });

  it('reads what the official client sends: floats with exponents, its "never" expiry, client_order_id idempotent', async () => {
    // Python writes 0.00005 as 5e-05.
    const raw =
      '{"pair": "BTC_USD", "order_side": "BID", "client_order_id": "c1", "wallet_type": "SPOT", "side_effect": "NO_SIDE_EFFECT", "expire_after": "3000-01-01T00:00:00Z", "base_amount": 5e-05, "limit_price": 50000.0, "order_type": "LIMIT", "tif": "GTC"}';
    const r = await alice.callRaw('POST', '/api/v3/trading/order', raw);
    expect(r.body).toEqual([expect.any(Number)]);
    expect(orderOf(r.body)).toMatchObject({ clientOrderId: 'c1', expireAt: 0 });
    expect(orderOf(r.body)?.amount.toFixed()).toBe('0.00005');
    expect(orderOf(r.body)?.price.toFixed()).toBe('50000');
    const again = await alice.callRaw('POST', '/api/v3/trading/order', raw);
    expect(again.body).toEqual(r.body);
    // An ISO expiry with an offset, as Python's isoformat writes it.
    const soon = new Date(clock.t + HOUR).toISOString().replace('Z', '+00:00');
    const e = await place(alice, lim('BID', '50000', '0.001', { expire_after: soon }));
    expect(orderOf(e.body)?.expireAt).toBe(Date.parse(soon));
  });

  it('MARKET (by base or quote), STOP_LIMIT, STOP_MARKET and STOP; post_only refuses to take', async () => {
    await place(bob, lim('ASK', '60000', '1'));
    const m = await place(alice, { pair: 'BTC_USD', order_type: 'MARKET', order_side: 'BID', quote_amount: 6000 });
    expect(orderOf(m.body)).toMatchObject({ status: 'FILLED', type: 'MARKET' });
    expect(orderOf(m.body)?.filled.toFixed()).toBe('0.1');
    const sm = await place(alice, {
      pair: 'BTC_USD',
      order_type: 'STOP_MARKET',
      order_side: 'ASK',
      base_amount: 0.1,
      stop_price: 50000,
    });
    expect(orderOf(sm.body)).toMatchObject({ status: 'PENDING', type: 'STOP_MARKET', stopOperator: 'LTE' });
    const st = await place(alice, {
      ...lim('BID', '65000', '0.1'),
      order_type: 'STOP',
      stop_price: 64000,
      stop_operator: 'GTE',
    });
    expect(orderOf(st.body)).toMatchObject({ status: 'PENDING', type: 'STOP_LIMIT', stopOperator: 'GTE' });
    const before = fingerprint(ex);
    const taking = await place(alice, lim('BID', '60000', '0.1', { post_only: true }));
    expectCurrentError(taking, 400, 'post_only');
    expect(fingerprint(ex)).toBe(before);
    const making = await place(alice, lim('BID', '59999', '0.1', { post_only: true }));
    expect(orderOf(making.body)).toMatchObject({ status: 'OPEN' });
  });

  it("refuses bad orders with formErrors (or the core's reason) and changes nothing", async () => {
    await place(bob, lim('ASK', '60000', '1'));
    const base = lim('BID', '50000', '0.1');
    const cases: Array<[Row, number, string | undefined]> = [
      [{ ...base, pair: undefined }, 400, 'pair'],
      [{ ...base, pair: 'NOPE_USD' }, 400, 'pair'],
      [{ ...base, order_side: 'UP' }, 400, 'order_side'],
      [{ ...base, order_type: 'ICEBERG' }, 400, 'order_type'],
      [{ ...base, wallet_type: 'FUNDING' }, 400, 'wallet_type'],
      [{ ...base, limit_price: undefined }, 400, 'limit_price'],
      [{ ...base, base_amount: undefined }, 400, 'base_amount'],
      [{ ...base, base_amount: '-1' }, 400, 'base_amount'],
      [{ ...base, quote_amount: 10 }, 400, 'quote_amount'],
      [{ ...base, order_type: 'STOP_LIMIT' }, 400, 'stop_price'],
      [{ ...base, expire_after: new Date(clock.t - 1000).toISOString() }, 400, 'expire_after'],
      [{ ...base, valid_till: '2001-01-01T00:00:00Z' }, 400, 'valid_till'],
      [{ ...base, tif: 'FOREVER' }, 400, 'tif'],
      [{ ...base, post_only: 'perhaps' }, 400, 'post_only'],
      [{ ...base, client_order_id: 'x'.repeat(65) }, 400, 'client_order_id'],
      [{ ...base, account_id: 999 }, 400, 'account_id'],
      [{ ...base, base_amount: '1000000' }, 400, 'base_amount'], // above the pair's maximum: the core's refusal
      [{ ...base, limit_price: '50000.001' }, 400, 'limit_price'], // too many decimals
      [{ ...base, base_amount: '100' }, 400, undefined], // out of balance
    ];
    const before = fingerprint(ex);
    for (const [body, status, field] of cases) {
      const r = await place(alice, body);
      const err = expectCurrentError(r, status, field);
      expect(err.code).not.toBe('');
    }
    const broke = await place(alice, { ...base, base_amount: '100' });
    expect(expectCurrentError(broke, 400)).toMatchObject({ code: '1004', message: expect.stringMatching(/balance/i) });
    // Not JSON at all.
    const notJson = await http(`${ex.url}/api/v3/trading/order`, {
      method: 'POST',
      headers: { authorization: `Bearer ${alice.token}`, 'content-type': 'application/json', 'x-sign': '00' },
      body: '{oops',
    });
    expect(notJson.status).toBe(400);
    expect(fingerprint(ex)).toBe(before);
  });

  it('cancels by ids (a reason per id), by pair and all (202, no body); exactly one selector', async () => {
    const ids: number[] = [];
    for (const price of ['50000', '50001', '50002'])
      ids.push(...((await place(alice, lim('BID', price, '0.01'))).body as number[]));
    await place(bob, lim('ASK', '60000', '0.01'));
    const [filled] = (await place(alice, lim('BID', '60000', '0.01'))).body as number[];
    const eth = (await place(alice, { ...lim('BID', '2000', '0.01'), pair: 'ETH_USD' })).body as number[];
    const bobs = (await place(bob, lim('ASK', '70000', '0.01'))).body as number[];
    const before = fingerprint(ex);
    for (const body of [
      {},
      { order_ids: [] },
      { all: true, pair: 'BTC_USD' },
      { order_ids: [1], all: true },
      { pair: 'NOPE_USD' },
      { order_ids: ['x'] },
    ])
      expectCurrentError(await alice.call('DELETE', '/api/v3/trading/order', body), 400);
    expect(fingerprint(ex)).toBe(before);
    const r = await alice.call('DELETE', '/api/v3/trading/order', { order_ids: [ids[0], filled, 99_999, bobs[0]] });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      [String(ids[0])]: 'CANCELLED',
      [String(filled)]: 'order is FILLED',
      '99999': 'order not found',
      [String(bobs[0])]: 'order not found',
    });
    expect(ex.core.exchange.order(bobs[0] as number)?.status).toBe('OPEN');
    const byPair = await alice.call('DELETE', '/api/v3/trading/order', { pair: 'BTC_USD' });
    expect(byPair).toMatchObject({ status: 202, text: '' });
    expect(ex.core.exchange.order(ids[2] as number)?.status).toBe('CANCELLED');
    expect(ex.core.exchange.order(eth[0] as number)?.status).toBe('OPEN');
    expect(await alice.call('DELETE', '/api/v3/trading/order', { all: true })).toMatchObject({ status: 202, text: '' });
    expect(ex.core.exchange.order(eth[0] as number)?.status).toBe('CANCELLED');
  });
});
