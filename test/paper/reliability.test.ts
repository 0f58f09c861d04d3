import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PaperCore } from '../../main/paper/core';
import { Rejection } from '../../main/paper/errors';
import { type PaperExchangeInternals, loadCore } from '../../main/paper/index';
import { Dec } from '../../main/paper/money';
import type { CoreState } from '../../main/paper/state';
import { ALICE, BOB, TestClock, V1Client, startQuiet } from './helpers';

/** The whole state as comparable text (Decimals as exact strings, Maps as entry lists). */
function stateText(s: CoreState): string {
  return JSON.stringify(s, function (this: unknown, key: string, value: unknown) {
    const original = (this as Record<string, unknown>)[key];
    if (Dec.isDecimal(original)) return (original as Dec).toFixed();
    if (original instanceof Map) return [...original.entries()];
    return key === 'secret' ? '' : value;
  });
}

const T0 = Date.UTC(2024, 0, 10, 12);
const tmpState = (): string => join(mkdtempSync(join(tmpdir(), 'paper-rel-')), 'state.json');

function coreWithUsers(): { core: PaperCore; a: number; b: number } {
  const core = new PaperCore();
  core.genesis(T0, 1, false);
  const a = core.ensureAccount(ALICE, T0);
  const b = core.ensureAccount(BOB, T0);
  return { core, a, b };
}

