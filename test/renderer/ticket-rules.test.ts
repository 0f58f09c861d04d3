/** The order ticket's pure rules (renderer/src/trading): stepping, shares, grouping and the checks before sending. */
import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { grouped, stepValue } from '../../renderer/src/trading/money';
import { amountForShare, validateTicket } from '../../renderer/src/trading/ticket-rules';
import { BTC_USD } from '../support/pairs';

const limit = (over: Partial<Parameters<typeof validateTicket>[0]>) => ({
  side: 'buy' as const,
  type: 'LIMIT' as const,
  price: '60000',
  stopPrice: '',
  amount: '0.01',
  ...over,
});

describe('ticket rules', () => {
  it('steps by one tick or lot, snapping off-grid values in the direction of travel', () => {
    expect(stepValue('59500', 2, 1, null)).toBe('59500.01');
    expect(stepValue('59500.01', 2, -10, null)).toBe('59499.91');
    expect(stepValue('0.0100005', 6, 1, null)).toBe('0.010001');
    expect(stepValue('0.0100005', 6, -1, null)).toBe('0.010000');
    expect(stepValue('', 2, 1, '61000')).toBe('61000.01');
    expect(stepValue('0.01', 2, -5, null)).toBe('0.01');
  });

  it('works out 25-100% of the available balance, rounded down to the lot', () => {
    expect(amountForShare('buy', 25, '1000', new Decimal('60000'), BTC_USD)).toBe('0.004166');
    expect(amountForShare('sell', 100, '0.1234567', null, BTC_USD)).toBe('0.123456');
    expect(amountForShare('buy', 50, '1000', null, BTC_USD)).toBeNull();
  });

  it('names the field and what to change', () => {
    expect(validateTicket(limit({ price: '60000.123' }), BTC_USD, '100000', null).price).toBe(
      'Price allows 2 decimals: use 60000.12 (↑/↓ step by 0.01).',
    );
    expect(validateTicket(limit({ amount: '0.0000001' }), BTC_USD, '100000', null).amount).toBe(
      'Amount allows 6 decimals: use 0.000000.',
    );
    expect(validateTicket(limit({ amount: '2000' }), BTC_USD, null, null).amount).toBe(
      'Amount is above the maximum 1000 BTC: lower it.',
    );
    expect(validateTicket(limit({ price: '10', amount: '0.05' }), BTC_USD, '100000', null).total).toMatch(
      /^Order value 0.50 USD is below the minimum 1 USD/,
    );
    expect(validateTicket(limit({ amount: '1' }), BTC_USD, '500', null).total).toBe(
      'Not enough USD: this order needs 60\u202f000.00, 500.00 is available. Lower the amount or price.',
    );
    expect(validateTicket(limit({ type: 'STOP_LIMIT' }), BTC_USD, '100000', null).stopPrice).toBe(
      'Enter a stop price.',
    );
    expect(validateTicket(limit({}), BTC_USD, '100000', null)).toEqual({});
  });

  it('groups thousands with a narrow no-break space', () => {
    expect(grouped('60000', 2)).toBe('60\u202f000.00');
    expect(grouped('-1234567.891', 2)).toBe('-1\u202f234\u202f567.89');
  });
});
