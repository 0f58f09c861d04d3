/**
 * The depth chart's data from a book: one ascending price axis (bids deepest-first, then asks), the cumulative
 * size of each side (null on the other side's prices, so each side is its own area), and per point the exact
 * price and cumulative size strings for the hover readout (scaled-integer sums, via groupLevels).
 */
import type { OrderBook } from '../../../preload/domain';
import { type DepthLevel, groupLevels } from './group';

export interface DepthPoint {
  side: 'bid' | 'ask';
  price: string;
  total: string;
}

export interface DepthData {
  /** uPlot columns: [price, cumulative bids, cumulative asks]. */
  columns: [number[], (number | null)[], (number | null)[]];
  points: DepthPoint[];
  bestBid: string | null;
  bestAsk: string | null;
}

export function buildDepth(book: OrderBook, pricePlaces: number, amountPlaces: number, maxLevels = 200): DepthData {
  const g = { pricePlaces, amountPlaces, ticks: 1 };
  const bids = groupLevels(book.bids, g, 'bid', maxLevels);
  const asks = groupLevels(book.asks, g, 'ask', maxLevels);
  const n = bids.length + asks.length;
  const x = new Array<number>(n);
  const b = new Array<number | null>(n);
  const a = new Array<number | null>(n);
  const points = new Array<DepthPoint>(n);
  let i = 0;
  for (let j = bids.length - 1; j >= 0; j--, i++) {
    const l = bids[j] as DepthLevel;
    x[i] = +l.price;
    b[i] = l.totalNum;
    a[i] = null;
    points[i] = { side: 'bid', price: l.price, total: l.total };
  }
  for (const l of asks) {
    x[i] = +l.price;
    b[i] = null;
    a[i] = l.totalNum;
    points[i] = { side: 'ask', price: l.price, total: l.total };
    i++;
  }
  return {
    columns: [x, b, a],
    points,
    bestBid: bids[0]?.price ?? null,
    bestAsk: asks[0]?.price ?? null,
  };
}
