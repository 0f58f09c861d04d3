import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Command, PaperCore } from '../../main/paper/core';
import type { PlaceOrderInput } from '../../main/paper/exchange';
import { loadCore } from '../../main/paper/index';
import { PAIRS } from '../../main/paper/market';
import { Dec, ZERO, dec } from '../../main/paper/money';
import { Persistence } from '../../main/paper/persistence';
import { RETENTION } from '../../main/paper/retention';
import { currentRoutes, withCurrentRoutes } from '../../main/paper/routes/current';
import { v1Routes } from '../../main/paper/routes/v1';
import { v3Routes } from '../../main/paper/routes/v3';
import type { CoreState } from '../../main/paper/state';
import { readRoute } from '../support/paperRoutes';
import { ALICE, BOB } from './helpers';

const T0 = Date.UTC(2024, 0, 10, 12);
const HOUR = 3_600_000;
const DAY = 86_400_000;
const OTHERS = 40;
/** What the other accounts accumulated: finished orders, trades, motions, and margin records per account. */
const FOREIGN = { orders: 200_000, trades: 100_000, activity: 50_000, marginPerAccount: 25 };

/** The whole state as comparable text (Decimals as exact strings, Maps as entry lists), as reliability.test.ts. */
function stateText(s: CoreState): string {
  return JSON.stringify(s, function (this: unknown, key: string, value: unknown) {
    const original = (this as Record<string, unknown>)[key];
    if (Dec.isDecimal(original)) return (original as Dec).toFixed();
    if (original instanceof Map) return [...original.entries()];
    return key === 'secret' ? '' : value;
  });
}

/** Records looked at by every query, accrual and liquidation check (the indexes' test hooks). */
function visits(core: PaperCore): number {
  return core.exchange.index.visits.visited + core.history.visits.visited + core.margin.records.visits.visited;
}

/**
 * Counts walks of the state's whole collections (iterating the orders map, reading elements of the trade,
 * activity, deposit and margin arrays): after it is installed, nothing a user does or reads may walk them.
 */
function watchScans(s: CoreState): { scans: number } {
  const seen = { scans: 0 };
  class WatchedMap<K, V> extends Map<K, V> {
    override values(): MapIterator<V> {
      seen.scans++;
      return super.values();
    }
    override keys(): MapIterator<K> {
      seen.scans++;
      return super.keys();
    }
    override entries(): MapIterator<[K, V]> {
      seen.scans++;
      return super.entries();
    }
    override forEach(f: (value: V, key: K, map: Map<K, V>) => void): void {
      seen.scans++;
      super.forEach(f);
    }
    override [Symbol.iterator](): MapIterator<[K, V]> {
      seen.scans++;
      return super[Symbol.iterator]();
    }
  }
  const watched = <T>(rows: T[]): T[] =>
    new Proxy(rows, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) seen.scans++;
        return Reflect.get(target, key, receiver);
      },
    });
  s.orders = new WatchedMap(s.orders);
  s.trades = watched(s.trades);
  s.activity = watched(s.activity);
  s.deposits = watched(s.deposits);
  s.borrows = watched(s.borrows);
  s.transfers = watched(s.transfers);
  s.repays = watched(s.repays);
  s.interests = watched(s.interests);
  s.liquidations = watched(s.liquidations);
  return seen;
}

interface World {
  core: PaperCore;
  alice: number;
  bob: number;
}

/**
 * Genesis, alice, bob and OTHERS more user accounts, then (with `foreign`) the others' accumulated history put
 * straight into the state, as a snapshot would hold it: finished orders, trades, motions, closed loans,
 * transfers, repays, interest charges and liquidations. Both variants end on the same counters, so whatever
 * alice and bob do next gets the same ids in either.
 */
function world(foreign: boolean): World {
  const seed = new PaperCore();
  seed.genesis(T0 - 2 * DAY, 1, false);
  const alice = seed.ensureAccount(ALICE, T0 - 2 * DAY);
  const bob = seed.ensureAccount(BOB, T0 - 2 * DAY);
  const others: number[] = [];
  for (let i = 0; i < OTHERS; i++)
    others.push(
      seed.ensureAccount(
        { key: `other-${i}`, secret: `other-secret-${i}`, name: `other${i}`, balances: { USD: '1000', BTC: '1' } },
        T0 - 2 * DAY,
      ),
    );
  const s = seed.state;
  if (foreign) fabricate(s, others);
  else {
    s.counters.order += FOREIGN.orders;
    s.counters.trade += FOREIGN.trades;
    s.counters.activity += FOREIGN.activity;
    s.counters.margin += OTHERS * FOREIGN.marginPerAccount * 5;
  }
  // Pruning marks as a state loaded with these arrays gets them.
  s.retention = undefined;
  return { core: new PaperCore(s), alice, bob };
}

