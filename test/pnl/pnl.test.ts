/**
 * P&L: the README's worked example reproduced exactly, both methods; fee currency handling; and property tests
 * against a reference implementation (written per unit, not per position) over random trade sequences.
 */
import Decimal from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OwnTrade, PnlMethod } from '../../preload/domain';
import { computeAccountPnl } from '../../main/pnl/account-pnl';
import { computePairPnl } from '../../main/pnl/pair-pnl';
import { priceTable } from '../../main/pnl/valuation';
import { README_EXAMPLE, trade } from './fixtures';

const pnl = (trades: OwnTrade[], method: PnlMethod, last: string | null = '300') =>
  computePairPnl({ pair: 'BTC_USD', base: 'BTC', quote: 'USD', trades, last, method }, true);

describe('README worked example', () => {
  it('average cost', () => {
    const { summary, ledger } = pnl(README_EXAMPLE, 'average');
    expect(summary).toMatchObject({
      trades: 3,
      position: '1.00000000',
      averageEntry: '150.30000000',
      costBasis: '150.30000000',
      realised: '99.20000000',
      unrealised: '149.70000000',
      total: '248.90000000',
      bought: '2.00400000',
      sold: '1.00000000',
      feesBase: '0.00400000',
      feesQuote: '0.50000000',
      feesValue: '1.10000000',
      otherFees: [],
    });
    expect(ledger.map((r) => [r.position, r.averageEntry, r.realised, r.cumulativeRealised])).toEqual([
      ['1.00000000', '100.20000000', '0.00000000', '0.00000000'],
      ['2.00000000', '150.30000000', '0.00000000', '0.00000000'],
      ['1.00000000', '150.30000000', '99.20000000', '99.20000000'],
    ]);
  });

  it('FIFO: the first lot is sold; same total', () => {
    const { summary } = pnl(README_EXAMPLE, 'fifo');
    expect(summary).toMatchObject({
      position: '1.00000000',
      averageEntry: '200.40000000',
      realised: '149.30000000',
      unrealised: '99.60000000',
      total: '248.90000000',
    });
  });
});

describe('fees', () => {
  it('a buy fee in quote raises the cost; a sell fee in base is more base sold for the same proceeds', () => {
    const { summary } = pnl(
      [
        trade({ time: 1, side: 'buy', price: '100', amount: '2', fee: '0.4', feeCurrency: 'USD' }),
        trade({ time: 2, side: 'sell', price: '110', amount: '1', fee: '0.01', feeCurrency: 'BTC' }),
      ],
      'average',
      '110',
    );
    // Cost 200.4 for 2 BTC (100.2 each); the sale gives 110 for 1.01 BTC: 110 − 1.01 × 100.2 = 8.798.
    expect(summary).toMatchObject({
      position: '0.99000000',
      averageEntry: '100.20000000',
      realised: '8.79800000',
      unrealised: '9.70200000',
      feesBase: '0.01000000',
      feesQuote: '0.40000000',
      feesValue: '1.50000000',
    });
  });

  it('a fee without a currency follows the exchange rule (base on a buy, quote on a sell)', () => {
    const named = pnl(README_EXAMPLE, 'average').summary;
    const unnamed = pnl(
      README_EXAMPLE.map((t) => ({ ...t, feeCurrency: null })),
      'average',
    ).summary;
    expect(unnamed).toEqual(named);
  });

  it('a fee in a third currency is reported apart and left out of the P&L', () => {
    const { summary } = pnl(
      [
        trade({ time: 1, side: 'buy', price: '100', amount: '1', fee: '3', feeCurrency: 'ALP' }),
        trade({ time: 2, side: 'sell', price: '120', amount: '1', fee: '2', feeCurrency: 'ALP' }),
      ],
      'average',
    );
    expect(summary.realised).toBe('20.00000000');
    expect(summary.otherFees).toEqual([{ currency: 'ALP', amount: '5.00000000' }]);
  });

  it('a sell beyond the position opens a short, covered by a later buy', () => {
    const { summary } = pnl(
      [
        trade({ time: 1, side: 'sell', price: '100', amount: '1' }),
        trade({ time: 2, side: 'buy', price: '90', amount: '0.5' }),
      ],
      'fifo',
      '80',
    );
    expect(summary).toMatchObject({ position: '-0.50000000', realised: '5.00000000', unrealised: '10.00000000' });
  });
});

