/** The chart's price-line model: open orders -> lines (pending stops at their trigger), click -> price string. */
import { describe, expect, it } from 'vitest';
import type { Order } from '../../preload/domain';
import { ordersToLines } from '../../renderer/src/market/chart-plugins/order-lines';
import { valueToPrice } from '../../renderer/src/market/chart-plugins/price-click';

const order = (o: Partial<Order>): Order => ({
  id: 1,
  clientOrderId: null,
  accountId: null,
  pair: 'BTC_USD',
  side: 'buy',
  type: 'LIMIT',
  tif: 'GTC',
  price: '60000.00',
  stopPrice: null,
  amount: '0.5',
  filled: '0.1',
  cancelled: '0',
  status: 'OPEN',
  walletType: 'SPOT',
  createdAt: 0,
  updatedAt: null,
  doneAt: null,
  expireAt: null,
  ...o,
});

describe('ordersToLines', () => {
  it('draws limits at their price, pending stops at their stop price with the stop kinds, and skips the rest', () => {
    const lines = ordersToLines(
      [
        order({ id: 1 }),
        order({ id: 2, side: 'sell', price: '65000.00', filled: '0' }),
        order({ id: 3, type: 'STOP_LIMIT', status: 'PENDING', stopPrice: '62000.00', price: '62100.00' }),
        order({ id: 4, type: 'STOP_MARKET', side: 'sell', status: 'PENDING', stopPrice: '55000.00', price: '0' }),
        order({ id: 5, pair: 'ETH_USD' }),
        order({ id: 6, status: 'FILLED' }),
        // A triggered stop-limit rests as a limit order at its limit price.
        order({ id: 7, type: 'STOP_LIMIT', status: 'OPEN', stopPrice: '59000.00', price: '58900.00', filled: '0' }),
      ],
      'BTC_USD',
    );
    expect(lines).toEqual([
      { price: '60000.00', kind: 'limit-buy', label: 'BUY 0.4 @ 60000.00' },
      { price: '65000.00', kind: 'limit-sell', label: 'SELL 0.5 @ 65000.00' },
      { price: '62000.00', kind: 'stop-buy', label: 'STOP BUY 0.4 @ 62000.00 → 62100.00' },
      { price: '55000.00', kind: 'stop-sell', label: 'STOP SELL 0.4 @ 55000.00 → MKT' },
      { price: '58900.00', kind: 'limit-buy', label: 'BUY 0.5 @ 58900.00' },
    ]);
  });
});

describe('valueToPrice', () => {
  it('rounds the pixel value to the pair precision and refuses non-prices', () => {
    expect(valueToPrice(61234.5678, 2)).toBe('61234.57');
    expect(valueToPrice(0.000123456, 6)).toBe('0.000123');
    expect(valueToPrice(-3, 2)).toBeNull();
    expect(valueToPrice(Number.NaN, 2)).toBeNull();
  });
});
