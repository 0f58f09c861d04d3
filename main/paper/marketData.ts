import { BUY, SELL } from './engine/book';
import type { PaperCore } from './core';
import type { PairSpec } from './market';
import { type Dec, ZERO, dec, fromScaled } from './money';

export interface TickerView {
  pair: PairSpec;
  last: Dec;
  /** 24h change in percent. */
  diff: Dec;
  vol: Dec;
  high: Dec;
  low: Dec;
  buy: Dec;
  sell: Dec;
}

/** Ticker from the 5-minute candles of the last 24 hours and the book's best prices. */
export function ticker(core: PaperCore, pair: PairSpec, now: number): TickerView {
  const sinceSec = Math.floor((now - 86_400_000) / 1000);
  const candles = core.candles.query(pair.name, '5', 400, sinceSec - (sinceSec % 300));
  const px = (ticks: number): Dec => fromScaled(ticks, pair.pricePrecision);
  const last = core.exchange.lastPrice(pair.name);
  let high = ZERO;
  let low = ZERO;
  let volLots = 0;
  for (const c of candles) {
    const h = px(c.high);
    const l = px(c.low);
    if (high.isZero() || h.gt(high)) high = h;
    if (low.isZero() || l.lt(low)) low = l;
    volLots += c.volume;
  }
  const first = candles[0];
  const open = first === undefined ? ZERO : px(first.open);
  const diff = open.isZero() ? ZERO : last.sub(open).div(open).mul(100).toDecimalPlaces(2);
  const book = core.exchange.bookOf(pair.name);
  const bid = book.bestBid();
  const ask = book.bestAsk();
  return {
    pair,
    last,
    diff,
    vol: fromScaled(volLots, pair.amountPrecision),
    high,
    low,
    buy: Number.isNaN(bid) ? ZERO : px(bid),
    sell: Number.isNaN(ask) ? ZERO : px(ask),
  };
}

export interface DepthEntry {
  price: Dec;
  amount: Dec;
}

export function depth(
  core: PaperCore,
  pair: PairSpec,
  side: 'buy' | 'sell',
  limit: number,
  grouped: boolean,
): DepthEntry[] {
  const book = core.exchange.bookOf(pair.name);
  const s = side === 'buy' ? BUY : SELL;
  const rows = grouped ? book.levels(s, limit) : book.orderList(s, limit);
  return rows.map((r) => ({
    price: fromScaled(r.price, pair.pricePrecision),
    amount: fromScaled(r.lots, pair.amountPrecision),
  }));
}

export { dec };