describe('account totals', () => {
  it('converts each pair into the chosen currency and names what cannot be priced', () => {
    const trades = [
      ...README_EXAMPLE,
      trade({ pair: 'ETH_BTC', time: 4, side: 'buy', price: '0.05', amount: '2' }),
      trade({ pair: 'ETH_BTC', time: 5, side: 'sell', price: '0.06', amount: '1' }),
      trade({ pair: 'XYZ_ABC', time: 6, side: 'buy', price: '1', amount: '1' }),
    ];
    const last = { BTC_USD: '300', ETH_BTC: '0.07' };
    const { pnl: a } = computeAccountPnl({
      trades,
      pairs: [],
      lastPrices: last,
      prices: priceTable(last),
      method: 'average',
      currency: 'USD',
      from: 0,
      to: 10,
    });
    // ETH_BTC: realised 0.01 BTC, unrealised 0.02 BTC -> ×300 = 3 and 6 USD.
    expect(a.realised).toBe('102.20000000');
    expect(a.unrealised).toBe('155.70000000');
    expect(a.total).toBe('257.90000000');
    expect(a.unpriced).toEqual(['XYZ_ABC']);
    expect(a.pairs.map((p) => p.pair)).toEqual(['BTC_USD', 'ETH_BTC', 'XYZ_ABC']);
  });
});

// ---------- the reference implementation ----------

const R = Decimal.clone({ precision: 90 });
type Rx = InstanceType<typeof R>;

interface RefResult {
  position: Rx;
  realised: Rx;
  unrealised: Rx;
}

/** Per unit: each trade moves `qty` units at an effective unit price (fees folded into the price). */
function unitsOf(t: OwnTrade): { qty: Rx; unit: Rx } {
  const p = new R(t.price);
  const a = new R(t.amount);
  const f = new R(t.fee);
  const feeInBase = (t.feeCurrency ?? (t.side === 'buy' ? 'BTC' : 'USD')) === 'BTC';
  if (t.side === 'buy') {
    // Buy: receive a (less a base fee), pay a·p (plus a quote fee).
    const qty = feeInBase ? a.minus(f) : a;
    const paid = feeInBase ? a.mul(p) : a.mul(p).plus(f);
    return { qty, unit: paid.div(qty) };
  }
  // Sell: give a (plus a base fee), receive a·p (less a quote fee).
  const qty = feeInBase ? a.plus(f) : a;
  const got = feeInBase ? a.mul(p) : a.mul(p).minus(f);
  return { qty: qty.neg(), unit: got.div(qty) };
}

function referenceAverage(trades: OwnTrade[], last: Rx): RefResult {
  let q = new R(0);
  let avg = new R(0);
  let realised = new R(0);
  for (const t of trades) {
    const { qty, unit } = unitsOf(t);
    if (q.isZero() || q.isNeg() === qty.isNeg()) {
      avg = avg.mul(q.abs()).plus(unit.mul(qty.abs())).div(q.abs().plus(qty.abs()));
      q = q.plus(qty);
      continue;
    }
    const closed = R.min(q.abs(), qty.abs()) as Rx;
    realised = realised.plus(closed.mul(unit.minus(avg)).mul(q.isNeg() ? -1 : 1));
    const rest = qty.abs().minus(closed);
    q = q.plus(qty.isNeg() ? closed.neg() : closed);
    if (rest.gt(0)) {
      q = qty.isNeg() ? rest.neg() : rest;
      avg = unit;
    } else if (q.isZero()) avg = new R(0);
  }
  return { position: q, realised, unrealised: q.mul(last.minus(avg)) };
}

function referenceFifo(trades: OwnTrade[], last: Rx): RefResult {
  const lots: { qty: Rx; unit: Rx }[] = [];
  let realised = new R(0);
  for (const t of trades) {
    const { qty, unit } = unitsOf(t);
    let left = qty;
    while (!left.isZero() && lots.length > 0 && (lots[0] as { qty: Rx }).qty.isNeg() !== left.isNeg()) {
      const lot = lots[0] as { qty: Rx; unit: Rx };
      const take = R.min(lot.qty.abs(), left.abs()) as Rx;
      realised = realised.plus(take.mul(unit.minus(lot.unit)).mul(lot.qty.isNeg() ? -1 : 1));
      lot.qty = lot.qty.isNeg() ? lot.qty.plus(take) : lot.qty.minus(take);
      left = left.isNeg() ? left.plus(take) : left.minus(take);
      if (lot.qty.isZero()) lots.shift();
    }
    if (!left.isZero()) lots.push({ qty: left, unit });
  }
  let position = new R(0);
  let unrealised = new R(0);
  for (const l of lots) {
    position = position.plus(l.qty);
    unrealised = unrealised.plus(l.qty.mul(last.minus(l.unit)));
  }
  return { position, realised, unrealised };
}

