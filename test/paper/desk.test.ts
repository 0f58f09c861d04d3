/** The paper exchange's part of the trading desk: post-only refusal, and closing margin recorded as a transfer. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PaperExchangeInternals } from '../../main/paper/index';
import { ALICE, BOB, TestClock, totals, V3Client, startQuiet } from './helpers';

type Row = Record<string, unknown>;

describe('paper exchange: desk features', () => {
  let clock: TestClock;
  let ex: PaperExchangeInternals;
  let alice: V3Client;
  let bob: V3Client;

  beforeEach(async () => {
    clock = new TestClock();
    ex = await startQuiet(clock);
    alice = new V3Client(ex.url, clock, ALICE);
    bob = new V3Client(ex.url, clock, BOB);
    await alice.login();
    await bob.login();
    // Bob's resting ask at 50 000 is what a crossing buy would take.
    const ask = await bob.call('POST', '/api/v3/orders', {
      pair: 'BTC_USD',
      order_side: 'SELL',
      order_type: 'LIMIT',
      limit_price: 50000,
      base_amount: 0.1,
    });
    expect(ask.status).toBe(201);
    clock.advance(1000);
  });
  afterEach(async () => {
    await ex.close();
  });

  const buy = (price: number, extra: Row = {}) =>
    alice.call('POST', '/api/v3/orders', {
      pair: 'BTC_USD',
      order_side: 'BUY',
      order_type: 'LIMIT',
      limit_price: price,
      base_amount: 0.01,
      ...extra,
    });

  it('refuses a post-only buy at or above the best ask and changes nothing', async () => {
    const before = totals(ex);
    const ordersBefore = ex.core.state.orders.size;
    const r = await buy(50000, { post_only: true });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toContain('post_only order would take liquidity: the best ask is 50000.00');
    expect(totals(ex)).toEqual(before);
    expect(ex.core.state.orders.size).toBe(ordersBefore);
    expect(ex.core.state.trades).toHaveLength(0);
  });

  it('rests a post-only buy below the best ask, and a crossing buy without it still trades', async () => {
    clock.advance(1000);
    const rest = await buy(49999, { post_only: true });
    expect(rest.status).toBe(201);
    const id = rest.body as number;
    expect(ex.core.state.orders.get(id)?.status).toBe('OPEN');
    clock.advance(1000);
    expect((await buy(50000, { post_only: false })).status).toBe(201);
    expect(ex.core.state.trades).toHaveLength(1);
  });

  it('records the return to spot on close as a SUB transfer', async () => {
    const scope = { wallet_type: 'ISOLATED_MARGIN', pair: 'BTC_USD' };
    expect(
      (
        await alice.call('POST', '/api/v3/margin/transfer', {
          ...scope,
          direction: 'ADD',
          currency: 'USD',
          amount: 1000,
        })
      ).status,
    ).toBeLessThan(300);
    clock.advance(1000);
    expect(
      (await alice.call('POST', '/api/v3/margin/borrow', { ...scope, currency: 'USD', borrow: 500 })).status,
    ).toBeLessThan(300);
    clock.advance(1000);
    expect((await alice.call('DELETE', '/api/v3/margin', scope)).status).toBeLessThan(300);
    clock.advance(1000);
    const transfers = (await alice.call('GET', '/api/v3/margin/transfer')).body as Row[];
    const out = transfers.filter((t) => t.direction === 'SUB');
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ currency: 'USD', pair: 'BTC_USD', wallet_type: 'ISOLATED_MARGIN', amount: 1000 });
  });
});