function fabricate(s: CoreState, others: number[]): void {
  const c = s.counters;
  const start = T0 - DAY;
  const of = (i: number): number => others[i % OTHERS] as number;
  const firstOrder = c.order + 1;
  for (let i = 0; i < FOREIGN.orders; i++) {
    const id = ++c.order;
    const p = PAIRS[i % PAIRS.length] as (typeof PAIRS)[number];
    const cancelled = i % 3 === 0;
    s.orders.set(id, {
      id,
      accountId: of(i),
      pair: p.name,
      side: i % 2 === 0 ? 'BUY' : 'SELL',
      type: 'LIMIT',
      tif: 'GTC',
      walletType: 'SPOT',
      price: p.startPrice,
      stopPrice: ZERO,
      stopOperator: '',
      amount: dec('0.01'),
      quoteAmount: ZERO,
      filled: cancelled ? ZERO : dec('0.01'),
      cancelled: cancelled ? dec('0.01') : ZERO,
      status: cancelled ? 'CANCELLED' : 'FILLED',
      createdAt: start + i,
      updatedAt: start + i,
      openAt: start + i,
      doneAt: start + i,
      expireAt: 0,
      clientOrderId: '',
      sideEffect: '',
      reserved: ZERO,
      reserveCurrency: p.quote,
    });
  }
  for (let i = 0; i < FOREIGN.trades; i++) {
    const p = PAIRS[i % PAIRS.length] as (typeof PAIRS)[number];
    s.trades.push({
      id: ++c.trade,
      pair: p.name,
      price: p.startPrice,
      amount: dec('0.01'),
      total: p.startPrice.mul('0.01'),
      takerSide: i % 2 === 0 ? 'BUY' : 'SELL',
      time: start + 2 * i,
      buyOrderId: firstOrder + 2 * i,
      sellOrderId: firstOrder + 2 * i + 1,
      buyerId: of(i),
      sellerId: of(i + 1),
      buyFee: ZERO,
      sellFee: ZERO,
      buyFeeRate: ZERO,
      sellFeeRate: ZERO,
      buyWalletType: 'SPOT',
      sellWalletType: 'SPOT',
    });
  }
  for (let i = 0; i < FOREIGN.activity; i++)
    s.activity.push({
      id: ++c.activity,
      accountId: of(i),
      walletId: 0,
      walletType: 'SPOT',
      currency: 'USD',
      pair: '',
      side: 'BUY',
      date: start + 4 * i,
      type: 'MOTION_TYPE_TRADE',
      balance: dec(1000),
      balanceDelta: dec(-1),
      reserve: ZERO,
      reserveDelta: ZERO,
    });
  const margin = { accountId: 0, walletType: 'CROSS_MARGIN', pair: '', currency: 'BTC' } as const;
  for (let i = 0; i < OTHERS * FOREIGN.marginPerAccount; i++) {
    const at = start + 1000 * i;
    const scope = { ...margin, accountId: of(i) };
    const borrowId = ++c.margin;
    s.borrows.push({
      ...scope,
      id: borrowId,
      type: 'LOAN_MANUAL',
      openedAt: at,
      closedAt: at + 500,
      borrowed: dec('0.1'),
      repaid: dec('0.1'),
      interestRate: dec('0.0001'),
      interestAccrued: ZERO,
      interestPaid: ZERO,
      lastInterestAt: at,
    });
    s.transfers.push({ ...scope, id: ++c.margin, direction: 'ADD', amount: dec(1), note: '', date: at });
    s.repays.push({
      ...scope,
      id: ++c.margin,
      type: 'LOAN_MANUAL',
      principal: dec('0.1'),
      interest: ZERO,
      borrowId,
      date: at + 500,
    });
    s.interests.push({ ...scope, id: ++c.margin, rate: dec('0.0001'), borrowId, accrued: ZERO, paid: ZERO, date: at });
    s.liquidations.push({
      ...scope,
      currency: 'USD',
      id: ++c.margin,
      marginLevel: dec('1.05'),
      amount: dec(1),
      fundAmount: dec(1),
      createdAt: at,
      closedAt: at,
      orderClosed: [],
      orderCreated: [],
      borrowClosed: [borrowId],
      repayCreated: [],
    });
  }
}

