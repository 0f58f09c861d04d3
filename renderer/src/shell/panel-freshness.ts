/**
 * Whether one panel's data is stale. A panel knows when its own stream last delivered; that alone cannot tell a
 * quiet market from a dead feed, because streams send only what changed. So the feed status main pushes
 * (`app.status`) vouches for it: a live WebSocket vouches for now (nothing arrived because nothing changed), and
 * otherwise the feed vouches up to its newest data (a poll that succeeded without a change, or a frame). A
 * panel is stale once the newer of the two is more than STALE_MS old. Account panels are judged the same way by
 * the PRIVATE feed (`app.status.account`, the profile's own authenticated socket or its polls), never the public
 * one: a live public socket says nothing about the account data.
 */
import type { AppStatus } from '../../../preload/contract';
import { STALE_MS } from './freshness';

/** When a panel's stream last delivered (renderer clock, epoch ms); written by the panel, read by its tag. */
export interface FreshnessSource {
  at: number | null;
}

export interface PanelFreshness {
  stale: boolean;
  /** How old the panel's data is, as far as anything vouches for it; null while nothing is shown yet. */
  ageMs: number | null;
}

export function panelFreshness(
  lastAt: number | null,
  status: Pick<AppStatus, 'connection' | 'feed' | 'dataAt'> | null,
  now: number,
): PanelFreshness {
  // Nothing shown yet: the panel says it is loading, there is nothing to mark.
  if (lastAt === null) return { stale: false, ageMs: null };
  if (status && status.connection !== 'offline' && status.feed === 'streaming') return { stale: false, ageMs: 0 };
  const vouched = status?.dataAt ?? null;
  const at = vouched !== null && vouched > lastAt ? vouched : lastAt;
  const ageMs = Math.max(0, now - at);
  return { stale: ageMs > STALE_MS, ageMs };
}

/** An account panel's staleness: its private feed vouches for it, as the public feed does for market panels. */
export function accountFreshness(
  lastAt: number | null,
  status: Pick<AppStatus, 'account'> | null,
  now: number,
): PanelFreshness {
  const feed = status?.account;
  // A live private socket pushes every change, so it vouches whatever the public connection's state; the
  // connection field describes the public side only, hence 'online' here.
  return panelFreshness(lastAt, feed ? { connection: 'online', feed: feed.feed, dataAt: feed.dataAt } : null, now);
}
