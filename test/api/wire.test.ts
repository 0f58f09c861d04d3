import { parse } from 'lossless-json';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../main/api';
import { canonicalDec } from '../../main/api/decimal';
import { mergeByTime, splitRange, WINDOW_MS } from '../../main/api/history-windows';
import { checkOrder, OrderCheckError } from '../../main/api/precision';
import { toEpochMs, validate } from '../../main/api/wire/primitives';
import * as v1 from '../../main/api/wire/v1';
import * as v3 from '../../main/api/wire/v3';
import type { Pair } from '../../preload/domain';

const list = <S extends z.ZodType>(s: S, text: string, root = 'items') =>
  validate(z.array(s), parse(text), root, 'test');

describe('normalising the contract samples', () => {
  it('single order: status "1" string, amount_filled string, date in ms', () => {
    const o = validate(
      v1.singleOrderSchema,
      parse(
        '{"id":11259,"date":1478025717394,"pair":"BTC_USD","type":"buy","price":870.69000000,"amount":0.1250000,"amount_filled":"0.00419580","amount_original":0.0041958,"status":"1"}',
      ),
      'order',
      'test',
    );
    expect(o).toMatchObject({
      id: 11259,
      createdAt: 1478025717394,
      price: '870.69',
      amount: '0.0041958',
      filled: '0.0041958',
      status: 'PARTIAL_FILLED',
      side: 'buy',
      type: 'LIMIT',
    });
  });

  it('own orders: status 3 number -> FILLED; seconds and ms timestamps both become ms', () => {
    const [o] = list(
      v1.ownOrderSchema,
      '[{"amount":0.500000000,"pair":"ETH_USD","type":"buy","status":3,"price":0.00113000,"id":11249}]',
    );
    expect(o).toMatchObject({ amount: '0.5', price: '0.00113', status: 'FILLED', filled: '0.5' });
    const [t] = list(
      v1.tickerSchema,
      '[{"timestamp":1642511387.55049,"pair":"ETH_BTC","last":"0.076","diff":0,"vol":0,"high":0,"low":0,"buy":0.071346,"sell":"0.080317"}]',
    );
    expect(t).toEqual({
      pair: 'ETH_BTC',
      time: 1642511387550,
      last: '0.076',
      changePct: '0',
      volume: '0',
      high: '0',
      low: '0',
      bid: '0.071346',
      ask: '0.080317',
    });
  });

  it('pairs accept numbers or strings; exact decimals survive (no float)', () => {
    const [p] = list(
      v1.pairSchema,
      '[{"name":"BTC_USD","currency1":"BTC","currency2":"USD","price_precision":2,"amount_precision":6,"maximum_order_size":100000000.00000000,"minimum_order_size":"0.00000001","minimum_order_value":"0.01000000","liquidity_type":10}]',
    );
    expect(p).toEqual({
      name: 'BTC_USD',
      base: 'BTC',
      quote: 'USD',
      pricePrecision: 2,
      amountPrecision: 6,
      minOrderSize: '0.00000001',
      maxOrderSize: '100000000',
      minOrderValue: '0.01',
      liquidityType: 10,
    });
    const [w] = list(
      v1.walletSchema,
      '[{"currency":"BTC","balance":12345678901234567890.123456789012,"reserve":"0.000000000001"}]',
    );
    // The wire balance is the free part; the domain balance is the whole holding.
    expect(w?.available).toBe('12345678901234567890.123456789012');
    expect(w?.balance).toBe('12345678901234567890.123456789013');
  });

  it('v3 order with RFC 3339 times and empty optional times', () => {
    const [o] = list(
      v3.orderV3Schema,
      '[{"id":76575,"account_id":25,"pair":"BTC_USDT","wallet_type":"SPOT","side":"BUY","type":"LIMIT","tif":"GTC","price":20450.05,"stop_price":0,"amount":0.05,"amount_filled":0,"amount_cancelled":0,"status":"OPEN","date":"2022-10-06T08:28:06.801064-04:00","updated_at":"2022-10-06T08:28:06.801064-04:00","open_at":"","expire_after":"","done_at":""}]',
    );
    expect(o).toMatchObject({
      id: 76575,
      side: 'buy',
      type: 'LIMIT',
      tif: 'GTC',
      price: '20450.05',
      stopPrice: null,
      status: 'OPEN',
      createdAt: Date.UTC(2022, 9, 6, 12, 28, 6, 801),
      doneAt: null,
      expireAt: null,
      clientOrderId: null,
    });
  });

  it('margin position accepts the sample typo "currecny"', () => {
    const [m] = list(
      v3.marginPositionSchema,
      '[{"id":38237,"account_id":25,"wallet_type":"ISOLATED_MARGIN","interest":0.003,"currecny":"ETH","borrowed":0.3,"pair":"BTC_ETH"}]',
    );
    expect(m).toMatchObject({ currency: 'ETH', borrowed: '0.3', marginLevel: null });
  });

  it('accounts: id_parent 0 means top-level', () => {
    const a = list(
      v3.accountSchema,
      '[{"id":25,"name":"n","email":"e@x","id_parent":0},{"id":26,"name":"s","email":"","id_parent":25}]',
    );
    expect(a).toEqual([
      { id: 25, name: 'n', email: 'e@x', parentId: null },
      { id: 26, name: 's', email: null, parentId: 25 },
    ]);
  });

  it('times: seconds, ms, RFC 3339 all to epoch ms', () => {
    expect(toEpochMs(parse('1485777600'))).toBe(1485777600000);
    expect(toEpochMs(parse('1478025717394'))).toBe(1478025717394);
    expect(toEpochMs('2022-10-06T08:28:06Z')).toBe(Date.UTC(2022, 9, 6, 8, 28, 6));
    expect(toEpochMs('yesterday')).toBeNull();
    expect(canonicalDec('-0.000')).toBe('0');
    expect(canonicalDec('1e-7')).toBe('0.0000001');
    expect(canonicalDec('007.50')).toBe('7.5');
  });
});