const limit = (
  accountId: number,
  pair: string,
  side: 'BUY' | 'SELL',
  amount: string,
  price: string,
  extra: Partial<PlaceOrderInput> = {},
): PlaceOrderInput => ({
  accountId,
  pair,
  side,
  type: 'LIMIT',
  tif: 'GTC',
  walletType: 'SPOT',
  price,
  amount,
  ...extra,
});

/**
 * What alice and bob do: spot trades on two pairs, a partial fill cancelled, a resting order, a pending stop, an
 * order that expires, isolated and cross margin loans with interest, a partial repay, and a price move that
 * liquidates the isolated scope. Returns the time after it.
 */
function session({ core, alice, bob }: World): number {
  let t = T0;
  const next = (ms = 1000): number => {
    t += ms;
    return t;
  };
  core.place(limit(alice, 'BTC_USD', 'SELL', '0.1', '60000'), next());
  core.place(limit(bob, 'BTC_USD', 'BUY', '0.1', '60000'), next());
  const eth = core.place(limit(alice, 'ETH_USD', 'BUY', '1', '3000'), next()).order;
  core.place(limit(bob, 'ETH_USD', 'SELL', '0.5', '3000'), next());
  core.cancel(alice, eth.id, next());
  core.place(limit(bob, 'BTC_USD', 'BUY', '0.2', '59000'), next());
  core.place(
    limit(alice, 'BTC_USD', 'SELL', '0.01', '49000', { type: 'STOP_LIMIT', stopPrice: '50000', stopOperator: 'LTE' }),
    next(),
  );
  core.place(limit(alice, 'BTC_USD', 'BUY', '0.01', '55000', { expireAt: t + HOUR / 2 }), next());
  const isolated = { accountId: alice, walletType: 'ISOLATED_MARGIN', pair: 'BTC_USD' } as const;
  const cross = { accountId: alice, walletType: 'CROSS_MARGIN', pair: '' } as const;
  core.transfer(isolated, 'ADD', 'USD', '1000', 'isolated', next());
  core.borrow(isolated, 'BTC', '0.05', 'LOAN_MANUAL', next());
  core.transfer(cross, 'ADD', 'USD', '10000', 'cross', next());
  core.borrow(cross, 'BTC', '0.01', 'LOAN_MANUAL', next());
  expect(core.tick(next(HOUR))).toBe(true); // interest on both loans, the order expires
  core.repay(cross, 'BTC', '0.001', 'LOAN_MANUAL', next());
  core.place(limit(bob, 'BTC_USD', 'SELL', '0.001', '250000'), next());
  core.place(limit(alice, 'BTC_USD', 'BUY', '0.001', '250000'), next());
  expect(core.tick(next(60_000))).toBe(true); // the isolated scope is below 1.1 at 250000: liquidated
  return next();
}

type Who = 'alice' | 'bob';
const READS: Array<[Who, string, Record<string, string>]> = [
  ['alice', '/api/v1/orders/own', {}],
  ['alice', '/api/v1/orders/own', { status: '1' }],
  ['alice', '/api/v1/orders/own', { status: '2' }],
  ['alice', '/api/v1/orders/own', { status: '3' }],
  ['alice', '/api/v1/orders/own', { pair: 'BTC_USD', type: 'buy' }],
  ['alice', '/api/v1/orders/own', { limit: '2' }],
  ['bob', '/api/v1/orders/own', {}],
  ['alice', '/api/v1/exchanges/own', {}],
  ['alice', '/api/v1/exchanges/own', { pair: 'ETH_USD' }],
  ['alice', '/api/v1/exchanges/own', { ordering: 'id', offset: '1', limit: '1' }],
  ['alice', '/api/v1/exchanges/own', { type: 'sell' }],
  ['bob', '/api/v1/exchanges/own', {}],
  ['alice', '/api/v1/deposits', {}],
  ['alice', '/api/v1/wallets', {}],
  ['alice', '/api/v3/orders', {}],
  ['alice', '/api/v3/orders', { open_only: 'true' }],
  ['alice', '/api/v3/orders', { pair: 'BTC_USD', side: 'SELL' }],
  ['alice', '/api/v3/accounts/trades', {}],
  ['alice', '/api/v3/accounts/trades', { pair: 'BTC_USD', side: 'BUY' }],
  ['bob', '/api/v3/accounts/trades', {}],
  ['alice', '/api/v3/wallets/activity', {}],
  ['alice', '/api/v3/wallets/activity', { currency: 'BTC' }],
  ['alice', '/api/v3/accounts/balances', {}],
  ['alice', '/api/v3/margin', { isolated_margin: 'true', cross_margin: 'true' }],
  ['alice', '/api/v3/margin/borrow', {}],
  ['alice', '/api/v3/margin/borrow', { open_only: 'true' }],
  ['alice', '/api/v3/margin/transfer', {}],
  ['alice', '/api/v3/margin/repay', {}],
  ['alice', '/api/v3/margin/interest', {}],
  ['alice', '/api/v3/margin/liquidation', {}],
];

