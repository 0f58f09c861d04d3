import { findPair } from '../market';

/** The channels a client can subscribe to; `pair` is null for the `.*` forms (all pairs). */
export type TopicKind = 'ticker' | 'trade' | 'diff' | 'market_depth' | 'rates';

export interface Topic {
  name: string;
  kind: TopicKind;
  pair: string | null;
}

/** `diff` and `market_depth` are per pair only (a book has no meaning across pairs). */
const WILDCARD_KINDS: ReadonlySet<TopicKind> = new Set(['ticker', 'trade', 'rates']);
const KINDS: ReadonlySet<string> = new Set(['ticker', 'trade', 'diff', 'market_depth', 'rates']);

/** Reads a topic name such as `trade.BTC_USD` or `ticker.*`; null when it does not exist. */
export function parseTopic(name: string): Topic | null {
  if (name.length > 64) return null;
  const dot = name.indexOf('.');
  if (dot <= 0) return null;
  const kind = name.slice(0, dot);
  const rest = name.slice(dot + 1);
  if (!KINDS.has(kind)) return null;
  const k = kind as TopicKind;
  if (rest === '*') return WILDCARD_KINDS.has(k) ? { name, kind: k, pair: null } : null;
  return findPair(rest) === undefined ? null : { name, kind: k, pair: rest };
}
