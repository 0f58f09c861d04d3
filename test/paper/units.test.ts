import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { limitFigures, scaledFromText } from '../../main/paper/limitPlan';
import { PAIRS } from '../../main/paper/market';
import { type Dec, ceil8, dec, toScaled, trunc8 } from '../../main/paper/money';
import { rateOf, scaledToUnits, toUnits, unitsDec, unitsText, unitsTimesRate } from '../../main/paper/units';

/** Decimal texts as a client could send them: plain, with trailing zeros, leading zeros, too many decimals, junk. */
const decimalText = fc.oneof(
  fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.nat({ max: 10 })).map(([n, places]) => {
    const s = n.toString().padStart(places + 1, '0');
    return places === 0 ? s : `${s.slice(0, s.length - places)}.${s.slice(s.length - places)}`;
  }),
  fc.tuple(fc.nat({ max: 99999 }), fc.nat({ max: 12 })).map(([n, zeros]) => `${n}.${'0'.repeat(zeros)}`),
  fc.constantFrom('', '.', '1.', '.5', '-1', '1e3', '0x10', ' 1', '1.2.3', '00012.50', '9'.repeat(41), 'NaN'),
);

/** Mostly sizes and prices a real order has (within the pairs' bounds more often than not), some of anything. */
const orderText = fc.oneof(
  fc.tuple(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 0, max: 6 })).map(([n, places]) => {
    const s = n.toString().padStart(places + 1, '0');
    return places === 0 ? s : `${s.slice(0, s.length - places)}.${s.slice(s.length - places)}`;
  }),
  decimalText,
);

describe('integer money units', () => {
  it('convert Decimals with up to 8 decimals exactly, both signs, and refuse more decimals', () => {
    for (const text of ['0', '1', '0.00000001', '123456789012.12345678', '-0.5', '100000000000000']) {
      expect(unitsDec(toUnits(dec(text))).toFixed()).toBe(dec(text).toFixed());
      expect(dec(unitsText(toUnits(dec(text)))).eq(dec(text))).toBe(true);
    }
    expect(unitsText(-1n)).toBe('-0.00000001');
    expect(() => toUnits(dec('0.000000001'))).toThrow(/more than 8 decimals/);
  });

  it('give exactly trunc8(amount x rate) for fees', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 22n }),
        fc.constantFrom('0.001', '0.002', '0.0015', '0', '1', '0.00012345'),
        (units, rateText) => {
          const rate = dec(rateText);
          const exact = trunc8(unitsDec(units).mul(rate));
          expect(unitsDec(unitsTimesRate(units, rateOf(rate))).toFixed()).toBe(exact.toFixed());
        },
      ),
      { numRuns: 500, seed: 11 },
    );
  });
});

describe('the integer check of a plain limit order', () => {
  it('reads a decimal text as the Decimal check does, or declines (-1)', () => {
    let read = 0;
    fc.assert(
      fc.property(decimalText, fc.integer({ min: 0, max: 8 }), (text, decimals) => {
        const n = scaledFromText(text, decimals);
        const plain = /^\d+(\.\d+)?$/.test(text) && text.length <= 40;
        const fits = plain && (!text.includes('.') || (text.replace(/0+$/, '').split('.')[1] ?? '').length <= decimals);
        if (n === -1) return;
        // Whatever it reads, the Decimal reading accepts too, with the very same scaled value.
        expect(fits).toBe(true);
        expect(n).toBe(toScaled(dec(text), decimals));
        read++;
      }),
      { numRuns: 1000, seed: 7 },
    );
    expect(read).toBeGreaterThan(100);
  });

  it('accepts only orders within every bound of the pair, with the reserve the Decimal check computes', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.constantFrom(...PAIRS), fc.boolean(), orderText, orderText, (spec, buy, price, amount) => {
        const f = limitFigures(spec, buy, price, amount);
        if (f === null) return;
        const p = dec(price);
        const a = dec(amount);
        expect(p.gt(0) && p.lte(spec.maxPrice)).toBe(true);
        expect(a.gte(spec.minOrderSize) && a.lte(spec.maxOrderSize)).toBe(true);
        expect(p.mul(a).gte(spec.minOrderValue) && p.mul(a).lte(spec.maxOrderValue)).toBe(true);
        expect(f.priceTicks).toBe(toScaled(p, spec.pricePrecision));
        expect(f.lots).toBe(toScaled(a, spec.amountPrecision));
        const need: Dec = buy ? ceil8(p.mul(a)) : a;
        expect(unitsDec(f.needUnits).toFixed()).toBe(need.toFixed());
        expect(scaledToUnits(f.lots, spec.amountPrecision)).toBe(toUnits(a));
        accepted++;
      }),
      { numRuns: 2000, seed: 3 },
    );
    expect(accepted).toBeGreaterThan(120);
  });

  it('takes the ordinary orders it exists for', () => {
    const btc = PAIRS.find((p) => p.name === 'BTC_USD');
    const ethBtc = PAIRS.find((p) => p.name === 'ETH_BTC');
    if (btc === undefined || ethBtc === undefined) throw new Error('pairs missing');
    expect(limitFigures(btc, true, '60000.10', '0.010000')).toEqual({
      priceTicks: 6000010,
      lots: 10000,
      needUnits: 60000100000n,
    });
    // ETH_BTC: 10 decimals of price x amount, the reserve rounded up to 8.
    expect(limitFigures(ethBtc, true, '0.052341', '1.2345')?.needUnits).toBe(6461497n);
    expect(limitFigures(btc, true, '0', '1')).toBeNull();
    expect(limitFigures(btc, false, '60000', '0.0000001')).toBeNull();
  });
});