describe('all or nothing', () => {
  let ex: PaperExchangeInternals | undefined;
  afterEach(async () => {
    await ex?.close();
    ex = undefined;
  });

  it('refuses an absurd price with a specific 400 before anything changes, and the state restarts', async () => {
    const clock = new TestClock();
    const statePath = tmpState();
    ex = await startQuiet(clock, { statePath });
    const alice = new V1Client(ex.url, clock, ALICE);
    const orders = (): string => stateText({ ...ex?.core.state, accounts: new Map() } as CoreState);
    const before = orders();
    const r = await alice.post('/api/v1/order/', {
      type: 'sell',
      pair: 'BTC_USD',
      amount: '0.1',
      price: '100000000000000',
    });
    expect(r.status).toBe(400);
    // Beyond the engine's integer range: refused at the HTTP boundary, naming the field.
    expect(r.text).toContain('Invalid price: must be at most');
    expect(orders()).toBe(before);
    // Inside the integer range but beyond the pair's sane bound: refused by the core, before any change.
    const absurd = await alice.post('/api/v1/order/', {
      type: 'sell',
      pair: 'BTC_USD',
      amount: '0.1',
      price: '50000000',
    });
    expect(absurd.status).toBe(400);
    expect(absurd.text).toContain('price must be at most 10000000 for BTC_USD');
    // Only the nonce was taken (accounts are left out of the comparison): no order, reserve, id or activity.
    expect(orders()).toBe(before);
    const tooValuable = await alice.post('/api/v1/order/', {
      type: 'buy',
      pair: 'BTC_USD',
      amount: '999',
      price: '9999999',
    });
    expect(tooValuable.status).toBe(400);
    expect(tooValuable.text).toContain('price*amount must be at most 100000000');
    expect(orders()).toBe(before);
    await ex.close();
    ex = await startQuiet(clock, { statePath, accounts: [ALICE, BOB] });
    expect(ex.recovery).toBeNull();
    expect(orders()).toBe(before);
  });

  it('answers a 30-digit nonce with 400 (no number to resync to) and the key keeps working', async () => {
    const clock = new TestClock();
    ex = await startQuiet(clock);
    const alice = new V1Client(ex.url, clock, ALICE);
    const huge = await alice.get('/api/v1/wallets/', { 'X-NONCE': '9'.repeat(30) });
    expect(huge.status).toBe(400);
    const ahead = await alice.get('/api/v1/wallets/', { 'X-NONCE': String(clock.now() + 2 * 86_400_000) });
    expect(ahead.status).toBe(400);
    expect((await alice.get('/api/v1/wallets/')).status).toBe(200);
  });

  it('refuses stops at absurd prices at placement, with the range reason', () => {
    const { core, a } = coreWithUsers();
    const counters = { ...core.state.counters };
    let caught: unknown;
    try {
      core.place(
        {
          accountId: a,
          pair: 'BTC_USD',
          side: 'SELL',
          type: 'STOP_LIMIT',
          tif: 'GTC',
          walletType: 'SPOT',
          price: '50000',
          stopPrice: '100000000000000',
          amount: '0.1',
        },
        T0,
      );
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(Rejection);
    expect((caught as Rejection).reason).toBe('range');
    expect((caught as Rejection).field).toBe('stop_price');
    expect((caught as Rejection).status).toBe(400);
    expect(core.state.counters).toEqual(counters);
    expect([...core.state.orders.values()]).toEqual([]);
    for (const w of core.state.wallets.values()) expect(w.reserve.isZero()).toBe(true);
  });

  it('refuses a nonce more than a day ahead or beyond 2^63, and a journaled one does not lock the key', () => {
    const { core, a } = coreWithUsers();
    core.acceptNonce(a, String(T0), T0);
    for (const n of ['9'.repeat(30), String(2n ** 63n), String(T0 + 86_400_001)]) {
      expect(() => core.acceptNonce(a, n, T0)).toThrow(Rejection);
      expect(core.accounts.get(a)?.lastNonce).toBe(String(T0));
    }
    // A journal written before the bound existed carries such a nonce (without a time): it is not applied.
    const replayed = new PaperCore();
    replayed.replay({ c: 'genesis', t: T0, seed: 1, simulate: false });
    replayed.replay({ c: 'account', t: T0, input: ALICE });
    const id = replayed.accounts.byName('alice')?.id as number;
    replayed.replay({ c: 'nonce', id, n: '9'.repeat(30) });
    expect(replayed.accounts.get(id)?.lastNonce).toBe('0');
  });
});

describe('ids are journaled', () => {
  it('records the ids a placement produced and refuses a journal whose ids do not follow', async () => {
    const clock = new TestClock();
    const statePath = tmpState();
    let ex = await startQuiet(clock, { statePath });
    const alice = new V1Client(ex.url, clock, ALICE);
    const bob = new V1Client(ex.url, clock, BOB);
    const sell = await alice.post('/api/v1/order/', { type: 'sell', pair: 'BTC_USD', amount: '0.5', price: '60000' });
    const buy = await bob.post('/api/v1/order/', { type: 'buy', pair: 'BTC_USD', amount: '0.2', price: '60000' });
    expect([sell.status, buy.status]).toEqual([200, 200]);
    const records = readFileSync(`${statePath}.journal`, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { s: number; cmd: { c: string; ids?: { order: number; trade: number } } });
    const places = records.filter((r) => r.cmd.c === 'place');
    expect(places.map((r) => r.cmd.ids)).toEqual([
      { order: (sell.body as { oid: number }).oid, trade: 0, fills: 0 },
      { order: (buy.body as { oid: number }).oid, trade: 0, fills: 1, makers: expect.any(Number) },
    ]);
    // Memory equals a fresh replay of the files.
    expect(stateText(loadCore(statePath).core.state)).toBe(stateText(ex.core.state));
    // Kill-like stop (no snapshot): tamper with the last placement's ids, as a diverging replay would see them.
    ex.core.sink = null;
    await new Promise<void>((r) => setImmediate(r));
    const lines = readFileSync(`${statePath}.journal`, 'utf8').trim().split('\n');
    const last = places.at(-1) as { s: number };
    const tampered = lines.map((l) => {
      const rec = JSON.parse(l) as { s: number; cmd: { ids?: { order: number; trade: number } } };
      if (rec.s === last.s && rec.cmd.ids !== undefined) rec.cmd.ids.trade += 5;
      return JSON.stringify(rec);
    });
    const journal = `${tampered.join('\n')}\n`;
    await ex.close();
    rmSync(statePath);
    writeFileSync(`${statePath}.journal`, journal);
    ex = await startQuiet(clock, { statePath });
    expect(ex.recovery?.reason).toMatch(
      new RegExp(`^journal record ${last.s} \\(place\\) cannot be applied: journaled ids \\(order \\d+`),
    );
    await ex.close();
  });
});

describe('always starts', () => {
  it('moves an unreadable snapshot aside, says why and where, and starts fresh', async () => {
    const clock = new TestClock();
    const statePath = tmpState();
    writeFileSync(statePath, '{"seq": 3, "state": {"orders": {"$m": [[1, {"price": {"$d": "1e400"');
    writeFileSync(`${statePath}.journal`, '{"s":4,"cmd":{"c":"tick","t":1}}\n');
    const ex = await startQuiet(clock, { statePath });
    try {
      expect(ex.recovery?.reason).toMatch(/^snapshot .* is unreadable/);
      expect(ex.recovery?.movedTo).toHaveLength(2);
      for (const f of ex.recovery?.movedTo ?? []) expect(existsSync(f)).toBe(true);
      expect(readFileSync(ex.recovery?.movedTo[0] as string, 'utf8')).toContain('"seq": 3');
      const alice = new V1Client(ex.url, clock, ALICE);
      expect((await alice.get('/api/v1/wallets/')).status).toBe(200);
    } finally {
      await ex.close();
    }
    const again = await startQuiet(clock, { statePath });
    expect(again.recovery).toBeNull();
    await again.close();
  });

  it('names the journal record that cannot be applied', async () => {
    const clock = new TestClock();
    const statePath = tmpState();
    const first = await startQuiet(clock, { statePath });
    await first.close();
    const seq = (JSON.parse(readFileSync(statePath, 'utf8')) as { seq: number }).seq;
    writeFileSync(
      `${statePath}.journal`,
      `${JSON.stringify({ s: seq + 1, cmd: { c: 'cancel', t: 1, accountId: 4, orderId: 77 } })}\n`,
    );
    const ex = await startQuiet(clock, { statePath });
    expect(ex.recovery?.reason).toBe(`journal record ${seq + 1} (cancel) cannot be applied: Order 77 not found`);
    await ex.close();
  });
});

describe('matching rules', () => {
  it('AON executes only in full: what cannot fill whole on arrival is cancelled without trading', () => {
    const { core, a, b } = coreWithUsers();
    const limit = { pair: 'BTC_USD', type: 'LIMIT', walletType: 'SPOT', price: '60000' } as const;
    const sell = core.place({ ...limit, accountId: a, side: 'SELL', tif: 'GTC', amount: '0.1' }, T0).order;
    const tooBig = core.place({ ...limit, accountId: b, side: 'BUY', tif: 'AON', amount: '0.2' }, T0 + 1);
    expect(tooBig.order.status).toBe('CANCELLED');
    expect(tooBig.trades).toEqual([]);
    expect(sell.filled.isZero()).toBe(true);
    const whole = core.place({ ...limit, accountId: b, side: 'BUY', tif: 'AON', amount: '0.1' }, T0 + 2);
    expect(whole.order.status).toBe('FILLED');
    expect(whole.trades).toHaveLength(1);
    expect(sell.status).toBe('FILLED');
  });

  it('fires stops in stop-price order up to the first that does not fire, and only those', () => {
    const { core, a, b } = coreWithUsers();
    const stop = (stopPrice: string) =>
      core.place(
        {
          accountId: b,
          pair: 'BTC_USD',
          side: 'BUY',
          type: 'STOP_LIMIT',
          tif: 'GTC',
          walletType: 'SPOT',
          price: '50000',
          stopPrice,
          amount: '0.01',
        },
        T0,
      ).order;
    const far = stop('63000');
    const mid = stop('62000');
    const near = stop('61000');
    core.place(
      {
        accountId: a,
        pair: 'BTC_USD',
        side: 'SELL',
        type: 'LIMIT',
        tif: 'GTC',
        walletType: 'SPOT',
        price: '62000',
        amount: '0.1',
      },
      T0,
    );
    core.place(
      {
        accountId: b,
        pair: 'BTC_USD',
        side: 'BUY',
        type: 'LIMIT',
        tif: 'GTC',
        walletType: 'SPOT',
        price: '62000',
        amount: '0.01',
      },
      T0,
    );
    expect([near.status, mid.status, far.status]).toEqual(['OPEN', 'OPEN', 'PENDING']);
    // The lower stop fired first although placed later: it rests ahead of the other at the same price.
    expect(mid.id).toBeLessThan(near.id);
    expect(
      core.exchange
        .bookOf('BTC_USD')
        .orderList(0)
        .filter((o) => o.price === 5_000_000)
        .map((o) => o.id),
    ).toEqual([near.id, mid.id]);
  });

  it('answers indexed queries exactly as a scan of every order and trade would', () => {
    const { core, a, b } = coreWithUsers();
    let t = T0;
    for (let i = 0; i < 60; i++) {
      t += 10;
      const who = i % 2 === 0 ? a : b;
      const pair = i % 3 === 0 ? 'ETH_USD' : 'BTC_USD';
      const price = pair === 'BTC_USD' ? String(60000 + (i % 7) * 10) : String(3000 + (i % 5));
      core.place(
        {
          accountId: who,
          pair,
          side: i % 4 < 2 ? 'BUY' : 'SELL',
          type: 'LIMIT',
          tif: 'GTC',
          walletType: 'SPOT',
          price,
          amount: '0.01',
        },
        t,
      );
      if (i % 5 === 0) {
        const open = core.ordersOf(who, { active: true });
        if (open.length > 0) core.cancel(who, (open[0] as { id: number }).id, t + 5);
      }
    }
    const all = [...core.state.orders.values()];
    for (const id of [a, b]) {
      for (const pair of [undefined, 'BTC_USD', 'ETH_USD']) {
        const scan = all.filter((o) => o.accountId === id && (pair === undefined || o.pair === pair)).map((o) => o.id);
        expect(core.ordersOf(id, pair === undefined ? {} : { pair }).map((o) => o.id)).toEqual(scan);
        const active = all
          .filter(
            (o) =>
              o.accountId === id &&
              (pair === undefined || o.pair === pair) &&
              ['OPEN', 'PARTIAL_FILLED', 'PENDING'].includes(o.status),
          )
          .map((o) => o.id);
        expect(core.ordersOf(id, { active: true, ...(pair === undefined ? {} : { pair }) }).map((o) => o.id)).toEqual(
          active,
        );
      }
      const trades = core.state.trades.filter((x) => x.buyerId === id || x.sellerId === id).map((x) => x.id);
      expect(trades.length).toBeGreaterThan(0);
      expect(core.tradesOf(id).map((x) => x.id)).toEqual(trades);
      expect(core.activityOf(id).map((x) => x.id)).toEqual(
        core.state.activity.filter((x) => x.accountId === id).map((x) => x.id),
      );
    }
  });
});

describe('bounded growth', () => {
  it('journals a simulator step as one small record, and memory equals a fresh replay of the journal', async () => {
    const clock = new TestClock();
    const statePath = tmpState();
    const ex = await startQuiet(clock, { statePath, simulate: true, simIntervalMs: 3_600_000 });
    try {
      const journal = (): number => readFileSync(`${statePath}.journal`, 'utf8').length;
      const start = journal();
      let trades = ex.core.state.counters.trade;
      for (let i = 0; i < 400; i++) ex.simStep(clock.advance(250));
      trades = ex.core.state.counters.trade - trades;
      expect(trades).toBeGreaterThan(50);
      // ~100 bytes per step (about 0.4 KiB/s at the default 250 ms period), instead of one record per order.
      expect((journal() - start) / 400).toBeLessThan(120);
      const alice = new V1Client(ex.url, clock, ALICE);
      expect(
        (await alice.post('/api/v1/order/', { type: 'buy', pair: 'BTC_USD', amount: '0.3', price: '70000' })).status,
      ).toBe(200);
      for (let i = 0; i < 50; i++) ex.simStep(clock.advance(250));
      expect(stateText(loadCore(statePath).core.state)).toBe(stateText(ex.core.state));
    } finally {
      await ex.close();
    }
  });

  it('drops finished orders, trades and activity past their retention age, in a journaled tick that replays the same', async () => {
    const clock = new TestClock();
    const statePath = tmpState();
    const ex = await startQuiet(clock, { statePath });
    try {
      const { core } = ex;
      const a = core.accounts.byName('alice')?.id as number;
      const b = core.accounts.byName('bob')?.id as number;
      const limit = {
        pair: 'BTC_USD',
        type: 'LIMIT',
        tif: 'GTC',
        walletType: 'SPOT',
        price: '60000',
        amount: '0.1',
      } as const;
      const old = core.place({ ...limit, accountId: a, side: 'SELL' }, clock.now());
      core.place({ ...limit, accountId: b, side: 'BUY' }, clock.now());
      const resting = core.place({ ...limit, accountId: a, side: 'SELL', price: '70000' }, clock.now()).order;
      expect(core.tradesOf(a)).toHaveLength(1);
      clock.advance(31 * 86_400_000);
      const fresh = core.place({ ...limit, accountId: a, side: 'SELL', price: '71000' }, clock.now()).order;
      const seq = core.seq;
      expect(ex.tick(clock.now())).toBe(true);
      expect(core.seq).toBe(seq + 1);
      expect(core.exchange.order(old.order.id)).toBeUndefined();
      expect(core.ordersOf(a).map((o) => o.id)).toEqual([resting.id, fresh.id]);
      expect(core.tradesOf(a)).toEqual([]);
      expect(core.tradesOf(b)).toEqual([]);
      expect(core.activityOf(a).every((x) => x.date === clock.now())).toBe(true);
      expect(core.activityOf(a).length).toBeGreaterThan(0);
      // Nothing left to drop: the next tick changes nothing and is not journaled.
      expect(ex.tick(clock.advance(1000))).toBe(false);
      const replayed = JSON.parse(stateText(loadCore(statePath).core.state)) as Record<string, unknown>;
      const memory = JSON.parse(stateText(core.state)) as Record<string, unknown>;
      for (const k of Object.keys(memory)) expect(replayed[k], k).toEqual(memory[k]);
    } finally {
      await ex.close();
    }
  });
});
