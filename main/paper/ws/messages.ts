import type { PaperCore } from '../core';
import { type PairSpec, PAIRS } from '../market';
import { ticker } from '../marketData';
import { type Dec, ZERO, fromScaled } from '../money';
import type { OrderRecord, TradeRecord, Wallet } from '../state';
import type { BookDiff, BookMirror } from './book-mirror';
import { wireTs } from './protocol';

/** Builders of the server's messages. Money and quantities are decimal strings, as the live exchange sends. */

export function tradeMessage(now: number, t: TradeRecord): unknown[] {
  return [
    't',
    wireTs(now),
    t.id,
    t.pair,
    t.amount.toFixed(),
    t.price.toFixed(),
    t.takerSide === 'BUY' ? 'buy' : 'sell',
  ];
}

export function diffMessage(now: number, pair: string, d: BookDiff): unknown[] {
  return ['d', wireTs(now), pair, [d.asks, d.bids]];
}

export function depthMessage(now: number, mirror: BookMirror): unknown[] {
  const s = mirror.snapshot();
  return [
    'p',
    wireTs(now),
    { Asks: s.asks, Bids: s.bids, Symbol: mirror.spec.name, TotalAsks: s.totalAsks, TotalBids: s.totalBids },
  ];
}

/** [pair, close, baseVol, quoteVol, change%, high, low, bid, ask] over the last 24 hours. */
export function tickerEntry(core: PaperCore, spec: PairSpec, now: number): string[] {
  const t = ticker(core, spec, now);
  const sinceSec = Math.floor((now - 86_400_000) / 1000);
  // Candles keep base volume only: the quote volume is each 5-minute candle's volume at its close.
  let quoteVol: Dec = ZERO;
  for (const c of core.candles.query(spec.name, '5', 400, sinceSec - (sinceSec % 300))) {
    quoteVol = quoteVol.add(fromScaled(c.volume, spec.amountPrecision).mul(fromScaled(c.close, spec.pricePrecision)));
  }
  return [
    spec.name,
    t.last.toFixed(spec.pricePrecision),
    t.vol.toFixed(spec.amountPrecision),
    quoteVol.toFixed(8),
    t.diff.toFixed(2),
    t.high.toFixed(spec.pricePrecision),
    t.low.toFixed(spec.pricePrecision),
    t.buy.toFixed(spec.pricePrecision),
    t.sell.toFixed(spec.pricePrecision),
  ];
}

export function tickerMessage(now: number, entries: string[][]): unknown[] {
  return ['tk', wireTs(now), ...entries];
}

/** [rate, base, quote] per pair: the last trade price. */
export function ratesMessage(core: PaperCore, now: number, pairs: readonly PairSpec[] = PAIRS): unknown[] {
  return [
    'r',
    wireTs(now),
    pairs.map((p) => [core.exchange.lastPrice(p.name).toFixed(p.pricePrecision), p.base, p.quote]),
  ];
}

/** Order sides as the live exchange names them (the official client's OrderSide values). */
export const bidAsk = (side: 'BUY' | 'SELL'): 'BID' | 'ASK' => (side === 'BUY' ? 'BID' : 'ASK');

/**
 * ["o", ts, orderId, pair, side, type, baseAmount, limitPrice, unfilled, filled, cancelled, valueFilled,
 *  priceAvg, doneAt, status, quoteAmount, walletType, stopPrice, stopOperator]
 */
export function orderMessage(now: number, o: OrderRecord, valueFilled: Dec): unknown[] {
  const unfilled =
    o.status === 'PENDING' || o.status === 'OPEN' || o.status === 'PARTIAL_FILLED' ? o.amount.sub(o.filled) : ZERO;
  return [
    'o',
    wireTs(now),
    o.id,
    o.pair,
    bidAsk(o.side),
    o.type,
    o.amount.toFixed(),
    o.price.toFixed(),
    unfilled.toFixed(),
    o.filled.toFixed(),
    o.cancelled.toFixed(),
    valueFilled.toFixed(),
    o.filled.gt(0) ? valueFilled.div(o.filled).toDecimalPlaces(8).toFixed() : null,
    o.doneAt > 0 ? wireTs(o.doneAt) : null,
    o.status,
    o.quoteAmount.toFixed(),
    o.walletType,
    o.stopPrice.toFixed(),
    o.stopOperator,
  ];
}

/** ["w", ts, currency, walletType, isolatedPair, balance, reserve] ("" as the pair outside isolated margin). */
export function walletMessage(now: number, w: Wallet): unknown[] {
  // `balance` is the wallet's total, as in GET /api/v3/accounts/balances (the ledger keeps the free part).
  return ['w', wireTs(now), w.currency, w.walletType, w.pair, w.balance.add(w.reserve).toFixed(), w.reserve.toFixed()];
}