describe('malformed responses name the field', () => {
  const bad = (s: z.ZodType, text: string, root: string) => {
    try {
      validate(z.array(s), parse(text), root, 'test op');
    } catch (e) {
      return e as ApiError;
    }
    throw new Error('expected a malformed error');
  };
  it('orders[1].price', () => {
    const e = bad(
      v1.ownOrderSchema,
      '[{"amount":1,"pair":"A_B","type":"buy","status":1,"price":1,"id":1},{"amount":1,"pair":"A_B","type":"buy","status":1,"price":"abc","id":2}]',
      'orders',
    );
    expect(e).toBeInstanceOf(ApiError);
    expect(e.kind).toBe('malformed');
    expect(e.field).toBe('orders[1].price');
    expect(e.message).toContain('orders[1].price');
  });
  it('missing field, bad enum, bad status, not a list', () => {
    expect(bad(v1.walletSchema, '[{"currency":"BTC","balance":1}]', 'wallets').field).toBe('wallets[0].reserve');
    expect(
      bad(
        v3.orderV3Schema,
        '[{"id":1,"pair":"A_B","wallet_type":"SPOT","side":"UP","type":"LIMIT","price":1,"amount":1,"status":"OPEN","date":"2022-10-06T08:28:06Z"}]',
        'orders',
      ).field,
    ).toBe('orders[0].side');
    expect(
      bad(v1.ownOrderSchema, '[{"amount":1,"pair":"A_B","type":"buy","status":7,"price":1,"id":1}]', 'orders').field,
    ).toBe('orders[0].status');
    expect(bad(v1.walletSchema, '{"error":null}', 'wallets').field).toBe('wallets');
    expect(
      bad(v1.withdrawSchema, '[{"id":1,"timestamp":1,"currency":"BTC","amount":1,"status":25}]', 'withdraws').field,
    ).toBe('withdraws[0].status');
  });
});

const BTC_USD: Pair = {
  name: 'BTC_USD',
  base: 'BTC',
  quote: 'USD',
  pricePrecision: 2,
  amountPrecision: 6,
  minOrderSize: '0.0001',
  maxOrderSize: '100',
  minOrderValue: '10',
  liquidityType: null,
};

