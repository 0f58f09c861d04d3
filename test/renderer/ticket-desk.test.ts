/** The ticket's desk rules: quote-amount buys, stop triggers, the book-walk estimate, which API an order takes. */
import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { walkByBase, walkByQuote } from '../../renderer/src/trading/book-walk';
import {
  apiFor,
  defaultStopOperator,
  stopTriggersNow,
  totalOf,
  validateTicket,
} from '../../renderer/src/trading/ticket-rules';
import { BTC_USD } from '../support/pairs';

const asks = [
  { price: '60000', amount: '0.01' },
  { price: '60010', amount: '0.02' },
  { price: '60100', amount: '1' },
];
const quoteBuy = (amount: string) => ({
  side: 'buy' as const,
  type: 'MARKET' as const,
  price: '',
  stopPrice: '',
  amount,
  amountIn: 'quote' as const,
});

describe('ticket desk rules', () => {
  it('walks the asks for a market buy by base amount, level by level, exactly', () => {
    const e = walkByBase(asks, new Decimal('0.02'));
    expect(e.quote.toFixed()).toBe('1200.1'); // 0.01 × 60000 + 0.01 × 60010
    expect(e.complete).toBe(true);
    const thin = walkByBase(asks.slice(0, 1), new Decimal('0.5'));
    expect(thin.base.toFixed()).toBe('0.01');
    expect(thin.complete).toBe(false);
  });

  it('works out what a quote amount buys, in whole lots', () => {
    const e = walkByQuote(asks, new Decimal('1000'), 6);
    // 600 buys the first level; 400 more at 60 010 buys 0.006665 (rounded down to the lot).
    expect(e.base.toFixed()).toBe('0.016665');
    expect(e.quote.toFixed()).toBe('999.96665');
  });

  it('checks a buy by quote amount against the quote decimals, the minimum value and the balance', () => {
    expect(validateTicket(quoteBuy('500'), BTC_USD, '1000', '60000')).toEqual({});
    expect(validateTicket(quoteBuy('500.123'), BTC_USD, '1000', '60000').amount).toContain('2 decimals');
    expect(validateTicket(quoteBuy('0.5'), BTC_USD, '1000', '60000').total).toContain('minimum order value');
    expect(validateTicket(quoteBuy('1500'), BTC_USD, '1000', '60000').total).toContain('Not enough USD');
    expect(totalOf(quoteBuy('500'), '60000')?.toFixed()).toBe('500');
  });

  it('warns when a stop would trigger at once, in either direction', () => {
    expect(stopTriggersNow('GTE', '59000', '60000')).toBe(true);
    expect(stopTriggersNow('GTE', '61000', '60000')).toBe(false);
    expect(stopTriggersNow('LTE', '61000', '60000')).toBe(true);
    expect(stopTriggersNow('LTE', '59000', '60000')).toBe(false);
    expect(stopTriggersNow('GTE', '', '60000')).toBe(false);
    expect(defaultStopOperator('buy')).toBe('GTE');
    expect(defaultStopOperator('sell')).toBe('LTE');
  });

  it('sends only plain spot GTC limit orders for the own account through v1', () => {
    expect(apiFor('LIMIT', 'GTC')).toBe('v1');
    expect(apiFor('LIMIT', 'AON')).toBe('v3');
    expect(apiFor('LIMIT', 'GTC', 'CROSS_MARGIN')).toBe('v3');
    expect(apiFor('LIMIT', 'GTC', 'SPOT', true)).toBe('v3');
    expect(apiFor('LIMIT', 'GTC', 'SPOT', false, 12)).toBe('v3');
    expect(apiFor('MARKET', 'GTC')).toBe('v3');
  });
});