// ---------- random trade sequences ----------

const decimal = (maxUnits: number, places: number) =>
  fc.integer({ min: 1, max: maxUnits * 10 ** places }).map((n) => new Decimal(n).div(10 ** places).toFixed());

const tradeArb = fc
  .record({
    side: fc.constantFrom('buy' as const, 'sell' as const),
    price: decimal(5000, 2),
    amount: decimal(3, 6),
    // Fee rate in basis points, and which currency it is charged in (null = the exchange's rule).
    feeBp: fc.integer({ min: 0, max: 50 }),
    feeIn: fc.constantFrom('BTC', 'USD', null),
  })
  .map(({ side, price, amount, feeBp, feeIn }) => {
    const cur = feeIn ?? (side === 'buy' ? 'BTC' : 'USD');
    const gross = cur === 'BTC' ? new Decimal(amount) : new Decimal(amount).mul(price);
    const fee = gross.mul(feeBp).div(10_000).toDecimalPlaces(8, Decimal.ROUND_DOWN).toFixed();
    return trade({ side, price, amount, fee, feeCurrency: feeIn });
  });

const sequenceArb = fc
  .array(tradeArb, { minLength: 1, maxLength: 40 })
  .map((ts) => ts.map((t, i) => ({ ...t, time: 1000 + i })));

const close = (a: string, b: Decimal, tol = '1e-25') => new R(a).minus(b).abs().lte(tol) || `${a} vs ${b.toFixed()}`;

describe('property: P&L equals the reference over random trades', () => {
  for (const method of ['average', 'fifo'] as const) {
    it(`${method}: position, realised and unrealised`, () => {
      fc.assert(
        fc.property(sequenceArb, decimal(5000, 2), (trades, lastPrice) => {
          const ref = (method === 'average' ? referenceAverage : referenceFifo)(trades, new R(lastPrice));
          const { exact } = pnl(trades, method, lastPrice);
          expect(close(exact.position.toFixed(), ref.position, '0')).toBe(true);
          expect(close(exact.realised.toFixed(), ref.realised)).toBe(true);
          expect(close((exact.unrealised as Decimal).toFixed(), ref.unrealised)).toBe(true);
        }),
        { numRuns: 300 },
      );
    });
  }

  it('both methods: realised + unrealised = cash flows + position at the last price (and agree)', () => {
    fc.assert(
      fc.property(sequenceArb, decimal(5000, 2), (trades, lastPrice) => {
        const avg = pnl(trades, 'average', lastPrice).exact;
        const fifo = pnl(trades, 'fifo', lastPrice).exact;
        let cash = new R(0);
        for (const t of trades) {
          const { qty, unit } = unitsOf(t);
          cash = cash.minus(qty.mul(unit));
        }
        const expected = cash.plus(avg.position.toFixed() === '0' ? 0 : new R(avg.position.toFixed()).mul(lastPrice));
        for (const e of [avg, fifo]) {
          expect(close(e.realised.plus(e.unrealised as Decimal).toFixed(), expected, '1e-20')).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('value history', () => {
  it('undoes later trades and values holdings at the candle closes of each time', async () => {
    const { valueHistory } = await import('../../main/pnl/value-history');
    const { pricesAtFrom } = await import('../../main/pnl/candle-prices');
    const candle = (time: number, open: string, close: string) => ({
      time,
      open,
      high: close,
      low: open,
      close,
      volume: '1',
    });
    const balances = [
      { currency: 'USD', balance: '899.8', reserve: '0', available: '899.8', walletType: 'SPOT' as const },
      { currency: 'BTC', balance: '0.999', reserve: '0', available: '0.999', walletType: 'SPOT' as const },
    ].map((b) => ({ ...b, pair: null, accountId: null, updatedAt: null }));
    // At t=150 the account bought 1 BTC at 100 (fee 0.001 BTC) and paid 100 USD; at t=250 nothing else.
    const trades = [trade({ time: 150, side: 'buy', price: '100', amount: '1', fee: '0.001', feeCurrency: 'BTC' })];
    const points = valueHistory({
      balances,
      trades,
      pairs: [],
      currency: 'USD',
      times: [100, 200, 300],
      pricesAt: pricesAtFrom(new Map([['BTC_USD', [candle(120, '90', '100'), candle(220, '100', '110')]]])),
    });
    expect(points).toEqual([
      // Before the buy: 999.8 USD and 0 BTC (before the first candle, BTC is priced at its open, 90).
      { time: 100, value: '999.80000000' },
      { time: 200, value: '999.70000000' },
      { time: 300, value: '1009.69000000' },
    ]);
  });
});