/** Each read's wire text and how many records it looked at. */
function readAll(w: World, now: number): Array<{ label: string; text: string; visited: number }> {
  const routes = withCurrentRoutes([...v1Routes(w.core), ...v3Routes(w.core)], currentRoutes(w.core));
  return READS.map(([who, path, query]) => {
    const before = visits(w.core);
    const text = readRoute(w.core, routes, now, who === 'alice' ? w.alice : w.bob, path, query);
    return { label: `${who} ${path} ${JSON.stringify(query)}`, text, visited: visits(w.core) - before };
  });
}

describe('indexed routes', () => {
  it("answer a user's reads the same beside 200k finished orders of other accounts, looking only at the user's records", () => {
    const fresh = world(false);
    const loaded = world(true);
    expect(loaded.core.state.orders.size).toBeGreaterThanOrEqual(FOREIGN.orders);
    expect(loaded.core.state.trades.length).toBeGreaterThanOrEqual(FOREIGN.trades);
    const commands: Command[] = [];
    loaded.core.sink = (cmd) => commands.push(structuredClone(cmd));
    const walks = watchScans(loaded.core.state);

    // Placements, cancels, margin and the ticks (expiry, interest, liquidation) also look at nothing foreign.
    let v = visits(fresh.core);
    const now = session(fresh);
    const freshSession = visits(fresh.core) - v;
    v = visits(loaded.core);
    expect(session(loaded)).toBe(now);
    expect(visits(loaded.core) - v).toBe(freshSession);
    expect(freshSession).toBeLessThan(200);

    const a = readAll(fresh, now);
    const b = readAll(loaded, now);
    for (let i = 0; i < a.length; i++) {
      const x = a[i] as (typeof a)[number];
      const y = b[i] as (typeof b)[number];
      expect(y.text, x.label).toBe(x.text);
      expect(y.visited, x.label).toBe(x.visited);
      expect(y.visited, x.label).toBeLessThan(100);
    }

    // Neither the session nor any read walked the state's orders, trades, activity, deposits or margin arrays.
    expect(walks.scans).toBe(0);

    // The reads are not empty: each kind of record the session made is there.
    const rows = (label: string): unknown[] => JSON.parse(b.find((r) => r.label === label)?.text ?? 'null');
    expect(rows('alice /api/v1/orders/own {}')).toHaveLength(5);
    expect(rows('alice /api/v1/orders/own {"status":"1"}')).toHaveLength(1); // the pending stop
    expect(rows('alice /api/v1/orders/own {"limit":"2"}')).toHaveLength(2);
    expect(rows('alice /api/v1/exchanges/own {}')).toHaveLength(3);
    expect(rows('alice /api/v1/exchanges/own {"ordering":"id","offset":"1","limit":"1"}')).toEqual([
      expect.objectContaining({ pair: 'ETH_USD', type: 'buy' }),
    ]);
    expect(rows('alice /api/v1/deposits {}')).toHaveLength(4);
    expect(rows('alice /api/v3/margin/borrow {}')).toHaveLength(2);
    expect(rows('alice /api/v3/margin/borrow {"open_only":"true"}')).toHaveLength(1);
    expect(rows('alice /api/v3/margin/interest {}')).toHaveLength(2);
    expect(rows('alice /api/v3/margin/liquidation {}')).toHaveLength(1);
    expect(rows('alice /api/v3/wallets/activity {}').length).toBeGreaterThan(20);

    // Newest first, exactly what a scan of every order would give.
    const scan = [...loaded.core.state.orders.values()]
      .filter((o) => o.accountId === loaded.alice)
      .sort((x, y) => y.id - x.id)
      .map((o) => o.id);
    expect((rows('alice /api/v1/orders/own {}') as Array<{ id: number }>).map((o) => o.id)).toEqual(scan);

    // Memory equals a fresh replay of the same commands on the same starting state.
    const replayed = world(true);
    for (const cmd of commands) replayed.core.replay(cmd);
    expect(stateText(replayed.core.state)).toBe(stateText(loaded.core.state));
    // Pure computation over 200k records, nothing waited on: the bound only catches a hang. Beside three other test
    // files on a shared 2-core box it can take several times the ~20 s it needs alone.
  }, 300_000);
});

