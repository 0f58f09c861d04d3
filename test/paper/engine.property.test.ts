import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Command, PaperCore } from '../../main/paper/core';
import { BUY, OrderBook, SELL, type BookSide } from '../../main/paper/engine/book';
import { Rejection } from '../../main/paper/errors';
import { isActive } from '../../main/paper/exchange';
import { Dec, ZERO } from '../../main/paper/money';
import type { CoreState } from '../../main/paper/state';

/** The whole state as comparable text (Decimals as exact strings, Maps as entry lists). */
function stateText(s: CoreState): string {
  return JSON.stringify(s, function (this: unknown, key: string, value: unknown) {
    const original = (this as Record<string, unknown>)[key];
    if (Dec.isDecimal(original)) return (original as Dec).toFixed();
    if (original instanceof Map) return [...original.entries()];
    return value;
  });
}

/** Reference model: a flat list, matched by sorting on (price, arrival). Slow and obviously right. */
class NaiveBook {
  orders: Array<{ id: number; side: BookSide; price: number; lots: number; seq: number }> = [];
  seq = 0;
  match(takerId: number, side: BookSide, limit: number, lots: number, fills: number[][]): number {
    let left = lots;
    while (left > 0) {
      const candidates = this.orders
        .filter((o) => o.side !== side && (side === BUY ? o.price <= limit : o.price >= limit))
        .sort((a, b) => (side === BUY ? a.price - b.price : b.price - a.price) || a.seq - b.seq);
      const best = candidates[0];
      if (best === undefined) break;
      const q = Math.min(best.lots, left);
      best.lots -= q;
      left -= q;
      fills.push([best.id, takerId, best.price, q]);
      if (best.lots === 0) this.orders = this.orders.filter((o) => o !== best);
    }
    return left;
  }
  rest(id: number, side: BookSide, price: number, lots: number): void {
    this.orders.push({ id, side, price, lots, seq: this.seq++ });
  }
  cancel(id: number): number {
    const o = this.orders.find((x) => x.id === id);
    if (o === undefined) return -1;
    this.orders = this.orders.filter((x) => x !== o);
    return o.lots;
  }
}

const bookOp = fc.oneof(
  fc.record({
    kind: fc.constant('order' as const),
    side: fc.constantFrom<BookSide>(BUY, SELL),
    price: fc.integer({ min: 90, max: 110 }),
    lots: fc.integer({ min: 1, max: 20 }),
  }),
  fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }),
);

describe('order book engine', () => {
  it('fills in price-time priority exactly like the reference model, and never rests crossed', () => {
    fc.assert(
      fc.property(fc.array(bookOp, { maxLength: 400, size: 'max' }), (ops) => {
        const book = new OrderBook();
        const ref = new NaiveBook();
        let nextId = 1;
        for (const op of ops) {
          if (op.kind === 'cancel') {
            const live = ref.orders.map((o) => o.id);
            const id = live.length === 0 ? 999_999 : (live[op.pick % live.length] as number);
            expect(book.cancel(id)).toBe(ref.cancel(id));
            continue;
          }
          const id = nextId++;
          const got: number[][] = [];
          const want: number[][] = [];
          const left = book.match(id, op.side, op.price, op.lots, (m, t, p, q) => got.push([m, t, p, q]));
          expect(left).toBe(ref.match(id, op.side, op.price, op.lots, want));
          expect(got).toEqual(want);
          if (left > 0) {
            book.rest(id, op.side, op.price, left);
            ref.rest(id, op.side, op.price, left);
          }
          const bid = book.bestBid();
          const ask = book.bestAsk();
          if (!Number.isNaN(bid) && !Number.isNaN(ask)) expect(bid).toBeLessThan(ask);
        }
        expect(book.size).toBe(ref.orders.length);
      }),
      { numRuns: 300 },
    );
  });
});

const T0 = Date.UTC(2024, 0, 10);

const flowOp = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('place' as const),
      account: fc.integer({ min: 0, max: 2 }),
      pair: fc.constantFrom('BTC_USD', 'ETH_BTC'),
      side: fc.constantFrom('BUY' as const, 'SELL' as const),
      type: fc.constantFrom('LIMIT' as const, 'LIMIT' as const, 'MARKET' as const, 'STOP_LIMIT' as const),
      tif: fc.constantFrom('GTC' as const, 'GTC' as const, 'IOC' as const, 'FOK' as const, 'AON' as const),
      priceStep: fc.integer({ min: -10, max: 10 }),
      amount: fc.integer({ min: 1, max: 400 }),
      byQuote: fc.boolean(),
      /** Some orders expire a few steps later (the tick op runs expiry). */
      expireIn: fc.option(fc.integer({ min: 5, max: 200 }), { freq: 4 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('tick' as const) }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('cancelAll' as const), account: fc.integer({ min: 0, max: 2 }) }),
  },
);

