import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { isActive } from '../../main/paper/exchange';
import { loadCore } from '../../main/paper/index';
import { Dec, ZERO } from '../../main/paper/money';
import { Persistence } from '../../main/paper/persistence';
import { coreStateText } from './helpers';

/** Files written by the round-2 core (Decimal records), see fixtures/format-r2/make.ts. */
const FIXTURE = join(import.meta.dirname, 'fixtures', 'format-r2');
const dirs: string[] = [];

function copyFixture(): string {
  const dir = mkdtempSync(join(tmpdir(), 'paper-format-'));
  dirs.push(dir);
  // Stored under names no formatter touches (a .json would be reformatted): the bytes are what the old core wrote.
  copyFileSync(join(FIXTURE, 'state.snapshot'), join(dir, 'state.json'));
  copyFileSync(join(FIXTURE, 'state.journal'), join(dir, 'state.json.journal'));
  return join(dir, 'state.json');
}

function totals(state: ReturnType<typeof loadCore>['core']['state']): Map<string, string> {
  const m = new Map<string, Dec>();
  for (const w of state.wallets.values()) m.set(w.currency, (m.get(w.currency) ?? ZERO).add(w.balance).add(w.reserve));
  for (const [c, f] of state.fees) m.set(c, (m.get(c) ?? ZERO).add(f));
  return new Map([...m].map(([c, v]) => [c, v.toFixed()]));
}

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('state files of the previous format', () => {
  it('load (snapshot + journal replay) to exactly the state the previous core had in memory', () => {
    const expected = readFileSync(join(FIXTURE, 'expected-state.txt'), 'utf8').trimEnd();
    const { core } = loadCore(copyFixture());
    expect(coreStateText(core.state)).toBe(expected);
  });

  it('keep trading after the load: fills, cancels and fees stay exact and money is conserved', () => {
    const path = copyFixture();
    const { core } = loadCore(path);
    const before = totals(core.state);
    const t = core.state.lastTickAt + 3_600_000;
    const alice = core.accounts.byName('alice')?.id as number;
    const bob = core.accounts.byName('bob')?.id as number;
    // Every order that was open in the files can still be cancelled, and its reserve comes back whole.
    const open = core.ordersOf(bob, { active: true });
    expect(open.length).toBeGreaterThan(0);
    for (const o of open) core.cancel(bob, o.id, t);
    const order = { pair: 'BTC_USD', type: 'LIMIT', tif: 'GTC', walletType: 'SPOT' } as const;
    core.place({ ...order, accountId: alice, side: 'BUY', price: '59000.01', amount: '0.123457' }, t + 1);
    const sell = core.place({ ...order, accountId: bob, side: 'SELL', price: '58000', amount: '0.2' }, t + 2);
    expect(
      sell.trades.map((x) => [x.price.toFixed(), x.amount.toFixed(), x.total.toFixed(), x.sellFee.toFixed()]),
    ).toEqual([['59000.01', '0.123457', '7283.96423457', '14.56792846']]);
    // Alice's ask at 59600 and Bob's rest of 0.076543 at 58000 do not cross: Bob's rest is the best ask.
    expect(sell.order.status).toBe('PARTIAL_FILLED');
    // Conservation: money per currency is constant, fees included (nothing is created or lost by the cells).
    expect(totals(core.state)).toEqual(before);
    for (const w of core.state.wallets.values()) {
      expect(w.balance.isNegative()).toBe(false);
      expect(w.reserve.isNegative()).toBe(false);
      const held = core
        .ordersOf(w.accountId, { active: true })
        .filter((o) => isActive(o) && o.reserveCurrency === w.currency && o.walletType === w.walletType)
        .reduce((s, o) => s.add(o.reserved), new Dec(0));
      if (w.walletType === 'SPOT') expect(w.reserve.toFixed()).toBe(held.toFixed());
    }
  });

  it('written again by this core (snapshot and journal), load to the same state', () => {
    const path = copyFixture();
    const loaded = loadCore(path);
    const p = new Persistence(path, loaded.seq, loaded.journalEnd);
    loaded.core.sink = (c, s) => p.append(c, s);
    const bob = loaded.core.accounts.byName('bob')?.id as number;
    loaded.core.place(
      {
        accountId: bob,
        pair: 'ETH_BTC',
        side: 'SELL',
        type: 'LIMIT',
        tif: 'GTC',
        walletType: 'SPOT',
        price: '0.001',
        amount: '0.5',
      },
      loaded.core.state.lastTickAt + 1000,
    );
    p.sync();
    const afterJournal = coreStateText(loaded.core.state);
    expect(coreStateText(loadCore(path).core.state)).toBe(afterJournal);
    p.snapshot(loaded.core.state);
    p.close();
    expect(coreStateText(loadCore(path).core.state)).toBe(afterJournal);
  });
});
