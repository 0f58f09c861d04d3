import { describe, expect, it } from 'vitest';
import { type Command, PaperCore } from '../../main/paper/core';
import { MARGIN_RULES } from '../../main/paper/margin';
import { Dec, ZERO, trunc8 } from '../../main/paper/money';
import { ALICE, BOB, coreStateText } from './helpers';

const T0 = Date.UTC(2024, 0, 10, 12);
const HOUR = MARGIN_RULES.hourMs;

/** A core with a BTC_USD price, alice's cross margin funded with USD, and every command kept as the journal would. */
function marginCore(): {
  core: PaperCore;
  journal: Command[];
  scope: { accountId: number; walletType: 'CROSS_MARGIN'; pair: '' };
} {
  const core = new PaperCore();
  const journal: Command[] = [];
  core.sink = (c) => journal.push(structuredClone(c));
  core.genesis(T0, 1, false);
  const a = core.ensureAccount(ALICE, T0);
  const b = core.ensureAccount(BOB, T0);
  const spot = {
    pair: 'BTC_USD',
    type: 'LIMIT',
    tif: 'GTC',
    walletType: 'SPOT',
    price: '60000',
    amount: '0.001',
  } as const;
  core.place({ ...spot, accountId: b, side: 'SELL' }, T0);
  core.place({ ...spot, accountId: a, side: 'BUY' }, T0);
  const scope = { accountId: a, walletType: 'CROSS_MARGIN', pair: '' } as const;
  core.transfer(scope, 'ADD', 'USD', '10000', '', T0);
  return { core, journal, scope };
}

describe('margin interest accrues exactly and is charged in whole 1e-8s', () => {
  it('charges a small loan at its true rate (the remainder is carried), never a zero charge', () => {
    const { core, journal, scope } = marginCore();
    core.borrow(scope, 'BTC', '0.00009999', 'LOAN_MANUAL', T0); // 9.999e-9 BTC an hour: below 1e-8
    core.borrow(scope, 'BTC', '0.00001', 'LOAN_MANUAL', T0); // 1e-9 BTC an hour: 1e-8 every 10 hours
    for (let h = 1; h <= 720; h++) core.tick(T0 + h * HOUR);
    const [small, tiny] = core.state.borrows;
    // Sum of charges = the exact interest of 720 hours, truncated once.
    expect(small?.interestAccrued.toFixed()).toBe(trunc8(new Dec('0.00009999').mul('0.0001').mul(720)).toFixed());
    expect(tiny?.interestAccrued.toFixed()).toBe('0.00000072');
    const charges = core.state.interests;
    expect(charges.every((c) => c.accrued.gt(0))).toBe(true);
    expect(charges.filter((c) => c.borrowId === tiny?.id)).toHaveLength(72);
    expect(charges.reduce((s, c) => s.add(c.accrued), ZERO).toFixed()).toBe(
      (small?.interestAccrued ?? ZERO).add(tiny?.interestAccrued ?? ZERO).toFixed(),
    );
    // Replay of the journal gives the same loans and charges.
    const replayed = new PaperCore();
    for (const c of journal) replayed.replay(c);
    expect(coreStateText(replayed.state)).toBe(coreStateText(core.state));
  });

  it('journals no tick while a loan accrues less than 1e-8 since its last charge', () => {
    const { core, journal, scope } = marginCore();
    core.borrow(scope, 'BTC', '0.00001', 'LOAN_MANUAL', T0);
    const ticksBefore = journal.filter((c) => c.c === 'tick').length;
    const changed: number[] = [];
    for (let h = 1; h <= 30; h++) if (core.tick(T0 + h * HOUR)) changed.push(h);
    expect(changed).toEqual([10, 20, 30]);
    expect(journal.filter((c) => c.c === 'tick').length - ticksBefore).toBe(3);
    expect(core.state.interests.map((c) => c.accrued.toFixed())).toEqual(['0.00000001', '0.00000001', '0.00000001']);
  });
});