describe('order checks before the wire', () => {
  const msg = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(OrderCheckError);
      return (e as Error).message;
    }
    throw new Error('expected a check failure');
  };
  it('says what to change', () => {
    expect(msg(() => checkOrder(BTC_USD, 'buy', { price: '870.123', amount: '1' }))).toBe(
      'Price 870.123 has 3 decimals; BTC_USD allows 2. Use 870.12.',
    );
    expect(msg(() => checkOrder(BTC_USD, 'sell', { price: '870.123', amount: '1' }))).toBe(
      'Price 870.123 has 3 decimals; BTC_USD allows 2. Use 870.13.',
    );
    expect(msg(() => checkOrder(BTC_USD, 'buy', { price: '870', amount: '0.1234567' }))).toBe(
      'Amount 0.1234567 has 7 decimals; BTC_USD allows 6. Use 0.123456.',
    );
    expect(msg(() => checkOrder(BTC_USD, 'buy', { price: '870', amount: '0.00005' }))).toContain(
      "below BTC_USD's minimum order size 0.0001. Use at least 0.0001.",
    );
    expect(msg(() => checkOrder(BTC_USD, 'buy', { price: '870', amount: '101' }))).toContain('Use at most 100.');
    expect(msg(() => checkOrder(BTC_USD, 'buy', { price: '1000', amount: '0.005' }))).toBe(
      "Order value 5 USD (price × amount) is below BTC_USD's minimum 10 USD. Increase the amount to at least 0.01.",
    );
    expect(msg(() => checkOrder(BTC_USD, 'buy', { price: '-1', amount: '1' }))).toContain('greater than 0');
    expect(msg(() => checkOrder(BTC_USD, 'buy', { price: 'NaN', amount: '1' }))).toContain('not a decimal number');
  });
  it('passes a valid order as canonical strings', () => {
    expect(checkOrder(BTC_USD, 'buy', { price: '870.10', amount: '0.500000' })).toEqual({
      price: '870.1',
      amount: '0.5',
    });
  });
});

describe('30-day windows', () => {
  const DAY = 86_400_000;
  it('splits any range into consecutive windows of at most 30 days', () => {
    const w = splitRange({ from: 0, to: 75 * DAY }, 100 * DAY);
    expect(w).toEqual([
      { from: 0, to: 30 * DAY },
      { from: 30 * DAY, to: 60 * DAY },
      { from: 60 * DAY, to: 75 * DAY },
    ]);
    expect(splitRange({}, 40 * DAY)).toEqual([{ from: 10 * DAY + 1, to: 40 * DAY + 1 }]);
    expect(splitRange({ from: 10 * DAY }, 20 * DAY)).toEqual([{ from: 10 * DAY, to: 20 * DAY + 1 }]);
    expect(splitRange({ to: 40 * DAY }, 0)).toEqual([{ from: 10 * DAY, to: 40 * DAY }]);
    expect(splitRange({ from: 5, to: 5 }, 0)).toEqual([]);
    for (const x of splitRange({ from: 3, to: 365 * DAY }, 0) ?? [])
      expect(x.to - x.from).toBeLessThanOrEqual(WINDOW_MS);
  });
  it('merges results in time order', () => {
    expect(
      mergeByTime(
        [
          [{ t: 5 }, { t: 3 }],
          [{ t: 40 }, { t: 31 }],
        ],
        (x) => x.t,
      ).map((x) => x.t),
    ).toEqual([3, 5, 31, 40]);
  });
});

describe('exact decimal helpers', () => {
  it('subDec agrees with decimal.js on random values', async () => {
    const { subDec, D } = await import('../../main/api/decimal');
    const fc = (await import('fast-check')).default;
    const decText = fc
      .tuple(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.integer({ min: 0, max: 18 }))
      .map(([n, s]) => canonicalDec(new D(n.toString()).dividedBy(new D(10).pow(s)).toFixed()));
    fc.assert(
      fc.property(decText, decText, (a, b) => subDec(a, b) === new D(a).minus(b).toFixed()),
      { numRuns: 2000, seed: 7 },
    );
    expect(subDec('1', '0.000000001')).toBe('0.999999999');
    expect(subDec('0.25', '0.25')).toBe('0');
  });
  it('seconds with fractions round half-up to ms exactly', () => {
    expect(toEpochMs(parse('1642511387.55049'))).toBe(1642511387550);
    expect(toEpochMs(parse('1642511387.5555'))).toBe(1642511387556);
    expect(toEpochMs('1483721079.51632')).toBe(1483721079516);
    expect(toEpochMs(parse('1485777600'))).toBe(1485777600000);
    expect(toEpochMs(parse('1478025717394.0'))).toBe(1478025717394);
  });
});
