/**
 * The account's open orders of a pair as price lines. A pending stop order (STOP_LIMIT / STOP_MARKET not yet
 * triggered) is drawn at its stop price with the stop kind, so it reads as a trigger, not as a resting order.
 */
import type { Order } from '../../../../preload/domain';
import { fromScaled, placesIn, toScaled } from '../scaled';
import type { PriceLine } from './types';

const LIVE_STATUSES = new Set<Order['status']>(['OPEN', 'PARTIAL_FILLED', 'PENDING']);

/** What is still open of an order (amount − filled − cancelled), exact. */
export function remaining(o: Order): string {
  const places = Math.max(placesIn(o.amount), placesIn(o.filled), placesIn(o.cancelled));
  return fromScaled(toScaled(o.amount, places) - toScaled(o.filled, places) - toScaled(o.cancelled, places), places);
}

export function isPendingStop(o: Order): boolean {
  return (o.type === 'STOP_LIMIT' || o.type === 'STOP_MARKET') && o.status === 'PENDING' && !!o.stopPrice;
}

export function ordersToLines(
  orders: readonly Order[],
  pair: string,
  format: (price: string) => string = (p) => p,
): PriceLine[] {
  const out: PriceLine[] = [];
  for (const o of orders) {
    if (o.pair !== pair || !LIVE_STATUSES.has(o.status)) continue;
    const side = o.side === 'buy' ? 'BUY' : 'SELL';
    if (isPendingStop(o) && o.stopPrice) {
      const then = o.type === 'STOP_LIMIT' ? ` → ${format(o.price)}` : ' → MKT';
      out.push({
        price: o.stopPrice,
        kind: o.side === 'buy' ? 'stop-buy' : 'stop-sell',
        label: `STOP ${side} ${remaining(o)} @ ${format(o.stopPrice)}${then}`,
      });
    } else {
      out.push({
        price: o.price,
        kind: o.side === 'buy' ? 'limit-buy' : 'limit-sell',
        label: `${side} ${remaining(o)} @ ${format(o.price)}`,
      });
    }
  }
  return out;
}
