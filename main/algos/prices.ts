/**
 * Where the algo engines and alerts get prices: the profile's `market.tickers` stream, taken through the
 * subscription hub so it shares the poller (or WebSocket) the screen already uses.
 */
import type { Ticker } from '../../preload/domain';
import type { SubscriptionHub } from '../bridge/subscriptions';

export interface PriceSource {
  /** Every pair's ticker, each time they change. Returns the function that stops listening. */
  subscribe(listener: (tickers: Ticker[]) => void): () => void;
}

export function hubPriceSource(hub: SubscriptionHub, profileId: string): PriceSource {
  let subId = 0;
  return {
    subscribe(listener) {
      const member = {};
      const id = ++subId;
      const sink = (_sub: number, payload: unknown) => {
        if (Array.isArray(payload)) listener(payload.filter(isTicker));
      };
      const res = hub.subscribe(member, sink, 'market.tickers', { profileId }, id);
      if (!res.ok) throw new Error(res.error.message);
      return () => hub.unsubscribe(member, id);
    },
  };
}

function isTicker(t: unknown): t is Ticker {
  return typeof t === 'object' && t !== null && 'pair' in t && 'last' in t && 'bid' in t && 'ask' in t;
}
