/**
 * A stand-in `window.alp` for the renderer bench: answers calls from canned data and lets the bench push
 * stream events by hand, recording when each call arrived.
 */
import type { AlpBridge, Envelope, EventName } from '../../../preload/contract';
import type { Candle, OrderBook, Pair, PublicTrade } from '../../../preload/domain';
import { BTC_USD } from '../../support/pairs';

export const PAIR: Pair = BTC_USD;

type Listener = (payload: unknown) => void;

export interface FakeBridge extends AlpBridge {
  candles: Candle[];
  /** performance.now() when a call resolved, by method. */
  resolvedAt: Map<string, number>;
  calls: { method: string; at: number; request: unknown }[];
  emit(stream: EventName, payload: unknown): void;
}

export function syntheticCandles(n: number, tfSec: number, endMs: number): Candle[] {
  const out: Candle[] = new Array(n);
  let price = 60000;
  let seed = 12345;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const start = endMs - (n - 1) * tfSec * 1000;
  for (let i = 0; i < n; i++) {
    const open = price;
    const close = Math.max(1, open + (rnd() - 0.5) * 120);
    const high = Math.max(open, close) + rnd() * 40;
    const low = Math.min(open, close) - rnd() * 40;
    price = close;
    out[i] = {
      time: start + i * tfSec * 1000,
      open: open.toFixed(2),
      high: high.toFixed(2),
      low: low.toFixed(2),
      close: close.toFixed(2),
      volume: (rnd() * 5).toFixed(6),
    };
  }
  return out;
}

export function syntheticBook(levels: number, mid: number, jitter: number): OrderBook {
  const bids = [];
  const asks = [];
  for (let i = 0; i < levels; i++) {
    asks.push({ price: (mid + 0.5 + i * 0.5).toFixed(2), amount: ((i % 7) * 0.13 + jitter + 0.01).toFixed(6) });
    bids.push({ price: (mid - 0.5 - i * 0.5).toFixed(2), amount: ((i % 5) * 0.11 + jitter + 0.02).toFixed(6) });
  }
  return { pair: 'BTC_USD', bids, asks, time: Date.now() };
}

export function syntheticTrades(n: number, firstId: number, mid: number): PublicTrade[] {
  const out: PublicTrade[] = [];
  for (let i = 0; i < n; i++) {
    const id = firstId - i;
    out.push({
      id,
      pair: 'BTC_USD',
      side: id % 3 ? 'buy' : 'sell',
      price: (mid + ((id % 11) - 5) * 0.5).toFixed(2),
      amount: ((id % 9) * 0.0137 + 0.001).toFixed(6),
      time: Date.now() - i * 300,
    });
  }
  return out;
}

export function createFakeBridge(): FakeBridge {
  const listeners = new Map<string, Set<Listener>>();
  const fake: FakeBridge = {
    candles: [],
    resolvedAt: new Map(),
    calls: [],
    async call(method, request) {
      fake.calls.push({ method, at: performance.now(), request });
      let value: unknown = null;
      if (method === 'market.candles') value = fake.candles;
      else if (method === 'market.pairs') value = [PAIR];
      else if (method === 'trade.place')
        value = { outcome: 'created', orderId: 1, clientOrderId: null, order: null, fills: [], message: null };
      else if (method === 'trade.balances' || method === 'trade.openOrders') value = [];
      fake.resolvedAt.set(method, performance.now());
      return { ok: true, value } as Envelope<never>;
    },
    subscribe(stream, _params, listener) {
      const set = listeners.get(stream) ?? new Set<Listener>();
      listeners.set(stream, set);
      set.add(listener as Listener);
      return () => set.delete(listener as Listener);
    },
    emit(stream, payload) {
      for (const l of listeners.get(stream) ?? []) l(payload);
    },
  };
  return fake;
}
