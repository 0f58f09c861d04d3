/** The market panels' pure parts: exact book grouping, scaled decimals, live candle merging. */
import { describe, expect, it } from 'vitest';
import type { Candle } from '../../preload/domain';
import { mergeLive, toColumns } from '../../renderer/src/market/candles';
import { groupingSteps, groupLevels } from '../../renderer/src/market/group';
import { fromScaled, roundToStep, toScaled } from '../../renderer/src/market/scaled';

describe('book grouping', () => {
  const g = (ticks: number) => ({ pricePlaces: 2, amountPlaces: 4, ticks });
  const asks = [
    { price: '100.01', amount: '1' },
    { price: '100.05', amount: '0.5' },
    { price: '100.10', amount: '2.25' },
    { price: '101.99', amount: '0.0001' },
  ];
  const bids = [
    { price: '99.99', amount: '1.1' },
    { price: '99.90', amount: '0.2' },
    { price: '99.89', amount: '3' },
  ];

  it('rounds asks up and bids down to the step, sums exactly, and accumulates depth', () => {
    expect(groupLevels(asks, g(10), 'ask', 10)).toEqual([
      { price: '100.10', amount: '3.7500', total: '3.7500', totalNum: 3.75 },
      { price: '102.00', amount: '0.0001', total: '3.7501', totalNum: 3.7501 },
    ]);
    expect(groupLevels(bids, g(10), 'bid', 10).map((l) => [l.price, l.amount, l.total])).toEqual([
      ['99.90', '1.3000', '1.3000'],
      ['99.80', '3.0000', '4.3000'],
    ]);
    expect(groupLevels(asks, g(100), 'ask', 10).map((l) => l.price)).toEqual(['101.00', '102.00']);
  });

  it('at one tick keeps prices but merges repeated ones; stops at the row limit', () => {
    const orders = [
      { price: '5.00', amount: '0.1' },
      { price: '5.00', amount: '0.2' },
      { price: '5.01', amount: '0.3' },
    ];
    expect(groupLevels(orders, g(1), 'ask', 10).map((l) => [l.price, l.amount])).toEqual([
      ['5.00', '0.3000'],
      ['5.01', '0.3000'],
    ]);
    expect(groupLevels(asks, g(1), 'ask', 2)).toHaveLength(2);
  });

  it('offers tick ×1, ×10, ×100 as decimals', () => {
    expect(groupingSteps(2)).toEqual(['0.01', '0.10', '1.00']);
    expect(groupingSteps(0)).toEqual(['1', '10', '100']);
  });

  it('scaled decimals round-trip without float error', () => {
    expect(fromScaled(toScaled('0.1', 8) + toScaled('0.2', 8), 8)).toBe('0.30000000');
    expect(fromScaled(toScaled('60000', 2), 2)).toBe('60000.00');
    expect(fromScaled(roundToStep(toScaled('0.000051', 6), 10n, true), 6)).toBe('0.000060');
    expect(fromScaled(-5n, 3)).toBe('-0.005');
  });
});

describe('live candles', () => {
  const c = (time: number, close: string): Candle => ({ time, open: '1', high: '2', low: '0.5', close, volume: '3' });

  it('replaces the candle with the same time, appends a newer one, ignores nothing-new', () => {
    const cols = toColumns([c(1_000, '1.1'), c(2_000, '1.2')]);
    expect(mergeLive(cols, [c(1_000, '1.1'), c(2_000, '1.2')])).toBe(-1);
    expect(mergeLive(cols, [c(2_000, '1.5')])).toBe(0);
    expect(cols[4]).toEqual([1.1, 1.5]);
    expect(mergeLive(cols, [c(2_000, '1.6'), c(3_000, '1.7')])).toBe(1);
    expect(cols[0]).toEqual([1, 2, 3]);
    expect(cols[4]).toEqual([1.1, 1.6, 1.7]);
  });
});
