/**
 * Cheap change detection: a string of only the fields a trader sees, so a poll that brings nothing new emits
 * nothing. Fields that change on every poll without meaning anything (the book's receive time, a ticker's
 * server time) are left out.
 */
import type { Candle, OrderBook, PublicTrade, Ticker } from '../../preload/domain';

export function bookFingerprint(b: OrderBook): string {
  let s = '';
  for (const l of b.bids) s += `${l.price}:${l.amount};`;
  s += '|';
  for (const l of b.asks) s += `${l.price}:${l.amount};`;
  return s;
}

export function tradesFingerprint(t: PublicTrade[]): string {
  // Trades are immutable once printed: the newest id and the count identify the list.
  return `${t.length}:${t[0]?.id ?? ''}:${t[t.length - 1]?.id ?? ''}`;
}

export function tickersFingerprint(t: Ticker[]): string {
  let s = '';
  for (const x of t) s += `${x.pair}:${x.last}:${x.changePct}:${x.volume}:${x.high}:${x.low}:${x.bid}:${x.ask};`;
  return s;
}

export function candlesFingerprint(c: Candle[]): string {
  let s = '';
  for (const x of c) s += `${x.time}:${x.open}:${x.high}:${x.low}:${x.close}:${x.volume};`;
  return s;
}
