import { afterEach, describe, expect, it } from 'vitest';
import type { CommittedChange } from '../../main/paper/events';
import type { PaperExchangeInternals } from '../../main/paper/index';
import { ALICE, BOB, TestClock, V1Client, startQuiet } from './helpers';

/** What a listener saw, copied at delivery time (the records are live). */
interface Seen {
  seq: number;
  orders: Array<{ id: number; status: string; filled: string }>;
  wallets: Array<{ accountId: number; currency: string; balance: string; reserve: string }>;
  trades: number[];
  bookPairs: string[];
}

function copy(c: CommittedChange): Seen {
  return {
    seq: c.seq,
    orders: c.orders.map((o) => ({ id: o.id, status: o.status, filled: o.filled.toFixed() })),
    wallets: c.wallets.map((w) => ({
      accountId: w.accountId,
      currency: w.currency,
      balance: w.balance.toFixed(),
      reserve: w.reserve.toFixed(),
    })),
    trades: c.trades.map((t) => t.id),
    bookPairs: [...c.bookPairs],
  };
}

describe('committed-change feed', () => {
  let ex: PaperExchangeInternals | undefined;
  afterEach(async () => {
    await ex?.close();
    ex = undefined;
  });

  it('delivers one change per command, in commit order, with the orders, wallets, trades and books it touched', async () => {
    const clock = new TestClock();
    ex = await startQuiet(clock);
    const seen: Seen[] = [];
    const off = ex.onCommitted((c) => seen.push(copy(c)));
    const alice = new V1Client(ex.url, clock, ALICE);
    const bob = new V1Client(ex.url, clock, BOB);
    const a = ex.core.accounts.byName('alice')?.id;
    const b = ex.core.accounts.byName('bob')?.id;
    const sell = await alice.post('/api/v1/order/', { type: 'sell', pair: 'BTC_USD', amount: '0.5', price: '60000' });
    expect(sell.status).toBe(200);
    const oid = (sell.body as { oid: number }).oid;
    const place = seen.find((s) => s.orders.some((o) => o.id === oid));
    expect(place).toBeDefined();
    expect(place?.bookPairs).toEqual(['BTC_USD']);
    expect(place?.trades).toEqual([]);
    expect(place?.wallets).toEqual([{ accountId: a, currency: 'BTC', balance: '1.5', reserve: '0.5' }]);
    // The nonce command before it is delivered too (empty), so sequence numbers have no gaps.
    const seqs = seen.map((s) => s.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBe((seqs[i - 1] as number) + 1);

    seen.length = 0;
    const buy = await bob.post('/api/v1/order/', { type: 'buy', pair: 'BTC_USD', amount: '0.2', price: '60000' });
    expect(buy.status).toBe(200);
    const fill = seen.find((s) => s.trades.length > 0) as Seen;
    expect(fill.trades).toHaveLength(1);
    // Taker first (placed), then the maker it filled: each once, with its state at delivery.
    const bid = (buy.body as { oid: number }).oid;
    expect(fill.orders.map((o) => o.id)).toEqual([bid, oid]);
    expect(fill.orders[0]).toMatchObject({ status: 'FILLED', filled: '0.2' });
    expect(fill.orders[1]).toMatchObject({ status: 'PARTIAL_FILLED', filled: '0.2' });
    // Bob's USD (reserve, pay) and BTC (receive), Alice's BTC (reserve out) and USD (receive), each once.
    const keys = fill.wallets.map((w) => `${w.accountId}|${w.currency}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.sort()).toEqual([`${a}|BTC`, `${a}|USD`, `${b}|BTC`, `${b}|USD`].sort());
    expect(fill.bookPairs).toEqual(['BTC_USD']);

    seen.length = 0;
    expect((await alice.post('/api/v1/order-cancel/', { order: String(oid) })).status).toBe(200);
    const cancel = seen.find((s) => s.orders.length > 0) as Seen;
    expect(cancel.orders).toEqual([{ id: oid, status: 'PARTIAL_CANCELLED', filled: '0.2' }]);
    expect(cancel.wallets).toEqual([{ accountId: a, currency: 'BTC', balance: '1.8', reserve: '0' }]);

    off();
    seen.length = 0;
    expect(
      (await bob.post('/api/v1/order/', { type: 'buy', pair: 'BTC_USD', amount: '0.1', price: '100' })).status,
    ).toBe(200);
    expect(seen).toEqual([]);
  });

  it('a refused command delivers nothing of what it tried, and a throwing listener breaks nothing', async () => {
    const clock = new TestClock();
    ex = await startQuiet(clock);
    const seen: Seen[] = [];
    const errors: unknown[] = [];
    ex.onCommitted(() => {
      throw new Error('listener bug');
    });
    ex.onCommitted((c) => seen.push(copy(c)));
    const bob = new V1Client(ex.url, clock, BOB);
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      const tooBig = await bob.post('/api/v1/order/', { type: 'buy', pair: 'BTC_USD', amount: '5', price: '60000' });
      expect(tooBig.status).toBe(400);
      expect(seen.every((s) => s.orders.length === 0 && s.wallets.length === 0)).toBe(true);
      const ok = await bob.post('/api/v1/order/', { type: 'buy', pair: 'BTC_USD', amount: '0.1', price: '100' });
      expect(ok.status).toBe(200);
      expect(seen.some((s) => s.orders.length === 1 && s.wallets.length === 1)).toBe(true);
    } finally {
      console.error = original;
    }
    expect(errors.length).toBeGreaterThan(0);
  });

  it('delivers the simulator trades after each step', async () => {
    const clock = new TestClock();
    ex = await startQuiet(clock, { simulate: true, simIntervalMs: 3_600_000 });
    const seen: CommittedChange[] = [];
    ex.onCommitted((c) => seen.push(c));
    for (let i = 0; i < 40 && !seen.some((c) => c.trades.length > 0); i++) ex.simStep(clock.advance(250));
    expect(seen.some((c) => c.trades.length > 0)).toBe(true);
    expect(seen.some((c) => c.bookPairs.length > 0)).toBe(true);
  });
});
