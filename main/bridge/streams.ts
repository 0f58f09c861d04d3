import type { EventName, EventPayloadOf, ParsedEventParamsOf } from '../../preload/contract';

/** Starts the work behind one stream key and returns the function that stops it. */
export type StreamSource<E extends EventName> = (
  params: ParsedEventParamsOf<E>,
  emit: (payload: EventPayloadOf<E>) => void,
) => () => void;

/** One source per contract event; the type makes a missing stream a compile error. */
export type StreamSources = { [E in EventName]: StreamSource<E> };

/** The sources of a subset of streams (each feed provides its own). */
export type SourcesFor<E extends EventName> = { [K in E]: StreamSource<K> };

export type MarketStreamName = 'market.tickers' | 'market.book' | 'market.trades' | 'market.candles' | 'app.status';
export type AccountStreamName = 'account.orders' | 'account.balances' | 'account.fills';
