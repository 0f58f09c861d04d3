import { describe, expect, it } from 'vitest';
import { type Command, PaperCore } from '../../main/paper/core';
import type { PlaceOrderInput } from '../../main/paper/exchange';
import { ALICE, BOB, coreStateText } from './helpers';

const T0 = Date.UTC(2024, 0, 10, 12);

/** Alice trades BTC_USD on cross margin with loans in both currencies; Bob trades on SPOT. */
function setup() {
  const core = new PaperCore();
  const journal: Command[] = [];
  core.sink = (c) => journal.push(structuredClone(c));
  let t = T0;
  core.genesis(t, 1, false);
  const a = core.ensureAccount(ALICE, t);
  const b = core.ensureAccount(BOB, t);
  const base = { pair: 'BTC_USD', tif: 'GTC', type: 'LIMIT' } as const;
  const order = (o: Omit<PlaceOrderInput, 'pair' | 'tif' | 'type'>) => core.place({ ...base, ...o }, ++t);
  // A last price, so the margin level can be valued.
  order({ accountId: b, side: 'SELL', walletType: 'SPOT', price: '60000', amount: '0.001' });
  order({ accountId: a, side: 'BUY', walletType: 'SPOT', price: '60000', amount: '0.001' });
  const scope = { accountId: a, walletType: 'CROSS_MARGIN', pair: '' } as const;
  core.transfer(scope, 'ADD', 'USD', '20000', '', ++t);
  core.transfer(scope, 'ADD', 'BTC', '0.5', '', ++t);
  core.borrow(scope, 'BTC', '0.1', 'LOAN_MANUAL', ++t);
  core.borrow(scope, 'USD', '3000', 'LOAN_MANUAL', ++t);
  const loan = (currency: string) => core.state.borrows.find((x) => x.currency === currency && x.accountId === a);
  return { core, journal, a, b, order, loan, repays: () => core.state.repays.filter((r) => r.accountId === a) };
}

describe('AUTO_REPAY repays from the proceeds of each fill', () => {
  it('repays nothing at placement, then what each later (maker) fill brought in, net of the fee', () => {
    const { core, journal, a, b, order, loan, repays } = setup();
    const buy = order({
      accountId: a,
      side: 'BUY',
      walletType: 'CROSS_MARGIN',
      sideEffect: 'AUTO_REPAY',
      price: '59000',
      amount: '0.05',
    });
    expect(buy.trades).toEqual([]);
    // The wallet holds 0.6 BTC, but this order has received nothing yet: the BTC loan is untouched.
    expect(repays()).toEqual([]);
    expect(loan('BTC')?.repaid.toFixed()).toBe('0');
    order({ accountId: b, side: 'SELL', walletType: 'SPOT', price: '59000', amount: '0.02' });
    // Maker fee 0.1 % of 0.02 BTC is 0.00002: the fill brought in 0.01998 BTC.
    expect(loan('BTC')?.repaid.toFixed()).toBe('0.01998');
    order({ accountId: b, side: 'SELL', walletType: 'SPOT', price: '59000', amount: '0.03' });
    expect(loan('BTC')?.repaid.toFixed()).toBe('0.04995');
    expect(repays().map((r) => [r.currency, r.principal.toFixed(), r.type])).toEqual([
      ['BTC', '0.01998', 'LOAN_AUTO'],
      ['BTC', '0.02997', 'LOAN_AUTO'],
    ]);
    // The USD loan is another currency than these fills brought in.
    expect(loan('USD')?.repaid.toFixed()).toBe('0');
    const replayed = new PaperCore();
    for (const c of journal) replayed.replay(c);
    expect(coreStateText(replayed.state)).toBe(coreStateText(core.state));
  });

  it('repays at most what is owed from a taker sell, in the quote it received', () => {
    const { core, a, b, order, loan, repays } = setup();
    order({ accountId: b, side: 'BUY', walletType: 'SPOT', price: '61000', amount: '0.01' });
    order({
      accountId: a,
      side: 'SELL',
      walletType: 'CROSS_MARGIN',
      sideEffect: 'AUTO_REPAY',
      price: '61000',
      amount: '0.01',
    });
    // 610 USD less the 0.2 % taker fee (1.22) = 608.78 repaid of the 3000 owed.
    expect(loan('USD')?.repaid.toFixed()).toBe('608.78');
    expect(loan('BTC')?.repaid.toFixed()).toBe('0');
    // A fill that brings in more than is owed repays only what is owed, and the loan closes.
    order({ accountId: b, side: 'BUY', walletType: 'SPOT', price: '61000', amount: '0.1' });
    order({
      accountId: a,
      side: 'SELL',
      walletType: 'CROSS_MARGIN',
      sideEffect: 'AUTO_REPAY',
      price: '61000',
      amount: '0.1',
    });
    expect(loan('USD')?.repaid.toFixed()).toBe('3000');
    expect(loan('USD')?.closedAt).toBeGreaterThan(0);
    expect(repays().map((r) => r.principal.toFixed())).toEqual(['608.78', '2391.22']);
    expect(core.ledger.find(a, 'CROSS_MARGIN', '', 'USD')?.balance.gt('20000')).toBe(true);
  });
});