describe('exchange conservation', () => {
  it('keeps balances + reserves + fees constant per currency, never negative, reserves matching open orders, and replays to the same state', () => {
    let tradesSeen = 0;
    let partials = 0;
    let expired = 0;
    fc.assert(
      fc.property(fc.array(flowOp, { minLength: 30, maxLength: 250, size: 'max' }), (ops) => {
        const core = new PaperCore();
        const journal: Command[] = [];
        core.sink = (cmd) => journal.push(structuredClone(cmd));
        core.genesis(T0, 1, false);
        const ids = [0, 1, 2].map((i) =>
          core.ensureAccount(
            { key: `k${i}`, secret: `s${i}`, name: `u${i}`, balances: { USD: '50000', BTC: '3', ETH: '40' } },
            T0,
          ),
        );
        const total = (): Map<string, string> => {
          const m = new Map<string, typeof ZERO>();
          for (const w of core.state.wallets.values())
            m.set(w.currency, (m.get(w.currency) ?? ZERO).add(w.balance).add(w.reserve));
          for (const [c, f] of core.state.fees) m.set(c, (m.get(c) ?? ZERO).add(f));
          return new Map([...m].map(([k, v]) => [k, v.toFixed()]));
        };
        const before = total();
        let t = T0;
        for (const op of ops) {
          t += 10;
          try {
            if (op.kind === 'place') {
              const btc = op.pair === 'BTC_USD';
              const price = btc ? (60000 + op.priceStep * 5).toFixed(2) : (0.05 + op.priceStep * 0.0001).toFixed(6);
              const amount = btc ? (op.amount / 1000).toFixed(3) : (op.amount / 10).toFixed(1);
              const isLimit = op.type !== 'MARKET';
              core.place(
                {
                  accountId: ids[op.account] as number,
                  pair: op.pair,
                  side: op.side,
                  type: op.type,
                  tif: op.type === 'MARKET' ? 'IOC' : op.tif,
                  walletType: 'SPOT',
                  ...(isLimit ? { price } : {}),
                  ...(op.type === 'STOP_LIMIT' ? { stopPrice: price } : {}),
                  ...(op.type === 'MARKET' && op.side === 'BUY' && op.byQuote
                    ? { quoteAmount: btc ? '1000' : '0.01' }
                    : { amount }),
                  ...(op.expireIn !== null ? { expireAt: t + op.expireIn } : {}),
                },
                t,
              );
            } else if (op.kind === 'tick') {
              core.tick(t);
            } else if (op.kind === 'cancelAll') {
              core.cancelMany(ids[op.account] as number, null, op.account === 0 ? '' : 'BTC_USD', t);
            } else {
              const active = [...core.state.orders.values()].filter(isActive);
              const o = active[op.pick % Math.max(1, active.length)];
              if (o !== undefined) core.cancel(o.accountId, o.id, t);
            }
          } catch (e) {
            if (!(e instanceof Rejection)) throw e;
          }
          for (const w of core.state.wallets.values()) {
            expect(w.balance.isNegative()).toBe(false);
            expect(w.reserve.isNegative()).toBe(false);
          }
          for (const pair of ['BTC_USD', 'ETH_BTC']) {
            const b = core.exchange.bookOf(pair);
            if (!Number.isNaN(b.bestBid()) && !Number.isNaN(b.bestAsk())) expect(b.bestBid()).toBeLessThan(b.bestAsk());
          }
        }
        tradesSeen += core.state.trades.length;
        expired += [...core.state.orders.values()].filter((o) => o.status === 'EXPIRED').length;
        partials += [...core.state.orders.values()].filter(
          (o) => o.status === 'PARTIAL_FILLED' || o.status === 'PARTIAL_CANCELLED',
        ).length;
        expect(total()).toEqual(before);
        // Memory equals a fresh replay of what was journaled (refused commands left no trace in either).
        const replayed = new PaperCore();
        for (const cmd of journal) replayed.replay(cmd);
        expect(stateText(replayed.state)).toBe(stateText(core.state));
        // Every reserve is exactly what the account's open orders still hold.
        for (const w of core.state.wallets.values()) {
          let held = ZERO;
          for (const o of core.state.orders.values())
            if (isActive(o) && o.accountId === w.accountId && o.reserveCurrency === w.currency)
              held = held.add(o.reserved);
          expect(w.reserve.toFixed()).toBe(held.toFixed());
        }
      }),
      { numRuns: 60 },
    );
    // The flows really trade (full and partial fills), so conservation is tested on settlements, not idling.
    expect(tradesSeen).toBeGreaterThan(200);
    expect(partials).toBeGreaterThan(20);
    expect(expired).toBeGreaterThan(5);
    // Pure computation, nothing waited on: the bound only catches a hang. Alone it needs ~10 s of one core; beside
    // three other test files on a shared 2-core box it can take several times that.
  }, 240_000);
});