describe('margin history retention', () => {
  it('drops closed margin history past its age and count in journaled changes that replay the same, keeping open loans', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'paper-margin-ret-')), 'state.json');
    const persistence = new Persistence(path, 0);
    const core = new PaperCore();
    core.sink = (cmd, seq) => persistence.append(cmd, seq);
    let t = T0;
    core.genesis(t, 1, false);
    const alice = core.ensureAccount(ALICE, t);
    const bob = core.ensureAccount(BOB, t);
    core.place(limit(alice, 'BTC_USD', 'SELL', '0.1', '60000'), ++t);
    core.place(limit(bob, 'BTC_USD', 'BUY', '0.1', '60000'), ++t);
    const cross = { accountId: alice, walletType: 'CROSS_MARGIN', pair: '' } as const;
    const history = (kind: 'borrows' | 'transfers' | 'repays' | 'interests'): number =>
      core.marginHistoryOf(kind, alice).length;

    // Age: a loan repaid and closed, one left open, an hour of interest; 31 days later only the open loan stays.
    core.transfer(cross, 'ADD', 'USD', '10000', '', ++t);
    core.borrow(cross, 'BTC', '0.01', 'LOAN_MANUAL', ++t);
    t += HOUR;
    expect(core.tick(t)).toBe(true);
    core.transfer(cross, 'ADD', 'BTC', '0.001', 'for the interest', ++t);
    core.repay(cross, 'BTC', '0.010001', 'LOAN_MANUAL', ++t);
    core.borrow(cross, 'BTC', '0.02', 'LOAN_MANUAL', ++t);
    const openId = core.state.counters.margin;
    expect(core.marginHistoryOf('borrows', alice).map((b) => b.closedAt > 0)).toEqual([true, false]);
    expect([history('transfers'), history('repays'), history('interests')]).toEqual([2, 1, 1]);
    persistence.snapshot(core.state); // what follows replays onto indexes rebuilt from a snapshot
    t += 31 * DAY;
    expect(core.tick(t)).toBe(true);
    const loans = core.marginHistoryOf('borrows', alice);
    expect(loans.map((b) => [b.id, b.closedAt])).toEqual([[openId, 0]]);
    expect(core.borrowById(openId)).toBe(loans[0]);
    expect(core.state.borrows).toEqual(loans);
    expect([history('transfers'), history('repays')]).toEqual([0, 0]);
    // The open loan's interest charge of this tick is new; the old one went.
    expect(core.marginHistoryOf('interests', alice).map((r) => r.date)).toEqual([t]);
    expect(core.state.transfers).toEqual([]);

    // Count: each account keeps its newest RETENTION.margin.count records of a kind (trimmed a tenth over it).
    const n = RETENTION.margin.count * 1.1 + 1;
    for (let i = 0; i < n; i++) core.transfer(cross, 'ADD', 'USD', '0.01', `${i}`, ++t);
    const kept = core.marginHistoryOf('transfers', alice);
    expect(kept).toHaveLength(RETENTION.margin.count);
    expect(kept.at(-1)?.note).toBe(`${n - 1}`);
    expect(kept[0]?.note).toBe(`${n - RETENTION.margin.count}`);
    expect(core.state.transfers).toHaveLength(RETENTION.margin.count);
    // A read of the history looks at this account's records only, and the route answers the newest first.
    const routes = v3Routes(core);
    const rows = JSON.parse(readRoute(core, routes, t + 1, alice, '/api/v3/margin/transfer')) as Array<{
      note: string;
    }>;
    expect(rows[0]?.note).toBe(`${n - 1}`);
    expect(rows).toHaveLength(RETENTION.margin.count);

    persistence.close();
    const replayed = loadCore(path).core;
    expect(stateText(replayed.state)).toBe(stateText(core.state));
    expect(replayed.marginHistoryOf('transfers', alice)).toHaveLength(RETENTION.margin.count);
  }, 120_000);
});
